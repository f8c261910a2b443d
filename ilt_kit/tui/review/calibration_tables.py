"""The compare tab's calibration tables (first-round agreement per criterion over time) and the
facilitator's private view of second rounds (shown only after its key), in the theme's colours."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ilt_kit.review.calibration import CalibrationRow
from ilt_kit.review.second_rounds import PRIVATE_NOTE, PRIVATE_TITLE, PrivateView
from ilt_kit.tui.review.trend_tables import Palette
from ilt_kit.tui.widgets.text import literal

CALIBRATION_CAPTION = (
    "First-round ballots: share on the median (exact), within one level (adjacent); "
    "a median between two levels counts both as half; shows of hands and 'no evidence' left out"
)
DIRECTION_STYLE = {"converging": "up", "diverging": "down"}


def calibration_table(title: str, found: list[CalibrationRow], note: str, palette: Palette, by_school: bool = False) -> Table | Text:
    """One rubric's criteria, session by session (or, across a district, one row per school); a
    rubric with no criterion to compare, its title and the note that says why."""
    if not found:
        return Text.assemble(literal(f"Calibration · {title}", style=palette["title"]), "\n", literal(note), "\n")
    table = Table(
        title=literal(f"Calibration · {title}", style=palette["title"]), title_justify="left", expand=True, header_style=palette["header"]
    )
    table.add_column("Criterion", ratio=3)
    if by_school:
        table.add_column("School (sessions)", ratio=3)
    for heading in ("Exact", "Adjacent"):  # a district's: first → latest, kept on one line
        table.add_column(heading, no_wrap=True) if by_school else table.add_column(heading, ratio=2)
    table.add_column("Direction", no_wrap=True)
    previous = None
    for row in found:
        style = palette.get(DIRECTION_STYLE.get(row.direction, ""), "")
        where = [literal(f"{row.where} ({row.sessions})")] if by_school else []
        title = literal(row.title) if row.title != previous else Text("")  # a district's schools under their criterion
        previous = row.title
        table.add_row(title, *where, Text(row.exact), Text(row.adjacent), Text(row.direction, style=style))
    table.caption = CALIBRATION_CAPTION + (f". {note}" if note else "")
    return table


def private_parts(view: PrivateView, palette: Palette) -> list[Table | Text]:
    """The private view: its title, the line that it is for the facilitator only, and its table."""
    parts: list[Table | Text] = [Text(PRIVATE_TITLE, style=palette["title"]), Text(f"⚠ {PRIVATE_NOTE} (p: hide)", style="bold reverse")]
    if not view.principal:
        parts.append(Text("No principal is recorded in these sessions' teams (a member with the role 'principal').", style="dim"))
        return parts
    counted = view.counted
    if not counted:
        why = (
            "the principal's first ballot was the median" if view.criteria
            else "the principal cast no rated first ballot (absent, or 'no evidence') where there was a second round"
            if view.absent else "no criterion had a second round of ballots"
        )
        parts.append(Text(f"Nothing to compare here: {why}.", style="dim"))
        return parts
    median, principal, moves = view.totals
    parts.append(Text(f"Of {moves} second ballots of other members: {median} moved toward the median, {principal} toward the principal."))
    table = Table(expand=True, header_style=palette["header"])
    table.add_column("Criterion", ratio=3)
    # narrow columns (their headings wrap), so the criterion keeps room at 80 columns
    for heading, width in (("Sessions", 8), ("From median", 7), ("From principal", 9), ("Toward median", 6), ("Toward principal", 9)):
        table.add_column(heading, justify="right", width=width)
    for row in counted:
        table.add_row(
            literal(row.title),
            str(row.sessions),
            f"{row.first_to_median:.1f}→{row.to_median:.1f}",
            f"{row.first_to_principal:.1f}→{row.to_principal:.1f}",
            f"{row.toward_median}/{row.members}",
            f"{row.toward_principal}/{row.members}",
        )
    same = sum(row.same for row in view.criteria)
    table.caption = (
        "Other members' ballots: mean distance in levels from round 1's median and from the principal's round-1 "
        "ballot, round 1→round 2; toward: how many were closer in round 2 than in round 1"
        + (f". Left out: {same} second round{'s' if same != 1 else ''} where the principal's first ballot was the median" if same else "")
    )
    parts.append(table)
    return parts


__all__ = ["CALIBRATION_CAPTION", "calibration_table", "private_parts"]
