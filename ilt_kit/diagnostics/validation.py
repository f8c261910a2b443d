"""A pydantic validation error as problems at their keys: ``path:line:col: message`` for each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ilt_kit.diagnostics.locate import key_positions, locate
from ilt_kit.diagnostics.problems import Problem, Rule, RuleErrors


def _path_in_data(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the parts of a pydantic ``loc`` that are not keys of the data (union tags, '[key]')."""
    path: list[Any] = []
    node = data
    tagged = None
    for index, part in enumerate(loc):
        last = index == len(loc) - 1
        if isinstance(node, dict) and part == node.get("kind") and node is not tagged:
            tagged = node  # a discriminated-union tag, even where a field has the same name ('actions')
            continue
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


def rule_problems(path: Path, positions: dict, base: tuple[Any, ...], rules: list[Rule]) -> list[Problem]:
    """Each broken rule at its key (``base`` + the rule's own path), naming the lines of related keys."""
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
            problems.extend(rule_problems(path, positions, _path_in_data(data, raw_loc), rules.rules))
            continue
        if item["type"] == "union_tag_invalid":
            raw_loc += ("kind",)  # point at the bad kind, not at the table
        loc = _path_in_data(data, raw_loc)
        line, col = locate(positions, loc)
        problems.append(Problem(str(path), line, col, _describe(item, loc)))
    return problems
