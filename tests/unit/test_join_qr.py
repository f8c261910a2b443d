"""The QR code drawn in half blocks is the code segno makes, module for module."""

from __future__ import annotations

import segno

from ilt_kit.join.qr import QUIET, half_blocks, size, svg

LINK = "http://192.168.1.20:8765/j/Zk3Qv0eXw2c8bN1yRt5uHg"


def _read_back(lines: list[str]) -> list[list[bool]]:
    top = {" ": False, "█": True, "▀": True, "▄": False}
    bottom = {" ": False, "█": True, "▀": False, "▄": True}
    rows = []
    for line in lines:
        rows.append([top[ch] for ch in line])
        rows.append([bottom[ch] for ch in line])
    return rows


def test_half_blocks_hold_every_module():
    for scale in (1, 2):
        lines = half_blocks(LINK, scale)
        expected = [[bool(c) for c in row] for row in segno.make(LINK, error="l", micro=False).matrix_iter(scale=scale, border=QUIET)]
        assert _read_back(lines)[: len(expected)] == expected
        assert (len(lines[0]), len(lines)) == size(LINK, scale)


def test_svg_is_a_drawing_of_the_link():
    drawing = svg(LINK).decode()
    assert drawing.lstrip().startswith("<?xml") or drawing.lstrip().startswith("<svg")
    assert "<path" in drawing
