"""Brainstorm: ideas typed one after another, grouped by theme, merged, edited; the prompt beside them."""

from __future__ import annotations

from typing import Self

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.widgets import Input, Static
from textual.widgets.option_list import Option

from ilt_kit.session.engine import DomainError
from ilt_kit.store.results.brainstorm import BrainstormResult, Idea
from ilt_kit.tui.panes.base import ItemList, ListPane, Scroll, key
from ilt_kit.tui.panes.prompt import prompt_view
from ilt_kit.tui.widgets.earlier import EarlierResults, shows_of
from ilt_kit.tui.widgets.text import literal, theme_style


class IdeaList(ItemList):
    """The ideas. Its place on the screen is fixed by the pane, so once it is longer than that
    place, rows added at its end change nothing but its scrollbar: the screen is not laid out
    again for them (a flood of ideas from phones would lay it out again for each)."""

    _growing = False

    def add_rows(self, rows: list[Option]) -> None:
        self._growing = self.show_vertical_scrollbar  # shown now, so shown still with more rows
        try:
            self.add_options(rows)
        finally:
            self._growing = False

    def scroll_to_row(self, index: int) -> None:
        """Bring row ``index`` into view, as ``scroll_to_highlight`` does for the selected row (the
        selection stays where it is)."""
        self._update_lines()
        y = self._index_to_line.get(index)
        if y is not None:
            region = Region(0, y, self.scrollable_content_region.width, self._heights[index])
            self.scroll_to_region(region, force=True, animate=False, immediate=True)

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        return super().refresh(*regions, repaint=repaint, layout=layout and not self._growing, recompose=recompose)


