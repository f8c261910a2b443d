"""The summary section of each segment kind: what it shows of a segment's record, once, for every writer.

A section module (named in the kind's ``section`` in :data:`ilt_kit.content.kinds.KINDS`) has:

- ``ORDER``: where its parts come in a summary (:data:`~ilt_kit.review.summary.RESULTS`, ``IDEAS``,
  ``ACTIONS``; 0 for none), and optionally ``combine(parts)``: the parts of all its segments shown as one;
- ``build(record, segment)``: the segment's part, computed once (``SegmentSummary.part``);
- ``reported(part, summary)``: whether a report shows the part;
- ``blocks(part)``: its part of a summary, and ``shown(part)``: what a segment that shows it
  (``shows = [...]``) shows of it, both as format-neutral blocks (:mod:`ilt_kit.review.blocks`: titled tables,
  lines) that every writer knows how to format;
- ``csv(segment, prefix, rows)``: its rows of the CSV report;
- optionally, where a writer needs more than the blocks: ``md(part, out)`` and ``html(part, out)``
  (its lines of the Markdown and HTML reports, the html with its charts) and
  ``detail(segment_summary, out)`` (its lines of the review's session view); a section without
  them is written as its blocks.

The reports, the session view and the screens format these only: they never test a segment's type.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ilt_kit.content.kinds import KINDS

MODULES: dict[str, ModuleType] = {kind.id: import_module(f"{__name__}.{kind.section}") for kind in KINDS.values()}
"""The summary section module of each segment kind."""

PARTS = ("ORDER", "build", "reported", "csv", "blocks", "shown")
"""What every section module has (a test checks each kind's)."""
OWN_FORMATS = ("md", "html", "detail")
"""What a section may have of its own, else its blocks are written."""


def section_of(kind: str) -> ModuleType:
    """The summary section of a segment kind."""
    return MODULES[kind]


__all__ = ["MODULES", "OWN_FORMATS", "PARTS", "section_of"]
