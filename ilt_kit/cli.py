"""The ``ilt-kit`` command line.

``list``, ``check``, ``schema`` and ``report`` never import Textual, so they start fast; the TUI is
imported only by the commands that open it (no command, ``run``, ``resume``, ``review``).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Sequence

from ilt_kit import __version__

SCHEMA_KINDS = ("rubric", "scenario", "team", "session", "goals")


def _join_port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 1 to 65535, not {port}")
    return port


def _add_join_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--join", action="store_true", help="start with joining open: members answer from their own phones (see docs/join.md)"
    )
    p.add_argument(
        "--join-host",
        metavar="ADDRESS",
        help="the address phones reach (default: this machine's address on its local network; "
        "0.0.0.0 listens on every network, only if you ask for it)",
    )
    p.add_argument("--join-port", metavar="PORT", type=_join_port, default=8765, help="the port phones reach (default 8765)")


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

    p = commands.add_parser("check", help="validate content, team, session and goals files")
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders, checked together (a scenario may use a rubric named beside it); none: all discovered content",
    )
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
    _add_join_options(p)

    p = commands.add_parser("resume", help="continue an unfinished session (its timer comes back paused)")
    p.add_argument("file", type=Path, metavar="FILE")
    _add_content_option(p)
    _add_join_options(p)

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
    p.add_argument("--force", action="store_true", help="with -o: replace an existing FILE (atomically)")
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

    # text from files is never markup: `[/]` in a title prints as written
    return Console(markup=False, emoji=False, highlight=False)


def _err(message: str) -> None:
    from ilt_kit.literal import visible

    print(f"ilt-kit: {visible(message)}", file=sys.stderr)


def _relative(path: Path) -> str:
    from ilt_kit.diagnostics.toml import resolved

    try:
        return str(resolved(path).relative_to(Path.cwd().resolve()))
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
                "scale_range": f"{0 if r.item.scale.no_evidence else r.item.scale.levels[0].value}-{r.item.scale.levels[-1].value}",
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
                try:
                    info = os.stat(path)
                except OSError as error:  # a loop of links, a folder that may not be entered: the read says so
                    parts.append([str(path), error.errno])
                    continue
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
            del rubric["scale_range"]  # the table's, not part of the JSON listing
        print(json.dumps(payload, indent=2))
        return 0

    from rich import box
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from ilt_kit.literal import visible

    console = _console()

    def where(item: dict[str, Any]) -> str:
        return visible(item["from"] if item["from"] == "built-in" else _relative(Path(item["path"])))

    def show(title: str, columns: list[tuple[str, dict[str, Any]]], rows: list[list[Text | str]], room: int) -> None:
        """A table whose first column, the id a user types, is never cut: the other columns wrap,
        and when even that leaves them too little room (``room``: what they need at least, but
        for the last column), each item is an id line with its details indented below it."""
        widest = max((len(str(row[0])) for row in rows), default=2)
        # the last column, where an item came from, breaks only after a '/' (a path is never cut mid-word)
        paths = [str(row[-1]) for row in rows]
        longest_piece = max((len(piece) for path in paths for piece in _path_pieces(path)), default=0)
        from_width = max(min(FROM_WIDTH, max(map(len, paths), default=0)), longest_piece)
        if widest + room + from_width > console.width:  # narrower, down to the longest part of a path
            from_width = max(longest_piece, console.width - widest - room)
        if widest + room + from_width <= console.width:
            # a blank line between items, so that an item's wrapped lines are not read as the next one's
            table = Table(
                title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, title_style="bold", leading=1
            )
            table.add_column(columns[0][0], no_wrap=True, min_width=widest)
            for name, options in columns[1:]:
                table.add_column(name, **options)
            table.columns[-1].width = from_width
            for row, path in zip(rows, paths):
                table.add_row(*row[:-1], Text("\n".join(_path_lines(path, from_width))))
            console.print(table)
            return
        console.print(Text(title, style="bold"))
        for row, path in zip(rows, paths):
            console.print(Text(" ") + Text(str(row[0]), style="bold"), overflow="fold", crop=False)
            details = Text(" · ").join(
                Text(_spelt_out(name, str(cell))) for (name, _), cell in zip(columns[1:-1], row[1:-1])
            )
            details.append("\nfrom " + "\n     ".join(_path_lines(path, console.width - 9)))
            console.print(Padding(details, (0, 0, 0, 4)))

    rows: list[list[Text | str]] = []
    for s in sorted(payload["scenarios"], key=lambda s: s["id"]):
        title = Text(s["title"], overflow="fold")
        title.append(f"\nframework: {s['framework']}", style="dim")
        rows.append([Text(s["id"]), title, str(s["minutes"]), str(s["segments"]), where(s)])
    right = {"justify": "right"}
    show(
        "Scenarios",
        [("id", {}), ("title", {"ratio": 1}), ("min", right), ("segs", right), ("from", {"no_wrap": True})],
        rows,
        room=35,
    )
    console.print()
    rows = []
    for r in sorted(payload["rubrics"], key=lambda r: r["id"]):
        rows.append([
            Text(r["id"]),
            Text(r["title"], overflow="fold"),
            r["kind"],
            str(r["criteria"]),
            r["scale_range"],
            where(r),
        ])
    show(
        "Rubrics and surveys",
        [("id", {}), ("title", {"ratio": 1}), ("kind", {}), ("crit.", right), ("scale", {}), ("from", {"no_wrap": True})],
        rows,
        room=49,
    )
    for problem in payload["problems"]:
        _err(f"skipped: {problem}")
    return 0


FROM_WIDTH = 30
"""The width of ``list``'s 'from' column, unless a part of a path between two '/' needs more."""