class BrainstormPane(ListPane):
    LIST = "ideas"

    """The ideas (by theme, each keeping its number) on the left, the prompt on the right."""

    DEFAULT_CSS = """
    BrainstormPane #ideas-box { width: 3fr; padding: 0 1; }
    BrainstormPane #idea-count { height: 1; text-style: bold; }
    BrainstormPane #brainstorm-prompt-box { width: 2fr; min-width: 28; padding: 0 1; border-left: solid $primary 30%; }
    .-narrow BrainstormPane #brainstorm-prompt-box { width: 24; min-width: 24; }
    BrainstormPane #quick { dock: bottom; border: tall $accent; display: none; }
    BrainstormPane #quick.-open { display: block; }
    """

    BINDINGS = [
        key("a", "add_idea", "Add idea", "Type ideas one after another (Enter each, Escape to stop)"),
        key("i", "add_idea", "Add idea", "Type ideas one after another (Enter each, Escape to stop)", show=False, bid="add_idea.i"),
        key("e", "edit", "Edit", "Edit the selected idea"),
        key("t", "theme", "Theme", "Give the selected idea a theme (choose one or type a new one)"),
        key("m", "merge", "Merge", "Merge ideas: m on one, then m on the idea to fold it into"),
        key("delete", "delete", "Delete", "Delete the selected idea", show=False),
        key("escape", "cancel", "Cancel", "Stop typing ideas, or cancel a merge", show=False),
    ]

    def __init__(self, session, *, id: str) -> None:  # noqa: ANN001, A002
        super().__init__(session, id=id)
        self.merge_from: int | None = None
        self._rows: list[tuple[str | None, tuple]] = []
        """The rows the list shows: (idea id or None for a heading, what the row is drawn from)."""
        self._count = ""
        self._prompt: tuple = ()

    def compose(self) -> ComposeResult:
        with Horizontal():
            with Vertical(id="ideas-box"):
                yield Static(id="idea-count")
                yield IdeaList(id="ideas")
            with Scroll(id="brainstorm-prompt-box"):
                yield Static(id="brainstorm-prompt")
                yield EarlierResults(id="brainstorm-shown", classes="-after")
        yield Input(placeholder="Type an idea and press Enter (Escape to stop)", id="quick")

    @property
    def brainstorm(self) -> BrainstormResult:
        return self.own(BrainstormResult)


    def reset(self) -> None:
        self.merge_from = None

    def show(self, select: int | None = None) -> None:
        """Show the ideas as they are now. Only what changed is drawn again: the rows already shown
        stay (ideas from phones are added at the end of the list), a changed idea's row is
        replaced, and the whole list is built again only when rows moved (a theme, a merge)."""
        segment = self.brainstorm
        content = self.ilt.scenario_segment(self.session, segment.id)
        count = f"{len(segment.ideas)} idea{'' if len(segment.ideas) == 1 else 's'}" if segment.ideas else "No ideas yet: press a, type an idea, Enter; Escape when done."
        if count != self._count:
            self._count = count
            self.query_one("#idea-count", Static).update(count, layout=False)  # one line, whatever it says: no new layout
        heading = theme_style(self.app, "bold $primary")
        rows: list[tuple[str | None, tuple]] = []
        number_width = len(str(max((idea.id for idea in segment.ideas), default=1)))
        for theme, ideas in grouped(segment.ideas):
            rows.append((None, (theme, heading)))
            rows.extend((str(idea.id), (idea, idea.text, idea.author, self.merge_from == idea.id, number_width)) for idea in ideas)
        self._show_rows(rows, None if select is None else str(select))
        prompt = (id(content), segment.id, segment.notes, self.show_notes, heading)
        if prompt != self._prompt:
            self._prompt = prompt
            self.query_one("#brainstorm-prompt", Static).update(prompt_view(self.app, content, segment, self.show_notes))
            self.query_one("#brainstorm-shown", EarlierResults).show(self.session.record, shows_of(content))  # earlier segments: they change with this one

    def _show_rows(self, rows: list[tuple[str | None, tuple]], select: str | None) -> None:
        listing = self.query_one("#ideas", IdeaList)
        shown, self._rows = self._rows, rows
        ids = [row_id for row_id, _ in rows]
        old = {row_id for row_id, _ in shown}
        new = [index for index, row_id in enumerate(ids) if row_id is not None and row_id not in old]
        if len(shown) > len(rows) or [row_id for row_id, _ in shown] != ids[: len(shown)]:  # rows moved
            listing.show_items([(row_id, self._row(row)) for row_id, row in rows], select)
            if new and select is None and shown:  # an idea from a phone: it scrolls into view
                listing.scroll_to_row(new[-1])
            return
        for index, (row, was) in enumerate(zip(rows, shown)):
            if row[1] != was[1]:
                listing.replace_option_prompt_at_index(index, self._row(row[1]))
        if len(rows) > len(shown):
            listing.add_rows([Option(self._row(row), id=row_id, disabled=row_id is None) for row_id, row in rows[len(shown) :]])
        if select is not None and select in ids:
            listing.highlighted = ids.index(select)
        elif listing.highlighted is None:
            listing.highlighted = next((i for i, row_id in enumerate(ids) if row_id is not None), None)
        elif new and shown:  # an idea from a phone: it scrolls into view, the selection stays
            listing.scroll_to_row(new[-1])

    def _row(self, row: tuple) -> RenderableType:
        """One row of the list: a theme's heading, or an idea with its number and author."""
        if len(row) == 2:
            theme, heading = row
            return literal(theme or "No theme yet", style=heading)
        idea, _text, _author, merging, number_width = row
        line = literal(idea.text)
        if idea.author:
            line.append_text(literal(f"  — {idea.author}", style="dim"))
        if merging:
            line.append("  ⇢ merge into…", style=theme_style(self.app, "bold $warning"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=number_width + 1, justify="right", no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(Text(f"{idea.id}.", style="bold"), line)
        return grid

    def selected(self) -> Idea | None:
        chosen = self.query_one("#ideas", ItemList).selected_id
        return next((idea for idea in self.brainstorm.ideas if str(idea.id) == chosen), None)

    # -- actions ----------------------------------------------------------------------------
    def action_add_idea(self) -> None:
        quick = self.query_one("#quick", Input)
        quick.add_class("-open")
        quick.focus()

    @on(Input.Submitted, "#quick")
    def _idea_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            try:
                idea_id = self.session.brainstorm.add(event.value)
            except DomainError as error:  # shown; the text stays to be fixed
                self.notify(str(error), severity="warning", timeout=4)
                return
            self.show(select=idea_id)
            self.changed()
        event.input.value = ""

    def action_cancel(self) -> None:
        quick = self.query_one("#quick", Input)
        if quick.has_class("-open"):
            quick.remove_class("-open")
            quick.value = ""
            self.focus_default()
        self.merge_from = None
        self.show()

    def action_edit(self) -> None:
        idea = self.selected()
        if idea is not None:
            self.prompt(f"Idea {idea.id}", idea.text, lambda text: self.session.brainstorm.edit(idea.id, text=text))

    def action_theme(self) -> None:
        idea = self.selected()
        if idea is None:
            return
        content = self.ilt.scenario_segment(self.session, self.brainstorm.id)
        choices = self.session.brainstorm.theme_choices(list(getattr(content, "themes", []) or []))
        def save(text: str) -> None:
            spelled = next((choice for choice in choices if choice.casefold() == text.strip().casefold()), text)
            self.session.brainstorm.edit(idea.id, theme=spelled)

        self.prompt(f"Theme for idea {idea.id}", idea.theme, save, suggestions=choices)

    def action_merge(self) -> None:
        idea = self.selected()
        if idea is None:
            return
        if self.merge_from is None:
            self.merge_from = idea.id
            self.notify(f"Now choose the idea to merge {idea.id} into, and press m again (Escape: cancel).")
            self.show()
            return
        source, self.merge_from = self.merge_from, None
        if source == idea.id or not self.engine(self.session.brainstorm.merge, idea.id, source):
            self.show()

    def action_delete(self) -> None:
        idea = self.selected()
        if idea is not None:
            self.confirm(f"Delete idea {idea.id}?", idea.text, lambda: self.session.brainstorm.delete(idea.id))


def grouped(ideas: list[Idea]) -> list[tuple[str, list[Idea]]]:
    """Ideas by theme (themes in alphabetical order, ideas without one last), each in the order typed."""
    by_theme: dict[str, list[Idea]] = {}
    for idea in ideas:
        by_theme.setdefault(idea.theme, []).append(idea)
    return [(theme, by_theme[theme]) for theme in sorted(by_theme, key=lambda t: (t == "", t.casefold()))]


PANE = BrainstormPane
