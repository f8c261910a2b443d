"""Rubric scoring and agree/disagree surveys: hidden ballots or a show of hands, reveal, agree.

While ballots are cast the criterion's title and its level descriptors (what each level looks like
for this criterion) stand on the left and who has answered on the right; vision, indicators and
look-fors come after the levels and may fold. After the reveal the right shows the spread.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Static

from ilt_kit.literal import plural
from ilt_kit.content.kinds import KINDS
from ilt_kit.content.models import Criterion, Rubric
from ilt_kit.review.summary import label_of
from ilt_kit.session.engine import DomainError
from ilt_kit.session.stats import RoundStats, level_counts, no_evidence_note, share_agreeing, vote_count
from ilt_kit.store.results.rated import CriterionResult, RatedBase, Round
from ilt_kit.tui.panes.base import SCORE_KEYS, Pane, Scroll, key
from ilt_kit.tui.widgets.ballots import BallotRows, Voter
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.render import agree_legend, distribution, diverging
from ilt_kit.tui.widgets.text import bullet_list, literal, theme_style

STRIP_WINDOW = 60
"""The most criteria the overview strip shows at once: a window around the current one, so
that a rubric of thousands of criteria costs a key no more than one of sixty."""


def fmt_num(value: float | None) -> str:
    return "—" if value is None else (f"{value:.0f}" if value == int(value) else f"{value:.1f}")


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


class RatedPane(Pane):
    """A rubric or a survey: one criterion (or statement) at a time."""

    DEFAULT_CSS = """
    RatedPane { layout: horizontal; }
    RatedPane #criterion-box { width: 3fr; padding: 0 1; }
    RatedPane #vote-box { width: 2fr; min-width: 30; padding: 0 1; border-left: solid $primary 30%; }
    RatedPane #strip { dock: bottom; height: 2; border-top: solid $primary 50%; padding: 0 1; }
    RatedPane.-survey #criterion-box { width: 2fr; }
    RatedPane.-survey #vote-box { width: 3fr; }
    .-narrow RatedPane #vote-box { width: 28; min-width: 28; }
    .-narrow RatedPane.-survey #vote-box, .-narrow RatedPane.-revealed #vote-box { width: 1fr; }
    .-narrow RatedPane #criterion-box { width: 1fr; }
    """

    # A digit is a ballot, typed in turn by every member: like every key of the pane it is acted on
    # as the app receives it (``KEYS_AT_ONCE``, see ``IltApp.on_event``), not after it has been
    # handed to the focused widget and bubbled back up through the pane, the switcher and the
    # screen (four more turns of the message loop), and in the order typed. The pane holds no
    # text input that keys could be meant for, and a dialog over the screen has its own keys.
    KEYS_AT_ONCE = True
    BINDINGS = [
        *(
            key(str(n), f"digit({n})", "Score", "Enter a level (or a count of hands) for the selected member",
                show=n == 1, key_display="0-9", bid=f"digit{n}", group=SCORE_KEYS)
            for n in range(10)
        ),
        key("up", "move(-1)", "Up", "Select the member (or, counting hands, the level) above", show=False, bid="up"),
        key("down", "move(1)", "Down", "Select the member (or, counting hands, the level) below", show=False, bid="down"),
        key("left", "side(-1)", "Prev criterion", "Previous criterion or statement", show=False, bid="left"),
        key("right", "side(1)", "Next criterion", "Next criterion or statement", show=False, bid="right"),
        key("r", "reveal", "Reveal", "Reveal the hidden ballots of this criterion"),
        key("v", "new_round", "Revote", "Open another round after discussion; earlier rounds are kept"),
        key("a", "agree", "Agree", "Record the agreed level and its evidence"),
        key("e", "evidence", "Evidence", "Write the evidence for the agreed level", show=False),
        key("t", "tally", "Hands", "Switch this round between hidden ballots and a show of hands", show=False),
        key("c", "count", "Count", "Type a count of hands larger than 9", show=False),
        key("s", "split", "Roles", "Show or hide survey results split by role"),
        key("backspace", "withdraw", "Take back", "Take back the selected member's ballot", show=False),
        key("pageup", "scroll_criterion(-1)", "Page up", "Scroll the criterion up", show=False, bid="page-up"),
        key("pagedown", "scroll_criterion(1)", "Page down", "Scroll the criterion down", show=False, bid="page-down"),
    ]

    def __init__(self, session, *, id: str) -> None:  # noqa: ANN001, A002
        super().__init__(session, id=id)
        self.member = 0
        self.level = 0
        self.by_role = True

    def compose(self) -> ComposeResult:
        # The criterion and the votes side by side, the strip docked under both: no container
        # around the pair, since every container a ballot's lines sit in is drawn again with them.
        with Scroll(id="criterion-box"):
            yield Static(id="criterion")
            yield EarlierResults(id="rated-shown", classes="-after")
        with Scroll(id="vote-box"):
            yield BallotRows(id="rubric-ballots")
            yield Static(id="vote")
        yield Static(id="strip")

    # -- where the cursor is ----------------------------------------------------------------
    @property
    def rated(self) -> RatedBase:
        return self.own(RatedBase)

    @property
    def index(self) -> int:
        """The criterion being answered: the engine's focus (kept when the facilitator goes back)."""
        item = self.session.focus.item
        return next((i for i, c in enumerate(self.rated.criteria) if c.id == item), 0)

    @property
    def result(self) -> CriterionResult:
        return self.rated.criteria[self.index]

    @property
    def round(self) -> Round:
        return self.result.rounds[-1]

    def _first_without_ballot(self) -> int:
        voted = self.session.rated.voted(self.result.id) | self.ilt.device_members(self.session)
        names = self.session.member_names
        return next((i for i, name in enumerate(names) if name not in voted), 0)

    def enter(self) -> None:
        segment = self.rated
        shows = shows_of(self.ilt.scenario_segment(self.session, segment.id))  # earlier results: fixed while here
        self.query_one("#rated-shown", EarlierResults).show(self.session.record, shows)
        self._to_criterion()

    def _to_criterion(self) -> None:
        self.member = self._first_without_ballot()
        self.level = 0
        self.show()
        self.query_one("#criterion-box").scroll_home(animate=False)
        self.query_one("#vote-box").scroll_home(animate=False)

    def leave_warning(self) -> str | None:
        segment = self.rated
        if KINDS[segment.kind].agreement:
            left = sum(1 for c in segment.criteria if not any(vote_count(r) for r in c.rounds))
            return f"{left} of {plural(len(segment.criteria), 'statement')} {'has' if left == 1 else 'have'} no answers yet" if left else None
        left = sum(1 for c in segment.criteria if c.agreed is None)
        return f"{left} of {plural(len(segment.criteria), 'criterion', 'criteria')} {'has' if left == 1 else 'have'} no agreed level yet" if left else None

    # -- drawing ----------------------------------------------------------------------------
    # What each part shows, as reactives: a ballot changes the voters' lines and the strip, and
    # nothing else is drawn again (the criterion only when the criterion changes).
    criterion_shown: reactive[tuple] = reactive((), init=False, repaint=False)
    vote_shown: reactive[tuple] = reactive((), init=False, repaint=False)
    strip_shown: reactive[tuple] = reactive((), init=False, repaint=False)

    def show(self) -> None:
        segment, index, result, rnd = self.rated, self.index, self.result, self.round
        self.set_class(KINDS[segment.kind].agreement, "-survey")
        self.set_class(rnd.revealed is not None, "-revealed")
        self.criterion_shown = (segment.id, index)
        ballots = self.query_one("#rubric-ballots", BallotRows)
        hidden = rnd.revealed is None and rnd.mode != "tally"
        ballots.display = hidden
        if hidden:
            voted, members, member = self.session.rated.voted(result.id), self.session.members, self.member
            count = Text(f"{len(voted)} of {len(members)} answered", style="bold")
            devices = self.ilt.device_members(self.session)
            voters = tuple(Voter(m.name, m.name in voted, i == member, m.name in devices) for i, m in enumerate(members))
            ballots.show((round_header(self.app, rnd), count), voters)
        width = max(self.query_one("#vote-box").size.width - 2, 24)
        if hidden:  # the keys to use, and any agreed level and earlier rounds: not the ballots
            votes: tuple = ()
        else:
            votes = (tuple((b.member, b.level) for b in rnd.ballots), tuple((t.level, t.role, t.count) for t in rnd.tally), self.level, self.by_role)
        self.vote_shown = (segment.id, index, rnd.number, rnd.mode, rnd.revealed, votes, result.agreed, result.evidence, len(result.rounds), width)
        window = strip_window(len(segment.criteria), index)
        self.strip_shown = (segment.id, index, tuple(strip_mark(c) for c in segment.criteria[window.start : window.stop]))

    def watch_criterion_shown(self) -> None:
        segment = self.rated
        self.query_one("#criterion", Static).update(criterion_view(self.app, segment, self.index, self.ilt.rubric_for(segment.rubric_id)))

    def watch_vote_shown(self) -> None:
        self.query_one("#vote", Static).update(self.vote_view(max(self.query_one("#vote-box").size.width - 2, 24)))

    def watch_strip_shown(self) -> None:
        self.query_one("#strip", Static).update(overview_strip(self.rated, self.index), layout=False)

    def on_resize(self) -> None:
        if self.current:  # the bars fit the new width (a hidden pane waits)
            self.show()

    def vote_view(self, width: int) -> RenderableType:
        segment, result, rnd = self.rated, self.result, self.round
        parts: list[RenderableType] = []
        if rnd.revealed is None and rnd.mode != "tally":
            scale = " · ".join(f"{lvl.value} {lvl.label}" for lvl in segment.scale)
            parts.append(literal(f"\n↑↓ member · type a level:\n{scale}", style="dim"))
        else:
            parts.append(round_header(self.app, rnd))
            if rnd.revealed is None:
                parts.append(self.tally_entry())
            else:
                parts.append(self.reveal_view(self.session.rated.stats(result.id), width))
        if result.agreed is not None:
            agreed = Text()
            agreed.append("\nAgreed: ", style="bold")
            agreed.append_text(literal(f"{result.agreed} {label_of(segment.scale, result.agreed)}", style=theme_style(self.app, "bold $success")))
            if result.evidence:
                agreed.append_text(literal(f"\n{result.evidence}"))
            parts.append(agreed)
        if len(result.rounds) > 1:
            history = Text()
            history.append("\nEarlier rounds: ", style="dim")
            for old in result.rounds[:-1]:
                try:
                    stats = self.session.rated.stats(result.id, old.number)
                except DomainError:
                    continue
                figure = f"{fmt_pct(share_agreeing(stats.counts))} agree" if KINDS[segment.kind].agreement else f"{fmt_pct(stats.agreement)} within one level"
                history.append(f"R{old.number} median {fmt_num(stats.median)}, {figure}  ", style="dim")
            parts.append(history)
        return Group(*parts)

    def tally_entry(self) -> RenderableType:
        counts = level_counts(self.round)
        text = Text("Count the hands for each level\n\n")
        for index, level in enumerate(self.rated.scale):
            selected = index == self.level
            text.append("▶ " if selected else "  ", style=theme_style(self.app, "bold $accent"))
            text.append_text(literal(f"{level.value} {level.label}", style="reverse bold" if selected else "bold"))
            text.append(f"   {plural(counts.get(level.value, 0), 'hand')}\n")
        text.append("\n↑↓ level · type its count (0-9), on to the next · c a larger count", style="dim")
        return text

    def reveal_view(self, stats: RoundStats, width: int) -> RenderableType:
        segment, result = self.rated, self.result
        parts: list[RenderableType] = []
        if KINDS[segment.kind].agreement:
            bar_width = max(12, min(width - 2, 40))
            groups = self.session.rated.results_by_role(result.id) if self.by_role else {}
            parts.append(Text("Everyone", style="bold"))
            parts.append(diverging(self.app, {k: v for k, v in stats.counts.items() if k}, bar_width))
            if len(groups) > 1 or (groups and "everyone" not in groups):
                for group, counts in groups.items():
                    parts.append(literal(f"\n{group.title()}", style="bold"))
                    parts.append(diverging(self.app, counts, bar_width))
            share = share_agreeing({k: v for k, v in stats.counts.items() if k})
            summary = Text()
            summary.append(f"\n{fmt_pct(share)} agree or strongly agree", style="bold")
            summary.append(f"\n{plural(stats.total, 'response')} · median {fmt_num(stats.median)}", style="dim")
            parts.append(summary)
            for note in groups.notes if self.by_role else ():  # a small group is never shown alone
                parts.append(literal(note, style="dim"))
            if no_evidence_note(stats):
                parts.append(Text(no_evidence_note(stats), style="dim"))
            parts.append(agree_legend(self.app, segment.scale))
            return Group(*parts)
        parts.append(distribution(self.app, segment.scale, stats.counts, width=max(4, min(width // 4, 24)), median=stats.median))
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="dim")
        summary.add_column(style="bold")
        summary.add_row("Median", fmt_num(stats.median))
        summary.add_row("Range", "—" if stats.low is None else f"{stats.low}–{stats.high}")
        summary.add_row("Within one level of the median", fmt_pct(stats.agreement))
        parts.append(summary)
        parts.append(Text("◆ marks the median", style="dim"))
        if no_evidence_note(stats):
            parts.append(Text(no_evidence_note(stats), style="dim"))
        if stats.outliers:
            hear = Text()
            hear.append("\nHear from: ", style=theme_style(self.app, "bold $warning"))
            hear.append_text(literal(", ".join(f"{member or 'a hand'} ({level})" for member, level in stats.outliers)))
            parts.append(hear)
        if self.round.mode == "ballot":
            votes = Table.grid(padding=(0, 1), expand=True)
            votes.add_column(style="dim", overflow="ellipsis", no_wrap=True, ratio=1)
            votes.add_column(no_wrap=True, min_width=max(len(f"{lvl.value} {lvl.label}") for lvl in segment.scale))
            for ballot in self.round.ballots:
                votes.add_row(literal(ballot.member), literal(f"{ballot.level} {label_of(segment.scale, ballot.level)}"))
            parts.append(Text(""))
            parts.append(votes)
        return Group(*parts)

    # -- which keys make sense now ----------------------------------------------------------
    def key_state(self) -> tuple:
        rnd = self.round
        return (KINDS[self.segment.kind].agreement, rnd.revealed is None, rnd.mode)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.current:
            return True
        rnd = self.round
        survey = KINDS[self.segment.kind].agreement
        allowed = {
            "reveal": rnd.revealed is None,
            "new_round": rnd.revealed is not None,
            "agree": not survey,
            "evidence": not survey,
            "split": survey,
            "count": rnd.mode == "tally" and rnd.revealed is None,
            "withdraw": rnd.mode == "ballot" and rnd.revealed is None,
        }
        return allowed.get(action, True)

    # -- actions ----------------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        rnd = self.round
        if rnd.mode == "tally" and rnd.revealed is None:
            self.level = (self.level + step) % len(self.rated.scale)
        else:
            self.member = (self.member + step) % max(len(self.session.members), 1)
        self.show()

    def action_side(self, step: int) -> None:
        if self.engine(self.session.focus_step, step):
            self._to_criterion()

    def action_digit(self, value: int) -> None:
        segment, result, rnd = self.rated, self.result, self.round
        if rnd.mode == "tally":
            level = segment.scale[self.level % len(segment.scale)]
            if self.engine(self.session.rated.set_tally, result.id, level.value, value):
                self.level = min(self.level + 1, len(segment.scale) - 1)  # on to the next level
            return
        if not self.session.members:
            return
        member = self.session.members[self.member].name
        criterion_id, survey = self.result.id, KINDS[self.rated.kind].agreement
        replacing = member in self.session.rated.voted(criterion_id)
        # the projected dialog names the member only where the screen names voters (never in a survey)
        who = "this member" if survey else member
        question = f"Replace the answer {who} gave on their phone?" if replacing else f"Answer for {who}? They answer on their phone."
        detail = "The keyboard's answer will count instead." if replacing else "The keyboard's answer will count, not the phone's."

        def cast() -> None:
            if self.result.id == criterion_id and self.session.members[self.member].name == member:
                self._cast(member, value)

        self.for_member(member, question, detail, cast)  # a member on a device: the facilitator is asked first

    def _cast(self, member: str, value: int) -> None:
        segment, result = self.rated, self.result
        before = member in self.session.rated.voted(result.id)
        try:
            self.session.rated.cast(result.id, member, value)
        except DomainError as error:
            self.notify(str(error), severity="warning", timeout=4)
            return
        if before:
            who = "A ballot" if KINDS[segment.kind].agreement else f"{member}'s ballot"  # a survey never names anyone
            self.notify(f"{who} is changed (still hidden).", title="Changed", timeout=3)
        self.member = self._next_without_ballot()
        self.changed()

    def _next_without_ballot(self) -> int:
        """The next member at the keyboard without a ballot (members answering on a device are passed over)."""
        voted = self.session.rated.voted(self.result.id) | self.ilt.device_members(self.session)
        names = self.session.member_names
        for step in range(1, len(names) + 1):
            index = (self.member + step) % len(names)
            if names[index] not in voted:
                return index
        return self.member

    def action_reveal(self) -> None:
        self.engine(self.session.rated.reveal, self.result.id)

    def action_new_round(self) -> None:
        if self.engine(self.session.rated.new_round, self.result.id):
            self.member = self._first_without_ballot()
            self.level = 0

    def action_withdraw(self) -> None:
        if not self.session.members:
            return
        member, criterion_id = self.session.members[self.member].name, self.result.id
        who = "this member" if KINDS[self.rated.kind].agreement else member  # a survey never names anyone
        if member not in self.session.rated.voted(criterion_id):
            self.notify(f"{who[:1].upper()}{who[1:]} has no answer to take back in this round", severity="warning", timeout=4)
            return
        self.for_member(
            member,
            f"Take back the answer {who} gave on their phone?",
            "They can answer again on their phone.",
            lambda: self.engine(self.session.rated.withdraw, criterion_id, member),
        )

    def action_tally(self) -> None:
        self.level = 0
        self.engine(self.session.rated.set_mode, self.result.id, "ballot" if self.round.mode == "tally" else "tally")

    def action_count(self) -> None:
        level = self.rated.scale[self.level % len(self.rated.scale)]
        criterion_id = self.result.id

        def save(text: str) -> None:
            if not text.strip().isdigit():
                raise DomainError("type a whole number of hands")
            self.session.rated.set_tally(criterion_id, level.value, int(text))

        self.prompt(f"How many hands for {level.value} {level.label}?", "", save)

    def action_split(self) -> None:
        self.by_role = not self.by_role
        self.show()

    def action_agree(self) -> None:
        from ilt_kit.tui.screens.dialogs import AgreeDialog

        result = self.result
        levels = [(level.value, level.label) for level in self.rated.scale]

        def agreed(answer: tuple[int, str] | None) -> None:
            if answer is not None:
                self.engine(self.session.rated.agree, result.id, answer[0], answer[1])

        self.app.push_screen(AgreeDialog(result.title, levels, result.agreed, result.evidence), agreed)

    def action_evidence(self) -> None:
        result = self.result
        self.prompt(f"Evidence — {result.title}", result.evidence, lambda text: self.session.rated.set_evidence(result.id, text), multiline=True)

    def action_scroll_criterion(self, pages: int) -> None:
        box = self.query_one("#criterion-box")
        (box.scroll_page_down if pages > 0 else box.scroll_page_up)(animate=False)


def round_header(app, rnd: Round) -> Text:  # noqa: ANN001
    header = Text()
    header.append(f"Round {rnd.number} · ", style="bold")
    if rnd.revealed:
        header.append("REVEALED", style=theme_style(app, "bold $success"))
    else:
        header.append("show of hands" if rnd.mode == "tally" else "hidden ballots")
    return header


def criterion_view(app, segment: RatedBase, index: int, rubric: Rubric | None) -> RenderableType:  # noqa: ANN001
    """The criterion: where it is, its title, its levels for this criterion, then the rest."""
    result = segment.criteria[index]
    content: Criterion | None = rubric.criterion(result.id) if rubric is not None and _has(rubric, result.id) else None
    survey = KINDS[segment.kind].agreement
    accent, heading = theme_style(app, "bold $accent"), theme_style(app, "bold $primary")
    parts: list[RenderableType] = []
    noun = "Statement" if survey else "Criterion"
    parts.append(literal(f"{noun} {index + 1} of {len(segment.criteria)} · {result.group}", style="dim"))
    parts.append(literal(result.title, style=accent))
    if content is None:
        if result.statement:
            parts.append(literal(result.statement, style="bold"))
        where = f" ({segment.rubric_file}, from the session's folder)" if segment.rubric_file else ""
        parts.append(literal(f"(The content file for this rubric{where} is not loaded: showing the saved wording only.)", style="dim"))
        return Group(*parts)
    if survey and content.vision:
        parts.append(literal(content.vision, style="bold"))
    if not survey and rubric is not None:
        levels = [(f"{level.value} {level.label}", content.descriptors.get(level.value) or level.descriptor) for level in rubric.scale.levels]
        if rubric.scale.no_evidence:
            levels.append((f"0 {rubric.scale.no_evidence}", ""))
        parts.append(LevelTable(levels))
    if not survey and content.vision:
        parts.append(Text("\nVision", style=heading))
        parts.append(literal(content.vision))
    if content.from_ and content.to:
        shift = Text("\n")
        shift.append("FROM ", style=theme_style(app, "bold $error"))
        shift.append_text(literal(content.from_ + "\n"))
        shift.append("TO   ", style=theme_style(app, "bold $success"))
        shift.append_text(literal(content.to))
        parts.append(shift)
    if content.indicators:
        parts.append(Text("\nIt would look like…", style=heading))
        parts.append(bullet_list(content.indicators, mark_style=accent))
    if content.look_fors:
        parts.append(Text("\nLook-fors", style=heading))
        parts.append(bullet_list(content.look_fors, "◦", mark_style=accent))
    if content.questions:
        parts.append(Text("\nQuestions", style=heading))
        parts.append(bullet_list(content.questions, "?", mark_style=accent))
    return Group(*parts)


class LevelTable:
    """What each level looks like for this criterion: the level beside its descriptor where there is
    room for both, else the level over its descriptor (never a descriptor squeezed to a few letters)."""

    SIDE_BY_SIDE = 56

    def __init__(self, levels: list[tuple[str, str]]) -> None:
        self.levels = levels

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        label_width = max((len(label) for label, _ in self.levels), default=0)
        if options.max_width >= self.SIDE_BY_SIDE and label_width <= options.max_width // 3:
            table = Table(show_header=False, box=None, padding=(0, 1, 0, 0), expand=True)
            table.add_column(style="bold", no_wrap=True, width=label_width)
            table.add_column(ratio=1)
            for label, text in self.levels:
                table.add_row(literal(label), literal(text))
            yield table
            return
        table = Table.grid(expand=True)
        table.add_column(ratio=1)
        for label, text in self.levels:
            table.add_row(literal(label, style="bold"))
            if text:
                table.add_row(Padding(literal(text), (0, 0, 0, 2)))
        yield table


def _has(rubric: Rubric, criterion_id: str) -> bool:
    try:
        rubric.criterion(criterion_id)
    except KeyError:
        return False
    return True


def strip_mark(result: CriterionResult) -> str:
    """A criterion in the overview strip: ✓ and its agreed level, ◉ revealed, … voting, · not started."""
    rnd = result.rounds[-1]
    if result.agreed is not None:
        return f"✓{result.agreed}"
    if rnd.revealed:
        return "◉"
    if rnd.ballots or rnd.tally:
        return "…"
    return "·"


def strip_window(count: int, current: int) -> range:
    """The criteria the overview strip shows: ``STRIP_WINDOW`` of them around the current one."""
    first = max(0, min(current - STRIP_WINDOW // 2, count - STRIP_WINDOW))
    return range(first, min(count, first + STRIP_WINDOW))


def overview_strip(segment: RatedBase, current: int) -> Text:
    criteria = segment.criteria
    window = strip_window(len(criteria), current)
    first, last = window.start, window.stop
    text = Text()
    if first > 0:
        text.append(f" …{first} more", style="dim")
    for index in range(first, last):
        text.append(f" {index + 1}{strip_mark(criteria[index])} ", style="reverse bold" if index == current else "")
    if last < len(criteria):
        text.append(f" {len(criteria) - last} more…", style="dim")
    return text


PANE = RatedPane
