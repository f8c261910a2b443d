"""The run screen: agenda, big countdown, and the body of the current segment.

Every key turns into one engine call; the screen then redraws from engine state. Rules (what may
be scored, when ballots show) live in the engine: a refused call comes back as a notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Digits, Footer, Input, Static

from ilt_kit.content.kinds import RATED_KINDS, TALK_KINDS
from ilt_kit.session.engine import TEAM, DomainError, Session
from ilt_kit.store.record import (
    ActionsResult,
    CriterionResult,
    Round,
    BrainstormResult,
    ForecastResult,
    PrioritizeResult,
    RatedBase,
)
from ilt_kit.tui.screens.dialogs import ActionForm, AgreeDialog, Confirm, TextPrompt
from ilt_kit.tui.widgets import panels
from ilt_kit.tui.widgets.ballots import BallotRows
from ilt_kit.tui.widgets.render import clock_text
from ilt_kit.tui.widgets.text import literal

if TYPE_CHECKING:
    from ilt_kit.tui.app import IltApp

RATED = RATED_KINDS
_UNSET = object()


class _Always:
    """A cache key that never equals anything: the widget is redrawn every time."""

    def __eq__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


_ALWAYS = _Always()


def B(
    key: str,
    action: str,
    description: str,
    tooltip: str = "",
    show: bool = True,
    key_display: str | None = None,
    bid: str | None = None,
) -> Binding:
    """A run-screen binding with an id (for keymaps) and a tooltip (for help and the palette)."""
    return Binding(
        key,
        action,
        description,
        show=show,
        key_display=key_display,
        id=f"run.{bid or action.split('(')[0]}",
        tooltip=tooltip or description,
    )


DIGIT_BINDINGS = [
    Binding(str(n), f"digit({n})", "Score" if n == 1 else f"Digit {n}", show=n == 1, key_display="0-9", id=f"run.digit{n}", tooltip="Enter a level (or count) for the selected member")
    for n in range(10)
]
SPEAKER_BINDINGS = [
    Binding(f"f{n}", f"speak({n - 1})", f"Speaker {n}", show=False, id=f"run.speak{n}", tooltip=f"Member {n} is speaking (again: stops)")
    for n in range(1, 10)
]


class RunScreen(Screen):
    """Run a session: the facilitator's screen, projected for the room."""

    BINDINGS = [
        B("space", "toggle_timer", "Timer", "Start or pause the segment timer"),
        B("n", "next", "Next", "Close this segment and go to the next (on the last one: finish)"),
        B("p", "previous", "Prev", "Go back to the previous segment", show=False),
        B("plus", "adjust(1)", "+1m", "One minute more for this segment", key_display="+", show=False, bid="more-time"),
        B("minus", "adjust(-1)", "-1m", "One minute less for this segment", key_display="-", show=False, bid="less-time"),
        *DIGIT_BINDINGS,
        B("r", "reveal", "Reveal", "Reveal the hidden ballots of this criterion"),
        B("v", "new_round", "Revote", "Open another round after discussion; earlier rounds are kept"),
        B("a", "agree", "Agree", "Record the agreed level and its evidence"),
        B("a", "add_idea", "Add idea", "Type ideas one after another (Enter each, Escape to stop)"),
        B("a", "add_item", "Add", "Add a force or future to rate"),
        B("a", "add_action", "Add action", "Plan an action: what, owner, due date, link"),
        B("i", "add_idea", "Add idea", "Type ideas one after another (Enter each, Escape to stop)", show=False, bid="add_idea.i"),
        B("up", "move(-1)", "Up", "Select the member (or idea, item, action, level) above", show=False, bid="up"),
        B("down", "move(1)", "Down", "Select the member (or idea, item, action, level) below", show=False, bid="down"),
        B("left", "side(-1)", "Prev criterion", "Previous criterion or statement", show=False, bid="left"),
        B("right", "side(1)", "Next criterion", "Next criterion or statement", show=False, bid="right"),
        B("left_square_bracket", "member(-1)", "Prev member", "Previous member (dots) or rater (forecast)", show=False, key_display="[", bid="prev-member"),
        B("right_square_bracket", "member(1)", "Next member", "Next member (dots) or rater (forecast)", show=False, key_display="]", bid="next-member"),
        B("enter", "place_dot", "Dot", "Place a dot for the selected member on the selected idea"),
        B("backspace", "withdraw", "Take back", "Take back the selected member's ballot or dot", show=False),
        B("e", "edit", "Edit", "Edit the selected idea or action, or the evidence", show=False),
        B("t", "tally", "Tally", "Switch this round between hidden ballots and a show of hands", show=False),
        B("t", "theme", "Theme", "Give the selected idea a theme"),
        B("m", "merge", "Merge", "Merge ideas: m on one, then m on the idea to fold it into"),
        B("x", "done", "Done", "Mark the selected action done (again: open)"),
        B("c", "count", "Count", "Type a tally count larger than 9", show=False),
        B("s", "split", "Roles", "Show or hide survey results split by role"),
        B("delete", "delete", "Delete", "Delete the selected idea, item or action", show=False),
        B("w", "notes", "Notes", "Write this segment's notes"),
        B("d", "decision", "Decision", "Record a decision the team made", show=False),
        B("f", "facilitator_notes", "Fac. notes", "Show or hide the facilitator notes", show=False),
        B("S", "skip", "Skip", "Skip this segment", show=False),
        B("F", "finish", "Finish", "Finish the session and see the summary", show=False),
        B("j", "join", "Join", "Let members join: answer from their own phones (a QR code, an address and a code)", show=False),
        B("full_stop", "speak(-1)", "Nobody", "Nobody is speaking (talk time)", show=False, key_display=".", bid="nobody-speaks"),
        *SPEAKER_BINDINGS,
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.view = panels.View()
        self._last_phase = ""
        self._narrow = False
        self._shown_segment = ""
        self._shown: dict[str, object] = {}
        self._heights: dict[str, tuple[int, int]] = {}  # selector -> (width, lines) at its last update
        self._keys_shown: object = None

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            with Vertical(id="where"):
                yield Static(id="title")
                yield Static(id="subtitle")
            with Vertical(id="timerbox"):
                yield Digits("0:00", id="clock")
                yield Static(id="phase")
        with Horizontal(id="main"):
            with VerticalScroll(id="agenda-box"):
                yield Static(id="agenda")
            with Vertical(id="body"):
                with Horizontal(id="panes"):
                    with VerticalScroll(id="left"):
                        yield Static(id="left-content")
                    with VerticalScroll(id="right"):
                        yield BallotRows(id="ballots")
                        yield Static(id="right-content")
                        yield Static(id="talk")
                yield Static(id="strip")
                yield Input(placeholder="Type an idea and press Enter (Escape to stop)", id="quick")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#quick", Input).display = False
        self.refresh_all()
        self.set_interval(0.25, self.refresh_clock)
        self.set_interval(30, self._checkpoint)
        if self.ilt.join_at_start:  # ilt-kit run --join
            self.ilt.join_at_start = False
            self.call_after_refresh(self.action_join)

    def on_resize(self, event: Resize) -> None:
        self._narrow = event.size.width < 100
        self.set_class(self._narrow, "-narrow")
        self.call_after_refresh(self.refresh_all)

    # -- drawing ----------------------------------------------------------------------------
    def _show(self, selector: str, key: object, build: Callable[[], object]) -> None:
        """Update a widget only when what it shows has changed.

        A new text that takes as many lines as the old one is only repainted: a layout of the
        whole screen (what ``Static.update`` does by default) costs several times the repaint.
        """
        if self._shown.get(selector, _UNSET) == key:
            return
        self._shown[selector] = key
        widget = self.query_one(selector)
        if isinstance(widget, Digits):
            widget.update(str(build()))
            return
        assert isinstance(widget, Static)
        content = build()
        widget.update(literal(content) if isinstance(content, str) else content, layout=False)
        width = widget.content_size.width
        height = widget.get_content_height(widget.content_size, widget.content_size, width) if width else 0
        if not width or self._heights.get(selector) != (width, height):
            self._heights[selector] = (width, height)
            widget.refresh(layout=True)

    def _agenda_key(self) -> tuple:
        session = self.session
        rows = tuple((s.status, int(session.elapsed_of(s) // 60), session.planned(s)) for s in session.record.segments)
        projection = session.projection()
        return (rows, session.index, projection.projected_end.strftime("%H:%M"), int(projection.behind // 60), self._narrow)

    def refresh_all(self) -> None:
        session = self.session
        segment = session.segment
        if segment.id != self._shown_segment:
            # a new segment starts with the cursor at the top; criterion positions are kept
            self._shown_segment = segment.id
            self.view = panels.View(criterion=self.view.criterion, show_notes=self.view.show_notes)
        scenario = self.ilt.scenario_for(session)
        seg_content = panels.scenario_segment(scenario, segment.id)
        title = f"{session.index + 1}/{len(session.segments)}  {segment.title}"
        self._show("#title", title, lambda: title)
        subtitle = f"{panels.KIND_NAME[segment.kind]} · {session.record.title}" + (" · FINISHED" if session.finished else "")
        self._show("#subtitle", subtitle, lambda: subtitle)
        self._show("#agenda", self._agenda_key(), lambda: panels.agenda(session, self._narrow))
        strip = self.query_one("#strip", Static)
        ballots = self.query_one("#ballots", BallotRows)
        right_box = self.query_one("#right")
        width = right_box.size.width - 2
        left: tuple[object, Callable[[], object]]
        right: Callable[[], object]
        right_key: object = _ALWAYS
        rows = None
        if isinstance(segment, RatedBase):
            rubric = self.ilt.rubric_for(segment.rubric_id)
            index = panels.criterion_index(session, self.view)
            left = ((segment.id, index, self._narrow), lambda: panels.criterion_panel(session, self.view, rubric))
            rows = panels.ballot_rows(session, self.view)
            if rows is not None:  # hidden ballots: the voters redraw line by line, the rest stays
                ballots.show(*rows)
                criterion = segment.criteria[index]
                right_key = (segment.id, index, len(criterion.rounds), criterion.agreed, criterion.evidence, width)
            right = lambda: panels.ballot_panel(session, self.view, width)  # noqa: E731
            overview = panels.overview_strip(session, self.view)
            self._show("#strip", (overview.plain, index), lambda: overview)
        elif isinstance(segment, BrainstormResult):
            left = (_ALWAYS, lambda: panels.brainstorm_panel(session, self.view))
            right = lambda: panels.prompt_panel(seg_content, segment, self.view)  # noqa: E731
        elif isinstance(segment, PrioritizeResult):
            ideas, members = panels.prioritize_panel(session, self.view)
            left, right = (_ALWAYS, lambda: ideas), (lambda: members)
        elif isinstance(segment, ForecastResult):
            items, grid = panels.forecast_panel(session, self.view)
            left, right = (_ALWAYS, lambda: items), (lambda: grid)
        elif isinstance(segment, ActionsResult):
            left = (_ALWAYS, lambda: panels.actions_panel(session, self.view))
            right = lambda: panels.prompt_panel(seg_content, segment, self.view)  # noqa: E731
        else:
            left = (_ALWAYS, lambda: panels.prompt_panel(seg_content, segment, self.view))
            right = lambda: ""  # noqa: E731
        strip.display = isinstance(segment, RatedBase)
        ballots.display = rows is not None
        self._show("#left-content", left[0], left[1])
        self._show("#right-content", right_key, right)
        talk_on = bool(seg_content and seg_content.talk_time) or bool(segment.talk) or session.speaker is not None
        talk = self.query_one("#talk", Static)
        talk.display = talk_on
        if talk_on:
            self._show("#talk", self._talk_key(), lambda: panels.talk_panel(session))
        right_box.display = not (segment.kind in TALK_KINDS and not talk_on)
        self.refresh_clock()
        self._refresh_keys()

    def _talk_key(self) -> tuple:
        totals = self.session.talk_totals()
        return (self.session.speaker, tuple(sorted((name, int(seconds)) for name, seconds in totals.items())))

    def _criterion(self) -> CriterionResult | None:
        """The criterion or statement the cursor is on (None outside rubric and survey segments)."""
        segment = self.session.segment
        if not isinstance(segment, RatedBase):
            return None
        return segment.criteria[panels.criterion_index(self.session, self.view)]

    def _round(self) -> Round | None:
        """The current round of that criterion."""
        criterion = self._criterion()
        return criterion.rounds[-1] if criterion is not None else None

    def _refresh_keys(self) -> None:
        """Recompute the footer only when the keys that apply have changed."""
        segment = self.session.segment
        rnd = self._round()
        key = (segment.kind, rnd is not None and rnd.revealed is None, rnd.mode if rnd else None)
        if key != self._keys_shown:
            self._keys_shown = key
            self.refresh_bindings()

    def refresh_clock(self) -> None:
        state = self.session.timer()
        text = clock_text(state.remaining)
        self._show("#clock", text, lambda: text)
        label = panels.clock_label(state.phase, state.running, state.status)
        self._show("#phase", label, lambda: label)
        box = self.query_one("#timerbox")
        for phase in ("ok", "warning", "critical", "overtime"):
            box.set_class(state.running and state.phase == phase, f"-{phase}")
        box.set_class(not state.running, "-paused")
        if state.running and state.phase == "overtime" and self._last_phase != "overtime":
            self.app.bell()
        self._last_phase = state.phase if state.running else self._last_phase
        if state.running:
            self._show("#agenda", self._agenda_key(), lambda: panels.agenda(self.session, self._narrow))
        if self.session.speaker is not None:
            self._show("#talk", self._talk_key(), lambda: panels.talk_panel(self.session))

    def _checkpoint(self) -> None:
        if self.session.running or self.session.speaker is not None:
            self.call(self.session.checkpoint)

    # -- engine calls -----------------------------------------------------------------------
    def call(self, fn: Callable[..., object], *args: object, refresh: bool = True, **kwargs: object) -> object:
        """Run one engine call; show a refusal instead of crashing (save problems come from the saver)."""
        try:
            result = fn(*args, **kwargs)
        except DomainError as error:
            self.notify(str(error), severity="warning", timeout=4)
            return None
        if refresh:
            self.refresh_all()
        return result

    # -- which keys make sense now ----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kind = self.session.segment.kind
        rnd = self._round()
        allowed: dict[str, bool] = {
            "reveal": kind in RATED and rnd is not None and rnd.revealed is None,
            "new_round": kind in RATED and rnd is not None and rnd.revealed is not None,
            "side": kind in RATED,
            "member": kind in ("prioritize", "forecast"),
            "withdraw": kind in RATED + ("prioritize",),
            "agree": kind == "rubric",
            "add_idea": kind == "brainstorm",
            "add_item": kind == "forecast",
            "add_action": kind == "actions",
            "place_dot": kind == "prioritize",
            "edit": kind in ("brainstorm", "actions", "rubric"),
            "tally": kind in RATED,
            "theme": kind == "brainstorm",
            "split": kind == "survey",
            "merge": kind == "brainstorm",
            "done": kind == "actions",
            "delete": kind in ("brainstorm", "actions", "forecast"),
            "count": kind in RATED and rnd is not None and rnd.mode == "tally",
            "digit": kind in RATED + ("forecast",),
        }
        if action in allowed:
            return allowed[action]
        return True

    # -- actions: timer and navigation ------------------------------------------------------
    def action_toggle_timer(self) -> None:
        if self.session.finished:
            self._confirm(
                "Reopen this session?",
                "It was finished. Reopening lets you go on recording; the file keeps everything.",
                self.session.reopen,
            )
            return
        self.call(self.session.toggle)

    def action_next(self) -> None:
        if self.session.index == len(self.session.segments) - 1:
            self.action_finish()
            return
        self.view.pending = None
        self.call(self.session.next)

    def action_previous(self) -> None:
        self.view.pending = None
        self.call(self.session.previous)

    def action_skip(self) -> None:
        self.call(self.session.skip)

    def action_adjust(self, minutes: int) -> None:
        self.call(self.session.adjust, minutes)

    def action_finish(self) -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                if not self.session.finished:
                    self.call(self.session.finish)
                self.ilt.show_summary(self.session)

        if self.session.finished:
            self.ilt.show_summary(self.session)
            return
        self.app.push_screen(Confirm("Finish the session?", "The current segment is closed and the summary is shown. Nothing is lost."), answer)

    # -- actions: selection -----------------------------------------------------------------
    def _count(self) -> int:
        segment = self.session.segment
        rnd = self._round()
        if isinstance(segment, RatedBase) and rnd is not None:
            if rnd.mode == "tally" and rnd.revealed is None:
                return len(segment.scale)
            return len(self.session.members)
        if isinstance(segment, BrainstormResult):
            return len(segment.ideas)
        if isinstance(segment, PrioritizeResult):
            return len(self.session.source_ideas())
        if isinstance(segment, ForecastResult):
            return len(segment.items)
        if isinstance(segment, ActionsResult):
            return len(segment.actions)
        return 0

    def action_move(self, step: int) -> None:
        count = self._count()
        if not count:
            return
        segment = self.session.segment
        rnd = self._round()
        if rnd is not None:
            if rnd.mode == "tally" and rnd.revealed is None:
                self.view.level = (self.view.level + step) % count
            else:
                self.view.member = (self.view.member + step) % count
        elif isinstance(segment, (BrainstormResult, PrioritizeResult)):
            self.view.idea = (self.view.idea + step) % count
        elif isinstance(segment, ForecastResult):
            self.view.item = (self.view.item + step) % count
            self.view.pending = None
        elif isinstance(segment, ActionsResult):
            self.view.action = (self.view.action + step) % count
        self.refresh_all()

    def action_side(self, step: int) -> None:
        segment = self.session.segment
        if isinstance(segment, RatedBase):
            index = panels.criterion_index(self.session, self.view)
            self.view.criterion[segment.id] = (index + step) % len(segment.criteria)
            self.view.member = 0
            self.view.level = 0
            self.refresh_all()

    def action_member(self, step: int) -> None:
        segment = self.session.segment
        if isinstance(segment, ForecastResult):
            self.view.rater = (self.view.rater + step) % (len(self.session.members) + 1)
            self.view.pending = None
        else:
            self.view.member = (self.view.member + step) % len(self.session.members)
        self.refresh_all()

    # -- actions: scoring -------------------------------------------------------------------
    def _criterion_id(self) -> str:
        criterion = self._criterion()
        assert criterion is not None
        return criterion.id

    def action_digit(self, value: int) -> None:
        segment = self.session.segment
        if isinstance(segment, RatedBase):
            cid = self._criterion_id()
            rnd = self._round()
            assert rnd is not None
            if rnd.mode == "tally":
                level = segment.scale[self.view.level % len(segment.scale)].value
                self.call(self.session.set_tally, cid, level, value)
                return
            member = self.session.members[self.view.member].name
            self.call(self.session.cast, cid, member, value, refresh=False)
            if member in self.session.voted(cid):
                self._advance_to_next_voter(cid)
            self.refresh_all()
        elif isinstance(segment, ForecastResult):
            if not segment.items:
                return
            if not 1 <= value <= 5:
                self.notify("Ratings run from 1 to 5.", severity="warning")
                return
            if self.view.pending is None:
                self.view.pending = value
                self.refresh_all()
                return
            raters = self.session.member_names + [TEAM]
            rater = raters[self.view.rater % len(raters)]
            likelihood, self.view.pending = self.view.pending, None
            self.call(self.session.rate, segment.items[self.view.item].id, rater, likelihood, value)

    def _advance_to_next_voter(self, criterion_id: str) -> None:
        voted = self.session.voted(criterion_id)
        members = self.session.members
        for step in range(1, len(members) + 1):
            index = (self.view.member + step) % len(members)
            if members[index].name not in voted:
                self.view.member = index
                break

    def action_reveal(self) -> None:
        self.call(self.session.reveal, self._criterion_id())

    def action_new_round(self) -> None:
        self.view.member = 0
        self.call(self.session.new_round, self._criterion_id())

    def action_withdraw(self) -> None:
        segment = self.session.segment
        member = self.session.members[self.view.member].name
        if isinstance(segment, RatedBase):
            self.call(self.session.withdraw, self._criterion_id(), member)
        elif isinstance(segment, PrioritizeResult):
            ideas = self.session.source_ideas()
            if ideas:
                self.call(self.session.remove_dot, member, ideas[self.view.idea % len(ideas)].id)

    def action_tally(self) -> None:
        segment = self.session.segment
        if isinstance(segment, RatedBase):
            cid = self._criterion_id()
            rnd = self._round()
            assert rnd is not None
            self.view.level = 0
            self.call(self.session.set_mode, cid, "ballot" if rnd.mode == "tally" else "tally")

    def action_theme(self) -> None:
        segment = self.session.segment
        if isinstance(segment, BrainstormResult) and segment.ideas:
            idea = segment.ideas[self.view.idea % len(segment.ideas)]
            self._prompt(f"Theme for idea {idea.id}", idea.theme, lambda text: self.session.edit_idea(idea.id, theme=text))

    def action_count(self) -> None:
        segment = self.session.segment
        if not isinstance(segment, RatedBase):
            return
        level = segment.scale[self.view.level % len(segment.scale)]
        cid = self._criterion_id()

        def save(text: str) -> None:
            if not text.strip().isdigit():
                raise DomainError("type a whole number of hands")
            self.session.set_tally(cid, level.value, int(text))

        self._prompt(f"How many hands for {level.value} {level.label}?", "", save)

    def action_split(self) -> None:
        self.view.by_role = not self.view.by_role
        self.refresh_all()

    def action_agree(self) -> None:
        segment = self.session.segment
        if not isinstance(segment, RatedBase):
            return
        result = self._criterion()
        assert result is not None
        levels = [(level.value, level.label) for level in segment.scale]

        def agreed(answer: tuple[int, str] | None) -> None:
            if answer is not None:
                self.call(self.session.agree, result.id, answer[0], answer[1])

        self.app.push_screen(AgreeDialog(result.title, levels, result.agreed, result.evidence), agreed)

    def action_add_item(self) -> None:
        segment = self.session.segment
        if isinstance(segment, ForecastResult):
            self._prompt(f"A new {segment.item_label}", "", lambda text: self.session.add_item(text))

    def action_add_action(self) -> None:
        self.app.push_screen(ActionForm(owners=self.session.member_names), self._save_action(None))

    def _save_action(self, action_id: int | None) -> Callable[[dict | None], None]:
        def save(values: dict | None) -> None:
            if values is None:
                return
            if action_id is None:
                self.call(self.session.add_action, values["what"], values["owner"], values["due"], values["link"])
                segment = self.session.segment
                if isinstance(segment, ActionsResult):
                    self.view.action = len(segment.actions) - 1
                    self.refresh_all()
            else:
                self.call(self.session.update_action, action_id, **values)

        return save

    def action_edit(self) -> None:
        segment = self.session.segment
        if isinstance(segment, BrainstormResult) and segment.ideas:
            idea = segment.ideas[self.view.idea % len(segment.ideas)]
            self._prompt(f"Idea {idea.id}", idea.text, lambda text: self.session.edit_idea(idea.id, text=text))
        elif isinstance(segment, ActionsResult) and segment.actions:
            action = segment.actions[self.view.action % len(segment.actions)]
            form = ActionForm(action.what, action.owner, action.due, action.link, owners=self.session.member_names)
            self.app.push_screen(form, self._save_action(action.id))
        elif isinstance(segment, RatedBase):
            result = self._criterion()
            assert result is not None
            self._prompt(f"Evidence — {result.title}", result.evidence, lambda text: self.session.set_evidence(result.id, text), multiline=True)

    def action_merge(self) -> None:
        segment = self.session.segment
        if not isinstance(segment, BrainstormResult) or not segment.ideas:
            return
        idea = segment.ideas[self.view.idea % len(segment.ideas)]
        if self.view.merge_from is None:
            self.view.merge_from = idea.id
            self.notify(f"Now choose the idea to merge {idea.id} into, and press m again (Escape: cancel).")
            self.refresh_all()
            return
        source, self.view.merge_from = self.view.merge_from, None
        if source == idea.id:
            self.refresh_all()
            return
        self.call(self.session.merge_ideas, idea.id, source)
        self.view.idea = min(self.view.idea, max(len(segment.ideas) - 1, 0))

    def action_done(self) -> None:
        segment = self.session.segment
        if isinstance(segment, ActionsResult) and segment.actions:
            action = segment.actions[self.view.action % len(segment.actions)]
            self.call(self.session.set_action_done, action.id, action.status != "done")

    def action_delete(self) -> None:
        segment = self.session.segment
        if isinstance(segment, BrainstormResult) and segment.ideas:
            idea = segment.ideas[self.view.idea % len(segment.ideas)]
            self._confirm(f"Delete idea {idea.id}?", idea.text, lambda: self.session.delete_idea(idea.id))
        elif isinstance(segment, ActionsResult) and segment.actions:
            action = segment.actions[self.view.action % len(segment.actions)]
            self._confirm(f"Delete action {action.id}?", action.what, lambda: self.session.delete_action(action.id))
        elif isinstance(segment, ForecastResult) and segment.items:
            item = segment.items[self.view.item % len(segment.items)]
            self._confirm(f"Delete {item.title}?", "Its ratings go with it.", lambda: self.session.remove_item(item.id))

    def action_place_dot(self) -> None:
        ideas = self.session.source_ideas()
        if ideas:
            member = self.session.members[self.view.member].name
            self.call(self.session.place_dot, member, ideas[self.view.idea % len(ideas)].id)

    # -- actions: notes, talk ---------------------------------------------------------------
    def action_notes(self) -> None:
        segment = self.session.segment
        self._prompt(f"Notes — {segment.title}", segment.notes, self.session.set_notes, multiline=True)

    def action_decision(self) -> None:
        self._prompt("A decision the team made", "", self.session.add_decision)

    def action_facilitator_notes(self) -> None:
        self.view.show_notes = not self.view.show_notes
        self.refresh_all()

    async def action_join(self) -> None:
        await self.ilt.open_joining(self)

    def action_speak(self, index: int) -> None:
        if index < 0:
            if self.session.speaker is not None:
                self.call(self.session.speak, None)
            return
        if index < len(self.session.members):
            self.call(self.session.speak, self.session.members[index].name)

    def action_add_idea(self) -> None:
        quick = self.query_one("#quick", Input)
        quick.display = True
        quick.focus()

    @on(Input.Submitted, "#quick")
    def _idea_entered(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.call(self.session.add_idea, event.value)
            segment = self.session.segment
            if isinstance(segment, BrainstormResult):
                self.view.idea = len(segment.ideas) - 1
                self.refresh_all()
        event.input.value = ""

    def key_escape(self) -> None:
        quick = self.query_one("#quick", Input)
        if quick.display:
            quick.display = False
            quick.value = ""
            self.set_focus(None)
        self.view.merge_from = None
        self.view.pending = None
        self.refresh_all()

    # -- helpers ----------------------------------------------------------------------------
    def _prompt(self, title: str, value: str, save: Callable[[str], object], multiline: bool = False) -> None:
        def done(text: str | None) -> None:
            if text is not None:
                self.call(save, text)

        self.app.push_screen(TextPrompt(title, value, multiline=multiline), done)

    def _confirm(self, question: str, detail: str, then: Callable[[], object]) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self.call(then)

        self.app.push_screen(Confirm(question, detail), done)
