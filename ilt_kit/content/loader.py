"""Read a TOML file into a pydantic model, turning every mistake into ``path:line:col: message``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ilt_kit.content.errors import FileProblems, Problem, Rule, RuleErrors
from ilt_kit.content.locate import key_positions, locate
from ilt_kit.content.models import RULES

M = TypeVar("M", bound=BaseModel)

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_EOF = re.compile(r"\s*\(at end of document\)\s*$")


def read_toml(path: Path) -> tuple[str, dict[str, Any]]:
    """Read and parse a TOML file. Raises :class:`FileProblems` with a position for any failure."""
    try:
        if not path.exists():
            raise FileProblems.single(path, "no such file or folder")
        if path.is_dir():
            raise FileProblems.single(path, "this is a folder; expected a .toml file")
        raw = path.read_bytes()
    except OSError as error:
        raise FileProblems.single(path, f"cannot read: {error.strerror or error}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileProblems.single(
            path, f"not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8", line, col
        ) from None
    if not text.strip():
        raise FileProblems.single(path, "the file is empty")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = _TOML_POS.search(message)
        if match:
            line, col = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        else:
            line = text.count("\n") + 1
            col = 1
            message = _TOML_EOF.sub("", message)
        raise FileProblems.single(path, f"TOML syntax error: {message[:1].lower()}{message[1:]}", line, col) from None
    return text, data


def _path_in_data(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the parts of a pydantic ``loc`` that are not keys of the data (union tags, '[key]')."""
    path: list[Any] = []
    node = data
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not last:
            # a discriminated-union tag ('rubric', 'survey', ...) or a function-validator name
            continue
        else:
            path.append(part)
            break
    return tuple(path)


def _describe(error: dict[str, Any], path: tuple[Any, ...]) -> str:
    kind = error["type"]
    where = ".".join(str(p) for p in path if not isinstance(p, int)) or "file"
    key = next((str(p) for p in reversed(path) if isinstance(p, str)), "")
    if kind == "missing":
        parent = ".".join(str(p) for p in path[:-1] if not isinstance(p, int))
        return f"missing required key '{key}'" + (f" in '{parent}'" if parent else "")
    if kind == "extra_forbidden":
        return f"unknown key '{key}' (check the spelling; see `ilt-kit schema`)"
    if kind == "union_tag_invalid":
        expected = error.get("ctx", {}).get("expected_tags", "")
        found = error.get("ctx", {}).get("tag", "")
        return f"unknown segment kind '{found}'; expected one of {expected}"
    if kind == "union_tag_not_found":
        return "missing required key 'kind'"
    message = error["msg"]
    message = message.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"'{where}': {message[:1].lower()}{message[1:]} (got {type(error.get('input')).__name__})"
    return f"'{where}': {message}" if path else message


def _rule_problems(path: Path, positions: dict, base: tuple[Any, ...], rules: list[Rule]) -> list[Problem]:
    problems = []
    for rule in rules:
        line, col = locate(positions, base + rule.loc)
        message = rule.message
        if rule.related:
            parts = [f"{label} on line {locate(positions, base + loc)[0]}" for loc, label in rule.related]
            message += f" ({', '.join(parts)})"
        problems.append(Problem(str(path), line, col, message))
    return problems


def problems_from_validation(path: Path, text: str, data: Any, error: ValidationError) -> list[Problem]:
    positions = key_positions(text)
    problems = []
    for item in error.errors():
        raw_loc = tuple(item["loc"])
        rules = item.get("ctx", {}).get("error")
        if isinstance(rules, RuleErrors):  # a model's own rules: each at its own key
            problems.extend(_rule_problems(path, positions, _path_in_data(data, raw_loc), rules.rules))
            continue
        if item["type"] == "union_tag_invalid":
            raw_loc += ("kind",)  # point at the bad kind, not at the table
        loc = _path_in_data(data, raw_loc)
        line, col = locate(positions, loc)
        problems.append(Problem(str(path), line, col, _describe(item, loc)))
    return problems


def load_model(path: Path, model: type[M], data: dict[str, Any] | None = None, text: str | None = None) -> M:
    """Load ``path`` as ``model``; raise :class:`FileProblems` listing every problem with its position."""
    if data is None or text is None:
        text, data = read_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(path, text, data, error)
        rules_of = RULES.get(model)
        if rules_of is not None and not any(isinstance(e.get("ctx", {}).get("error"), RuleErrors) for e in error.errors()):
            # the structure has problems, so the model's own rules did not run: run them on the data
            problems += _rule_problems(path, key_positions(text), (), rules_of(data))
        raise FileProblems(problems) from None
