"""A session's text written segment by segment is the text tomli_w writes for the whole record,
byte for byte: whatever its keys, and whether its segments are written as tables or inline. (The
round-trip tests check it on records of every kind.)"""

from __future__ import annotations

from datetime import date

import tomli_w

from ilt_kit.store.toml_text import toml_text


def _whole(data: dict) -> str:
    return tomli_w.dumps(data, multiline_strings=True)


LONG = {"id": "ideas", "title": "Ideas", "kind": "brainstorm", "ideas": [{"id": n, "text": "x" * 90} for n in (1, 2)]}
SHORT = {"id": "a", "n": 1}


def test_every_shape_of_document_is_written_as_tomli_w_writes_it():
    documents = [
        {},
        {"title": "Only plain keys", "n": 1},
        {"team": {"name": "T"}},  # a table and nothing else
        {"title": "T", "segments": [LONG, dict(LONG, id="more")], "end": date(2026, 1, 2)},  # plain keys on both sides
        {"segments": [SHORT, dict(SHORT, id="b")]},  # short enough: the whole array inline
        {"title": "T", "segments": [SHORT, LONG]},  # one long: every segment a table, the short one too
        {"segments": [], "team": {"members": [{"name": "A"}]}},
        {"segments": [LONG, "not a table"]},
        {"title": "T", "team": {"name": "T"}, "segments": [LONG], "decisions": [{"text": "y" * 120}], "notes": {}},
    ]
    for data in documents:
        assert toml_text(data) == _whole(data), data
        assert toml_text(data) == _whole(data), data  # again: the segments' texts are kept


def test_a_kept_text_is_never_taken_for_other_data_that_looks_alike():
    """1, 1.0 and True, a string and a date: each its own text, in whichever order they come, in a
    segment or as a top-level value."""
    values = [1, 1.0, True, "2026-01-02", date(2026, 1, 2), [1], (1,)]
    for first in values:
        for second in values:
            for value in (first, second):
                for data in ({"segments": [dict(LONG, value=value)]}, {"value": value, "segments": [LONG]}):
                    assert toml_text(data) == _whole(data), (first, second)


def test_the_texts_kept_stay_within_their_bound(monkeypatch):
    """A long session changes its segments thousands of times: the texts of the old versions do
    not pile up past the bound, and the text written stays right across the fresh starts."""
    from ilt_kit.store import toml_text as module

    monkeypatch.setattr(module, "_KEPT", 20_000)
    for n in range(200):
        data = {"title": "T", "segments": [dict(LONG, id=f"s{n}"), LONG]}
        assert toml_text(data) == _whole(data)
        assert module._kept <= 20_000
