"""Properties of the key-position scanner behind every ``path:line:col`` message.

For any document, every key path the scanner reports must point at that key as written: at a bare or
quoted key of a ``key = value`` line (the last part of a dotted key included), or at the header line
of a table or of an element of an array of tables. Documents come from tomli-w (random nesting, keys
that need quoting, strings holding ``[fake]`` headers, ``#`` and quotes) and from hand-written TOML
that tomli-w never writes (dotted keys, inline tables, literal and multi-line strings, CRLF line ends).
"""

from __future__ import annotations

import string
import tomllib

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ilt_kit.diagnostics.locate import key_positions, locate

KEYS = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits + "_-", min_size=1, max_size=8),
    st.text(alphabet="ab .[]=#\"'\\é\t", min_size=1, max_size=6),
)
STRINGS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['[fake]\nx = 1', '[[fake]]', 'a = "b"', "'''", '"""', "# not a comment", "line\r\nnext"]),
)
SCALARS = st.one_of(st.integers(-10**6, 10**6), st.booleans(), STRINGS, st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(
    SCALARS | st.lists(SCALARS, max_size=3),
    lambda inner: st.dictionaries(KEYS, inner, max_size=4) | st.lists(st.dictionaries(KEYS, inner, min_size=1, max_size=3), min_size=1, max_size=3),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=5)


def key_paths(value, path=()):
    """Every path of a dict key in a parsed document (array indexes included on the way)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield path + (key,)
            yield from key_paths(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from key_paths(inner, path + (index,))


def spellings(key: str) -> set[str]:
    """The ways a key can be written: bare, or as a basic or literal string."""
    return {key, tomli_w.dumps({key: 0}).split(" = ")[0], f"'{key}'"}


def header_keys(line: str) -> list[str]:
    """The key parts of a ``[a."b c"]`` or ``[[a.b]]`` header line, parsed by tomllib itself."""
    body = line.strip()
    inner = body.strip("[]") if body.startswith("[[") else body[1:body.rindex("]")]
    if body.startswith("[["):
        inner = body[2 : body.rindex("]]")]
    parsed = tomllib.loads(f"{inner} = 0")
    keys = []
    while isinstance(parsed, dict):
        (name, parsed), = parsed.items()
        keys.append(name)
    return keys


def assert_points_at_keys(text: str) -> None:
    document = tomllib.loads(text)
    positions = key_positions(text)
    lines = text.replace("\r\n", "\n").split("\n")
    for path in key_paths(document):
        assert path in positions, f"no position for {path!r}"
        line, col = positions[path]
        here = lines[line - 1][col - 1 :]
        key = path[-1]
        if here.startswith("["):
            assert col == 1 + len(lines[line - 1]) - len(lines[line - 1].lstrip()), (path, here)
            assert key in header_keys(here), (path, here)
        else:
            assert any(here.startswith(s) for s in spellings(key)), (path, line, col, here)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.booleans())
def test_every_key_of_a_tomli_w_document_is_located(document, multiline):
    assert_points_at_keys(tomli_w.dumps(document, multiline_strings=multiline))


@settings(deadline=None)
@given(DOCUMENTS)
def test_crlf_line_ends_give_the_same_positions(document):
    text = tomli_w.dumps(document, multiline_strings=True)
    crlf = text.replace("\n", "\r\n")
    if tomllib.loads(crlf) != tomllib.loads(text):
        return  # a multi-line string whose content changed with the line ends: not the same document
    assert key_positions(crlf) == key_positions(text)


HAND_WRITTEN = {
    "dotted keys": 'a.b.c = 1\n"quoted key".x = 2\nsite."google.com" = true\n',
    "inline tables": 'point = { x = 1, y = { z = 2 } }\nlist = [ { name = "a" }, { name = "b", deep = { k = 3 } } ]\n',
    "arrays of tables": '[[groups]]\nid = "g1"\n[[groups.criteria]]\nid = "c1"\n[[groups.criteria]]\nid = "c2"\n'
    '[[groups]]\nid = "g2"\n[[groups.criteria]]\nid = "c3"\n',
    "fake headers in strings": 'text = """\n[fake]\nid = "no"\n[[also.fake]]\n"""\nafter = 1\n'
    "lit = '''\n[fake2]\n'''\n[real]\nkey = 'a [b] c'\n",
    "escapes and comments": 'a = "say \\"hi\\" # not a comment" # a comment\nb = \'C:\\path\\\' # c\n[t] # header comment\nc = 3\n',
    "whitespace": '  [ spaced . table ]  \n   key   =   "v"\n\t[[ "arr" ]]\n\tx = 1\n',
    "crlf": '[a]\r\nb = """\r\n[fake]\r\n"""\r\nc = 1\r\n[[d]]\r\ne = 2\r\n',
}


@pytest.mark.parametrize("text", HAND_WRITTEN.values(), ids=HAND_WRITTEN.keys())
def test_hand_written_toml(text):
    assert_points_at_keys(text)


def test_positions_of_named_keys():
    text = HAND_WRITTEN["arrays of tables"]
    positions = key_positions(text)
    assert positions[("groups", 1, "criteria", 0, "id")] == (10, 1)
    assert positions[("groups", 0, "criteria", 1)] == (5, 1)
    assert positions[("groups", 1)] == (7, 1)
    dotted = key_positions(HAND_WRITTEN["dotted keys"])
    assert dotted[("site", "google.com")] == (3, 6)
    inline = key_positions(HAND_WRITTEN["inline tables"])
    second_line = HAND_WRITTEN["inline tables"].splitlines()[1]
    assert inline[("list", 1, "deep", "k")] == (2, second_line.index("k = 3") + 1)


def test_locate_falls_back_to_the_nearest_written_parent():
    positions = key_positions('[a]\nb = 1\n')
    assert locate(positions, ("a", "missing", 3)) == (1, 1)
    assert locate(positions, ("a", "b")) == (2, 1)
    assert locate(positions, ("nowhere",)) == (1, 1)


def test_positions_up_to_a_depth_are_those_of_the_whole_text():
    """``deepest`` leaves out the paths longer than it and nothing else: every key, inline table,
    array and header shallower is where the whole scan puts it, however deep the rest goes."""
    texts = [*HAND_WRITTEN.values(), "x = 1\n" + "a." * 40 + "b = { c = [1, { d = 2 }] }\ny = 2\n",
             "[" + ".".join(["t"] * 10) + "]\nk = { a = 1 }\n[[t.u]]\nv = [[1], [2]]\n"]
    for text in texts:
        whole = key_positions(text)
        for deepest in (1, 2, 3, 5, 12, 50):
            assert key_positions(text, deepest) == {path: at for path, at in whole.items() if len(path) <= deepest}, (text, deepest)
