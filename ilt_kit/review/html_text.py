"""Text from a file or a person, made inert in HTML: the html report and each kind's summary
section escape with these. Kept apart from :mod:`ilt_kit.review.render_html` so that a md or csv
report, which loads every kind's section, does not import the html renderer and its charts."""

from __future__ import annotations

from html import escape

from ilt_kit.literal import visible

DASH = '<span class="muted">–</span>'
DOT = '<span class="muted">·</span>'


def e(text: object) -> str:
    """Text made inert in HTML: escaped, with control characters made visible."""
    return escape(visible(str(text)), quote=True)


__all__ = ["DASH", "DOT", "e"]
