"""The session writer's TOML text is, byte for byte, what ``tomli_w.dumps(data, multiline_strings=True)``
writes: for any plain data (any character, any nesting, arrays of tables that fit on a line and
ones that do not), and for any session record."""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import Enum

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ilt_kit.store.files import record_to_data
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.toml_text import dumps, toml_string
from tests.unit.test_store_roundtrip import CHARS_ALL, records

ANY_CHAR = st.characters(exclude_categories=("Cs",))
TRICKY = st.sampled_from(["", "\n", "\r\n", "\r", "\t", "\x7f", "\x00", "\x1b", '"', '"""', "\\", "\\n", "é", "\u2028", "a b", "-_"])
TEXT = st.one_of(st.text(ANY_CHAR, max_size=12), TRICKY, st.lists(TRICKY, max_size=4).map("".join))
KEY = st.one_of(st.text(ANY_CHAR, max_size=6), st.sampled_from(["id", "a-b", "a_b", "A9", "", "a.b", " "]))
ZONE = st.integers(min_value=-23 * 60, max_value=23 * 60).map(lambda m: timezone(timedelta(minutes=m)))
SCALAR = st.one_of(
    TEXT,
    st.booleans(),
    st.integers(),
    st.floats(),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=ZONE),
    st.times(),
)


def _short(table: dict) -> dict:
    """A table small enough that an array of such tables is written inline."""
    return dict(list(table.items())[:2])


PLAIN = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(KEY, inner, max_size=4),
        st.lists(st.dictionaries(KEY, inner, min_size=1, max_size=4), min_size=1, max_size=3),
        st.lists(st.dictionaries(KEY, SCALAR, max_size=3).map(_short), min_size=1, max_size=3),
    ),
    max_leaves=24,
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEY, PLAIN, max_size=6))
def test_any_plain_data_is_written_as_tomli_w_writes_it(data: dict) -> None:
    assert dumps(data) == tomli_w.dumps(data, multiline_strings=True)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records(CHARS_ALL))
def test_any_record_is_written_as_tomli_w_writes_it(record: SessionRecord) -> None:
    data = record_to_data(record)
    assert dumps(data) == tomli_w.dumps(data, multiline_strings=True)


class Colour(str, Enum):
    RED = "red"


class Count(int):
    pass


class Items(list):
    pass


def test_every_single_character_is_escaped_as_tomli_w_escapes_it() -> None:
    """Every ASCII and Latin character, and a few far beyond (a lone surrogate among them), alone
    and inside text: all but ASCII's few are written as they are."""
    for char in [*map(chr, range(0x250)), "\u2028", "\ud800", "\udfff", "\ufeff", "\U0001f469", "\U0010ffff"]:
        for text in (char, f"a{char}b"):
            assert toml_string(text) == tomli_w.dumps({"k": text}, multiline_strings=True)[4:-1], hex(ord(char))
    assert toml_string("a\r\nb\rc\n") == '"""\na\nb\\rc\n"""'
    assert toml_string("a\nb", multiline=False) == '"a\\nb"'


def test_values_of_other_types_take_tomli_w_s_way() -> None:
    zone = timezone(timedelta(hours=-5))
    data = {
        "colour": Colour.RED,
        "count": Count(3),
        "ordered": OrderedDict(a=1, b=[OrderedDict(c=2)]),
        "decimals": [Decimal("1"), Decimal("1.5"), Decimal("nan"), Decimal("-inf"), Decimal("1E+3")],
        "time": time(9, 30),
        "moments": [datetime(2026, 11, 22, 9, tzinfo=zone), datetime(2026, 11, 22, 14, tzinfo=timezone.utc), datetime(2026, 11, 22, 9)],
        "day": date(2026, 11, 22),
        "table": {"nested": {"deeper": {"x": True}}, "after": "y"},
        "tables": Items([{"long": "x" * 100}, {"n": 1}]),
        "values": Items([1, "two"]),
    }
    assert dumps(data) == tomli_w.dumps(data, multiline_strings=True)
    for bad in ({"x": object()}, {"x": time(9, tzinfo=zone)}, {1: "x"}):
        with pytest.raises((TypeError, ValueError)):
            dumps(bad)


def test_an_array_of_tables_is_inline_only_when_each_fits_on_a_line() -> None:
    """Around the 100-character line, spelled with quoted keys and escapes too."""
    for size in range(80, 100):
        for table in ({"id": "x" * size}, {"a b": "é" * size, "n": 1}, {"q": '"' * (size // 2)}, {"k": "x" * size, "e": []}):
            data = {"items": [table, {"n": 1}]}
            assert dumps(data) == tomli_w.dumps(data, multiline_strings=True), table
    assert dumps({"items": [{"id": "x" * 80}]}).startswith("items = [\n")
    assert dumps({"items": [{"id": "x" * 95}]}).startswith("[[items]]\n")