def _path_pieces(path: str) -> list[str]:
    """A path cut after each '/' (or '\\'): the places it may break across lines."""
    return re.findall(r"[^/\\]*[/\\]|[^/\\]+$", path)


def _path_lines(path: str, width: int) -> list[str]:
    """``path`` on lines of at most ``width`` characters, broken only after a '/' (a longer part
    between two '/' keeps a line of its own)."""
    lines = [""]
    for piece in _path_pieces(path):
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return lines


def _spelt_out(column: str, cell: str) -> str:
    """A table cell said in words, for the stacked layout of ``list``: '3 criteria', 'scale 0-4'."""
    if column in ("title", "kind"):
        return cell.replace("\n", " — ")
    from ilt_kit.literal import plural

    words = {"crit.": ("criterion", "criteria"), "segs": ("segment", None), "min": ("minute", None)}
    return plural(int(cell), *words[column]) if column in words else f"{column} {cell}"


# --------------------------------------------------------------------------------------- check


def _expand(paths: Sequence[Path]) -> list[Path]:
    from ilt_kit.content.sources import is_folder
    from ilt_kit.diagnostics.toml import resolved

    files: list[Path] = []
    for path in paths:
        if is_folder(path):
            # hidden files and folders (editor backups, interrupted saves' temp files) are not content
            found = sorted(
                p for p in path.rglob("*.toml") if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            files.extend(found if found else [path])
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for file in files:  # a file named twice (or inside a folder also named) is checked once
        key = resolved(file)
        if key not in seen:
            seen.add(key)
            unique.append(file)
    return unique


def check_paths(paths: Sequence[Path], content: list[Path]) -> tuple[int, list[Any]]:
    """Check files; returns (files checked, problems, grouped by file in the order read).

    The rubrics and scenarios given are content sources themselves, read after (so over) every
    discovered source: a scenario's reference resolves to a rubric given beside it, from any
    folder. Rubrics are read before scenarios, so a scenario that uses a broken rubric comes after
    that rubric's problems ("has problems, see above").
    """
    from ilt_kit.content.library import Library, Origin, guess_kind, load_library
    from ilt_kit.content.loader import load_model
    from ilt_kit.content.models import Team
    from ilt_kit.diagnostics.problems import FileProblems, Problem
    from ilt_kit.diagnostics.toml import read_toml, resolved

    problems: list[Problem] = []
    files = _expand(paths)
    content_files: dict[str, list[Path]] = {"rubric": [], "scenario": []}
    goals_files: list[tuple[Path, str, Any]] = []  # loaded: their references are checked with the content
    read: dict[Path, tuple[str, dict[str, Any]]] = {}  # each file is parsed once
    for path in files:
        try:
            read[resolved(path)] = read_toml(path)
        except FileProblems as error:
            problems.extend(error.problems)
    for path in files:
        if resolved(path) not in read:
            continue
        try:
            text, data = read[resolved(path)]
            kind = guess_kind(path, data)
            if kind is None:
                raise FileProblems.single(
                    path,
                    "cannot tell what this file is: a rubric has 'scale' and 'groups', a scenario 'segments', "
                    "a team 'members', a session 'schema_version', a goals file 'goals'",
                )
            if kind == "team":
                load_model(path, Team, data, text)
            elif kind == "goals":
                from ilt_kit.content.goals import load_goals

                goals_files.append((path, text, data))  # its references are checked even if it has problems
                load_goals(path, data, text)
            elif kind == "session":
                from ilt_kit.store.files import validate_session_text

                validate_session_text(path, text, data)
            else:
                content_files[kind].append(path)
        except FileProblems as error:
            problems.extend(error.problems)
    if content_files["rubric"] or content_files["scenario"] or goals_files:
        library = load_library(content, read=read)
        given = Library(rubrics=dict(library.rubrics), scenarios={})
        origin = Origin("check", Path.cwd())  # one source: an id given twice is a duplicate
        for kind in ("rubric", "scenario"):
            for path in content_files[kind]:
                given.add(kind, path, origin, read[resolved(path)])  # type: ignore[arg-type]
        given.check_references()
        named = {str(path) for paths_of_kind in content_files.values() for path in paths_of_kind}
        problems.extend(p for p in given.problems if p.path in named)
        from ilt_kit.content.goals import goal_reference_problems

        for path, text, data in goals_files:
            problems.extend(goal_reference_problems(path, text, data, given))
    return len(files), problems


def in_reading_order(problems: Sequence[Any]) -> list[Any]:
    """Problems grouped by file, files in the order their first problem came, each file's by line."""
    first: dict[str, int] = {}
    for index, problem in enumerate(problems):
        first.setdefault(problem.path, index)
    return sorted(problems, key=lambda p: (first[p.path], p.line, p.col, p.message))


def cmd_check(args: argparse.Namespace) -> int:
    if args.paths:
        count, problems = check_paths(args.paths, args.content)
    else:
        from ilt_kit.content.library import load_library

        library = load_library(args.content)
        count, problems = library.files_read, library.problems
    for problem in in_reading_order(problems):
        print(problem)
    from ilt_kit.literal import plural

    bad = len({p.path for p in problems})
    if problems:
        have = "has" if bad == 1 else "have"
        print(f"{bad} of {plural(count, 'file')} {have} problems ({len(problems)} in all)", file=sys.stderr)
        return 1
    print(f"ok: {plural(count, 'file')} checked, no problems")
    return 0


# -------------------------------------------------------------------------------------- schema


def schema_for(kind: str) -> dict[str, Any]:
    if kind == "session":
        from ilt_kit.store.record import SessionRecord as model
    elif kind == "goals":
        from ilt_kit.content.goals import GoalsFile as model
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
    from ilt_kit.review.report_command import run_report

    if args.force and args.output is None:
        _err("--force replaces the file named by -o; give -o FILE")
        return 2
    index = review_index(args)
    try:
        return run_report(args.paths, args.format, args.output, force=args.force, index=index, schools=args.school)
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
