"""The join link as a QR code: half-block text for the terminal, SVG for the page."""

from __future__ import annotations

import io

import segno

QUIET = 2
"""Light modules around the code (scanners need a margin; the screen's own edge adds more)."""


def _matrix(link: str, scale: int) -> list[list[bool]]:
    qr = segno.make(link, error="l", micro=False)
    return [[bool(cell) for cell in row] for row in qr.matrix_iter(scale=scale, border=QUIET)]


def size(link: str, scale: int = 1) -> tuple[int, int]:
    """Columns and lines :func:`half_blocks` takes."""
    side = segno.make(link, error="l", micro=False).symbol_size(scale=scale, border=QUIET)[0]
    return side, (side + 1) // 2


def half_blocks(link: str, scale: int = 1) -> list[str]:
    """The code as lines of text, two modules a character cell (upper and lower half), to be
    drawn dark on light: a space is light, a full block dark, a half block one of each. A cell is
    about twice as high as it is wide, so the code comes out square; ``scale`` makes it bigger."""
    rows = _matrix(link, scale)
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    glyphs = {(False, False): " ", (True, True): "█", (True, False): "▀", (False, True): "▄"}
    return ["".join(glyphs[top, bottom] for top, bottom in zip(upper, lower)) for upper, lower in zip(rows[::2], rows[1::2])]


def svg(link: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="l", micro=False).save(out, kind="svg", scale=scale, border=4, dark="#000", light="#fff")
    return out.getvalue()


def png(link: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    segno.make(link, error="l", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()
