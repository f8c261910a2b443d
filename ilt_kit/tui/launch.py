"""Open the app for the command line: home, run, resume or review. User mistakes print, never trace."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ilt_kit.content.errors import FileProblems


def _fail(message: str) -> int:
    print(f"ilt-kit: {message}", file=sys.stderr)
    return 1


def launch(args: argparse.Namespace) -> int:
    from ilt_kit.tui.app import IltApp

    content = getattr(args, "content", [])
    library = None
    if args.command is not None:  # the home screen loads the content itself, after its first frame
        from ilt_kit.content.library import load_library

        library = load_library(content)
    team = None
    team_path: Path | None = getattr(args, "team", None)
    if team_path is not None:
        from ilt_kit.content.library import load_team

        try:
            team = load_team(team_path)
        except FileProblems as error:
            return _fail(f"cannot use the team file:\n{error}")
    sessions = getattr(args, "sessions", Path("sessions"))
    app = IltApp(library, sessions_dir=sessions, team=team)
    app.content_dirs = content
    start = None

    if args.command == "run":
        assert library is not None
        loaded = library.scenarios.get(args.scenario)
        if loaded is None:
            known = ", ".join(sorted(library.scenarios)) or "none"
            return _fail(f"no scenario '{args.scenario}'. Known scenarios: {known} (see `ilt-kit list`)")
        scenario = loaded.item
        if team is not None:
            title = args.title or f"{scenario.title}{' — ' + team.name if team.name else ''}"
            try:
                opened = app.new_session(scenario, team, title, team.facilitator)
            except (OSError, ValueError) as error:
                return _fail(f"cannot start the session: {error}")

            def start(app: IltApp):  # noqa: ANN202
                return app.run_screen(*opened)
        else:

            def start(app: IltApp):  # noqa: ANN202
                from ilt_kit.tui.screens.home import HomeScreen

                home = HomeScreen()
                app.call_after_refresh(home.ask_start, scenario)
                return home

    elif args.command == "resume":
        try:
            opened = app.open_session(args.file)
        except FileProblems as error:
            return _fail(f"cannot resume:\n{error}")
        app.sessions_dir = args.file.parent

        def start(app: IltApp):  # noqa: ANN202
            return app.run_screen(*opened)

    elif args.command == "review":
        folders = args.folders or [sessions]
        index_path = None if args.no_index else args.index

        def start(app: IltApp):  # noqa: ANN202
            from ilt_kit.tui.screens.review import ReviewScreen

            return ReviewScreen(folders, use_index=not args.no_index, index_path=index_path, school=args.school)

    app.start = start
    try:
        result = app.run()
    finally:
        if not app.flush_saves():
            print("ilt-kit: the last change is still being written; check the session file.", file=sys.stderr)
    return result or 0
