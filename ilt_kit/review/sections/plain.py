"""The summary section of a briefing and a reflection: nothing of their own in a report (their
notes and talk time are the session's), and their notes beside a prompt that shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ilt_kit.review.blocks import Block, Lines, Span
from ilt_kit.store.record import SessionRecord

if TYPE_CHECKING:
    from ilt_kit.review.report_csv import CsvRows
    from ilt_kit.review.summary import SegmentSummary, SessionSummary

ORDER = 0
"""Never a part of its own in a summary."""


def build(record: SessionRecord, segment: Any) -> Any:
    """Its part is its record (what ``shown`` shows: its notes)."""
    return segment


def reported(part: Any, summary: SessionSummary) -> bool:
    return False


def md(part: Any, out: list[str]) -> None:
    """Nothing: its notes are in the report's notes."""


html = md


def detail(summary: SegmentSummary, out: list[str]) -> None:
    """Nothing beyond the talk time and notes every segment shows."""


def csv(segment: Any, seg: str, rows: CsvRows) -> None:
    """Nothing beyond the time, notes and talk time rows every segment has."""


def blocks(part: Any) -> list[Block]:
    return []


def shown(part: Any) -> list[Block]:
    """Beside a prompt: the notes written during it."""
    return [Lines("", [part.notes if part.notes else Span("no notes were written", "dim")])]
