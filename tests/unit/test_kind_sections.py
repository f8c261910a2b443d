"""Every segment kind has a summary section, listed in the registry, that every writer formats."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

import pytest

import ilt_kit
from ilt_kit.content.kinds import KINDS, SegmentKind
from ilt_kit.review import sections
from ilt_kit.review import blocks
from ilt_kit.review.sections import PARTS, section_of
from ilt_kit.review.summary import summarize

from tests.unit import package_modules
from tests.unit.test_kind_contract import kind_library, kind_session  # noqa: F401 (fixtures)

PACKAGE = Path(ilt_kit.__file__).parent


def section_problems(kinds: dict[str, SegmentKind]) -> list[str]:
    """What a kind's summary section lacks: its module, or one of the parts every writer calls."""
    problems = []
    for kind_id, kind in kinds.items():
        path = PACKAGE / "review" / "sections" / f"{kind.section}.py"
        if not kind.section or not path.is_file():
            problems.append(f"{kind_id}: no summary section module ({kind.section!r})")
            continue
        module = import_module(f"ilt_kit.review.sections.{kind.section}")
        for part in PARTS:
            found = getattr(module, part, None)
            if found is None or (part != "ORDER" and not callable(found)):
                problems.append(f"{kind_id}: its section has no {part}")
    return problems


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_the_kind_has_a_summary_section(kind_id):
    assert section_problems({kind_id: KINDS[kind_id]}) == []
    assert section_of(kind_id) is sections.MODULES[kind_id]


def test_a_kind_without_a_section_is_caught():
    extra = {"poll": dataclasses.replace(KINDS["briefing"], id="poll", section="poll")}
    assert section_problems(extra) == ["poll: no summary section module ('poll')"]


@pytest.fixture
def records(make_session, clock, kind_session):
    """A session of every built-in kind but the follow-up (test-all-kinds), a follow-up of earlier
    work, and a session of its own scenario for any other kind."""
    from tests.unit.test_follow_up_kind import followed_up
    from tests.unit.test_session_summary import play_every_kind

    session, _ = make_session()
    play_every_kind(session, clock)
    follow, _ = followed_up(make_session, clock)
    follow.follow_up.mark(follow.focus.item, "done")
    found = [session.record, follow.record]
    seen = {s.kind for record in found for s in record.segments}
    return found + [kind_session(kind_id)[0].record for kind_id in KINDS if kind_id not in seen]


def test_every_kind_of_the_session_builds_its_part_and_its_blocks(records):
    views = [summarize(record) for record in records]
    assert {s.segment.kind for view in views for s in view.segments} == set(KINDS)  # between them, every kind
    for s in (s for view in views for s in view.segments):
        section = s.section
        for block in section.blocks(s.part) + section.shown(s.part):
            assert isinstance(block, (blocks.Table, blocks.Lines))
        out: list[str] = []
        getattr(section, "detail", lambda *_: None)(s, out)  # optional (see OWN_FORMATS): else its blocks
        assert all(isinstance(line, str) for line in out)
    # every kind that records results shows them in the summary at the end
    shown = {section.__name__.rsplit(".", 1)[1] for view in views for section, _ in view.kind_parts()}
    assert shown == {"rated", "forecast", "prioritize", "actions", "follow_up"}  # the brainstorm's ideas: under the dot vote


WRITERS = ["review/report_md.py", "review/report_csv.py", "review/render_html.py", "review/detail.py",
           "review/summary.py", "tui/screens/summary.py", "tui/panes/prompt.py", "tui/widgets/earlier.py"]
SEGMENT_TYPES = re.compile(r"\w*(Result|Segment|RatedBase)\b")


