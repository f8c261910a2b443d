"""The ``ilt-kit`` command line.

``list``, ``check``, ``schema`` and ``report`` never import Textual, so they start fast; the TUI is
imported only by the commands that open it (no command, ``run``, ``resume``, ``review``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from ilt_kit import __version__

SCHEMA_KINDS = ("rubric", "scenario", "team", "session")


def _add_content_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # sub-commands SUPPRESS their defaults so that an option given before the command survives
    parser.add_argument(
        "--content",
        metavar="DIR",
        action="append",
        type=Path,
        default=[] if top else argparse.SUPPRESS,
        help="an extra content folder (holding scenarios/ and rubrics/); repeatable; overrides built-ins",
    )


def _add_sessions_option(parser: argparse.ArgumentParser, top: bool = False) -> None:
    parser.add_argument(
        "--sessions",
        metavar="DIR",
        type=Path,
        default=Path("sessions") if top else argparse.SUPPRESS,
        help="where sessions are saved (default ./sessions)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ilt-kit",
        description="A workshop kit for instructional leadership teams. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"ilt-kit {__version__}")
    _add_content_option(parser, top=True)
    _add_sessions_option(parser, top=True)
    parser.add_argument("--team", metavar="FILE", type=Path, help="a team file to offer when starting a session")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("list", help="list the scenarios and rubrics that can be used")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    _add_content_option(p)
    _add_index_options(p)

    p = commands.add_parser("check", help="validate content, team and session files")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders; none: all discovered content")
    _add_content_option(p)

    p = commands.add_parser("schema", help="print the JSON Schema of a file format")
    p.add_argument("kind", choices=SCHEMA_KINDS)

    p = commands.add_parser("run", help="start a session of a scenario")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id (see `ilt-kit list`)")
    p.add_argument(
        "--team", metavar="FILE", type=Path, default=argparse.SUPPRESS, help="a team file (name, facilitator, members)"
    )
    p.add_argument("--title", metavar="TEXT", help="the session's title")
    _add_content_option(p)
    _add_sessions_option(p)

    p = commands.add_parser("resume", help="continue an unfinished session (its timer comes back paused)")
    p.add_argument("file", type=Path, metavar="FILE")
    _add_content_option(p)

    p = commands.add_parser(
        "review",
        help="browse, compare and follow up saved sessions",
        description="Browse, compare and follow up the sessions saved in one or more folders (a district's "
        "schools' sessions/ folders, say). Each session is listed once, however many copies of its file there are.",
    )
    p.add_argument("folders", nargs="*", type=Path, metavar="DIR", help="session folders or files; default: ./sessions")
    p.add_argument("--school", metavar="NAME", help="start with the list filtered to this school")
    _add_index_options(p)

    p = commands.add_parser("report", help="write a report of saved sessions (md, csv or html)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="session files or folders (several: one report)")
    p.add_argument("--format", choices=("md", "csv", "html"), default="md")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (never over an existing file); default stdout")
    p.add_argument(
        "--school", metavar="NAME", action="append", default=[], help="only this school's sessions (any case); repeatable"
    )
    _add_index_options(p)
    return parser


def _add_index_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-index",
        action="store_true",
        help="parse every file; neither read nor write the index of unchanged files (see docs/district.md)",
    )
    parser.add_argument(
        "--index",
        metavar="FILE",
        type=Path,
        help="the index file (default: review-index.sqlite3 in ilt-kit's folder of the user's cache, $XDG_CACHE_HOME)",
    )


def review_index(args: argparse.Namespace):  # noqa: ANN201 - an Index or None, imported lazily
    """The index ``review`` and ``report`` use: None with ``--no-index`` or when it cannot be opened."""
    if args.no_index:
        return None
    from ilt_kit.review.index import open_index

    return open_index(args.index)


def _console():  # Rich is imported lazily: `schema` does not need it
    from rich.console import Console

    return Console()


def _err(message: str) -> None:
    print(f"ilt-kit: {message}", file=sys.stderr)


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------- list


def _listing(content: list[Path]) -> dict[str, Any]:
    """What ``list`` shows, from the content library loaded and validated (the slow part)."""
    from ilt_kit.content.library import load_library

    library = load_library(content)
    return {
        "scenarios": [
            {
                "id": s.item.id,
                "title": s.item.title,
                "minutes": s.item.minutes,
                "segments": len(s.item.segments),
                "framework": s.item.source.framework,
                "from": s.origin.label,
                "path": str(s.path),
            }
            for s in library.scenarios.values()
        ],
        "rubrics": [
            {
                "id": r.item.id,
                "title": r.item.title,
                "kind": r.item.kind,
                "criteria": len(r.item.criteria),
                "scale": [level.label for level in r.item.scale.levels],
                "scale_ends": [[level.value, level.label] for level in (r.item.scale.levels[0], r.item.scale.levels[-1])],
                "from": r.origin.label,
                "path": str(r.path),
            }
            for r in library.rubrics.values()
        ],
        "problems": [str(p) for p in library.problems],
    }


def _content_signature(content: list[Path]) -> str:
    """Every content file ``list`` would read, with its size and time: unchanged, the kept listing holds."""
    import os

    from ilt_kit.content.sources import content_sources, files_in

    parts: list[Any] = [__version__, str(Path.cwd())]
    for origin in content_sources(content):
        parts.append([origin.label, str(origin.folder), origin.folder.is_dir()])
        for sub in ("rubrics", "scenarios"):
            for path in files_in(origin, sub):
                info = os.stat(path)
                parts.append([str(path), info.st_size, info.st_mtime_ns])
    return json.dumps(parts)


def cmd_list(args: argparse.Namespace) -> int:
    """The content listing; kept in the index with the signature of the files it came from, so that
    a second ``list`` over unchanged content loads no content models (it needs no pydantic at all)."""
    index = review_index(args)
    payload = None
    try:
        if index is not None:
            signature = _content_signature(args.content)
            kept = index.cached("list", signature)
            payload = json.loads(kept) if kept is not None else None
        if payload is None:
            payload = _listing(args.content)
            if index is not None:
                index.keep("list", signature, json.dumps(payload))
    finally:
        if index is not None:
            index.close()
    if args.json:
        for rubric in payload["rubrics"]:
            del rubric["scale_ends"]
        print(json.dumps(payload, indent=2))
        return 0

    from rich.table import Table

    console = _console()
    table = Table(title="Scenarios", title_justify="left", expand=False)
    for column in ("id", "title", "min", "segments", "source", "from"):
        table.add_column(column, justify="right" if column in ("min", "segments") else "left")
    for s in sorted(payload["scenarios"], key=lambda s: s["id"]):
        table.add_row(
            s["id"],
            s["title"],
            str(s["minutes"]),
            str(s["segments"]),
            s["framework"],
            s["from"] if s["from"] == "built-in" else _relative(Path(s["path"])),
        )
    console.print(table)
    table = Table(title="Rubrics and surveys", title_justify="left")
    for column in ("id", "title", "kind", "criteria", "scale", "from"):
        table.add_column(column, justify="right" if column == "criteria" else "left")
    for r in sorted(payload["rubrics"], key=lambda r: r["id"]):
        (low, low_label), (high, high_label) = r["scale_ends"]
        table.add_row(
            r["id"],
            r["title"],
            r["kind"],
            str(r["criteria"]),
            f"{low} {low_label} … {high} {high_label}",
            r["from"] if r["from"] == "built-in" else _relative(Path(r["path"])),
        )
    console.print(table)
    for problem in payload["problems"]:
        _err(f"skipped: {problem}")
    return 0


# --------------------------------------------------------------------------------------- check


def _expand(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # hidden files and folders (editor backups, interrupted saves' temp files) are not content
            found = sorted(
                p for p in path.rglob("*.toml") if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found if found else [path])
        else:
            files.append(path)
    return files


def check_paths(paths: Sequence[Path], content: list[Path]) -> tuple[int, list[Any]]:
    """Check files; returns (files checked, problems). Scenarios are checked against the library."""
    from ilt_kit.content.errors import FileProblems, Problem
    from ilt_kit.content.library import Library, Origin, guess_kind, load_library
    from ilt_kit.content.loader import load_model, read_toml
    from ilt_kit.content.models import Team

    library: Library | None = None
    problems: list[Problem] = []
    files = _expand(paths)
    for path in files:
        try:
            text, data = read_toml(path)
            kind = guess_kind(path, data)
            if kind is None:
                raise FileProblems.single(
                    path,
                    "cannot tell what this file is: a rubric has 'scale' and 'groups', a scenario 'segments', "
                    "a team 'members', a session 'schema_version'",
                )
            if kind == "team":
                load_model(path, Team, data, text)
            elif kind == "session":
                from ilt_kit.store.files import validate_session_text

                validate_session_text(path, text, data)
            else:
                if library is None:
                    library = load_library(content)
                scratch = Library(rubrics=dict(library.rubrics), scenarios={})
                scratch.add(kind, path, Origin("check", path.parent))
                scratch.check_references()
                problems.extend(p for p in scratch.problems if Path(p.path) == path)
        except FileProblems as error:
            problems.extend(error.problems)
    return len(files), problems


def cmd_check(args: argparse.Namespace) -> int:
    if args.paths:
        count, problems = check_paths(args.paths, args.content)
    else:
        from ilt_kit.content.library import load_library

        library = load_library(args.content)
        count, problems = library.files_read, library.problems
    for problem in sorted(problems):
        print(problem)
    bad = len({p.path for p in problems})
    if problems:
        print(f"{bad} of {count} files have problems ({len(problems)} in all)", file=sys.stderr)
        return 1
    print(f"ok: {count} files checked, no problems")
    return 0


# -------------------------------------------------------------------------------------- schema


def schema_for(kind: str) -> dict[str, Any]:
    if kind == "session":
        from ilt_kit.store.record import SessionRecord as model
    else:
        from ilt_kit.content import models

        model = {"rubric": models.Rubric, "scenario": models.Scenario, "team": models.Team}[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = f"ilt-kit {kind}"
    return schema


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema_for(args.kind), indent=2))
    return 0


# ------------------------------------------------------------------------------------- commands


def cmd_report(args: argparse.Namespace) -> int:
    from ilt_kit.review.report import run_report

    index = review_index(args)
    try:
        return run_report(args.paths, args.format, args.output, index=index, schools=args.school)
    finally:
        if index is not None:
            index.close()


def cmd_tui(args: argparse.Namespace) -> int:
    from ilt_kit.tui.launch import launch

    return launch(args)


COMMANDS = {
    "list": cmd_list,
    "check": cmd_check,
    "schema": cmd_schema,
    "report": cmd_report,
    None: cmd_tui,
    "run": cmd_tui,
    "resume": cmd_tui,
    "review": cmd_tui,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