def type_tests(source: str, parse: Callable[[str], ast.AST] = ast.parse) -> list[int]:
    """The lines of each ``isinstance`` on a segment or result type in a module's source (one that
    never spells ``isinstance`` is not parsed; ``parse``: how it is)."""
    if "isinstance" not in source:
        return []
    return [
        node.lineno
        for node in ast.walk(parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance"
        and len(node.args) == 2 and SEGMENT_TYPES.search(ast.unparse(node.args[1]))
    ]


@pytest.mark.parametrize("path", WRITERS + [f"review/sections/{k.section}.py" for k in KINDS.values()])
def test_no_writer_tests_a_segments_type(path):
    """Writers format sections: no ``isinstance`` on a segment or result type."""
    assert type_tests((PACKAGE / path).read_text(encoding="utf-8")) == []


MOST_TYPE_TESTS = 15
"""How many ``isinstance`` on a segment or result type ilt-kit may hold in all: kinds are told apart
through the registry and each kind's own methods and hooks, not by testing types."""


def test_the_package_tests_segment_types_at_most_a_few_times():
    found = {
        str(path.relative_to(package_modules.PACKAGE)): lines
        for path in package_modules.modules()
        if (lines := type_tests(package_modules.source(path), lambda _, path=path: package_modules.tree(path)))
    }
    assert sum(map(len, found.values())) <= MOST_TYPE_TESTS, found


def test_the_type_test_count_sees_a_type_test():
    assert type_tests("if isinstance(segment, RatedBase) or isinstance(s, (ForecastResult, str)):\n    pass") == [1, 1]
    assert type_tests("isinstance(value, dict)") == []


@pytest.fixture
def entry(make_session, clock):
    from ilt_kit.review.scan import load_entry
    from tests.unit.test_session_summary import play_every_kind

    session, handle = make_session()
    play_every_kind(session, clock)
    return load_entry(handle.path, keep_record=True)


def test_a_section_of_blocks_alone_is_written_by_every_writer(entry, monkeypatch):
    """A new kind writes one section module (its part as blocks, its csv rows) and no writer changes:
    here the forecast's section is swapped for such a module, and every writer shows its blocks."""
    import types

    from rich.console import Console

    from ilt_kit.review.detail import detail_md
    from ilt_kit.review.render_html import report_html
    from ilt_kit.review.report_csv import session_csv
    from ilt_kit.review.report_md import session_md
    from ilt_kit.review.summary import RESULTS
    from ilt_kit.tui.screens.summary import summary as summary_screen

    fake = types.ModuleType("fist_to_five")
    fake.ORDER = RESULTS
    fake.build = lambda record, segment: segment
    fake.reported = lambda part, summary: True
    fake.csv = lambda segment, seg, rows: rows.add(f"{seg},,fist,,,,5,support\n")
    fake.blocks = lambda part: [
        blocks.Table(
            f"Fist to five — {part.title}",
            (blocks.Column("Member"), blocks.Column("Support", justify="right")),
            [("Dana | *x*", "5")],
            caption="1 of 4 answered",
        )
    ]
    fake.shown = lambda part: [blocks.Lines("", ["5 support"])]
    assert section_problems({"forecast": KINDS["forecast"]}) == []
    monkeypatch.setitem(sections.MODULES, "forecast", fake)

    md = session_md(entry)
    assert "### Fist to five — Forces\n\n| Member | Support |\n| --- | ---: |\n| Dana \\| \\*x\\* | 5 |\n\n1 of 4 answered" in md
    assert "### Forecast" not in md
    page = report_html([entry])
    assert '<h3>Fist to five — Forces</h3>' in page and '<td class="num"><span class="evidence">5</span></td>' in page
    assert "Dana | *x*" in page and "1 of 4 answered" in page
    assert "### Fist to five — Forces" in detail_md(entry)
    assert ",futures,forecast,,fist,,,,5,support\n" in session_csv(entry)
    console = Console(width=120, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(summary_screen(summarize(entry.record), None))
    screen = console.export_text()
    assert "Fist to five — Forces" in screen and "Dana | *x*" in screen and "1 of 4 answered" in screen
