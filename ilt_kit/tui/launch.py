"""Open the app for the command line: home, run, resume or review. User mistakes print, never trace."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ilt_kit.diagnostics.problems import FileProblems


def _say(message: str) -> None:
    from ilt_kit.literal import visible

    print(f"ilt-kit: {visible(message)}", file=sys.stderr)


def _fail(message: str) -> int:
    _say(message)
    return 1


def _usage(message: str) -> int:
    """A mistake in the command line itself: said, exit code 2 (as argparse does)."""
    _say(message)
    return 2


def _unknown_scenario(wanted: str, known: list[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(wanted, known, n=3, cutoff=0.6)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"no scenario {wanted!r}.{hint} Known scenarios: {', '.join(known) or 'none'} (see `ilt-kit list`)"


NO_TERMINAL = "needs a terminal to run in: its input or output is not one (a pipe, a file or /dev/null)"


def _terminal() -> bool:
    """Whether the app has a terminal to read keys from and draw on; without one it cannot run
    (a driver chosen in ``TEXTUAL_DRIVER``, such as the headless one, needs none)."""
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    return sys.stdin is not None and sys.stdout is not None and sys.stdin.isatty() and sys.stdout.isatty()


def launch(args: argparse.Namespace) -> int:
    sessions = getattr(args, "sessions", Path("sessions"))
    if sessions.exists() and not sessions.is_dir():
        return _usage(f"--sessions {sessions}: that is a file; --sessions names the folder sessions are saved in")
    if args.command == "review":
        missing = [folder for folder in args.folders if not folder.exists()]
        for folder in missing:
            _say(f"{folder}: no such file or folder")
        if missing:
            return 2

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
    app = IltApp(library, sessions_dir=sessions, team=team)
    app.content_dirs = content
    app.join_at_start = getattr(args, "join", False)
    app.join_host = getattr(args, "join_host", None)
    app.join_port = getattr(args, "join_port", 8765)
    start = None

    if args.command == "run":
        assert library is not None
        loaded = library.scenarios.get(args.scenario)
        if loaded is None:
            return _fail(_unknown_scenario(args.scenario, sorted(library.scenarios)))
        scenario = loaded.item
        if not _terminal():  # before a session file is made for it
            return _fail(NO_TERMINAL)
        if team is not None:
            title = args.title or f"{scenario.title}{' — ' + team.name if team.name else ''}"
            try:
                opened = app.new_session(scenario, team, title, team.facilitator)
            except (OSError, ValueError, RuntimeError) as error:
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
        from ilt_kit.store.files import SessionInUse

        try:
            opened = app.open_session(args.file)
        except FileProblems as error:
            return _fail(f"cannot resume:\n{error}")
        except (SessionInUse, OSError) as error:
            return _fail(f"cannot resume: {error}")
        app.sessions_dir = args.file.parent

        def start(app: IltApp):  # noqa: ANN202
            return app.run_screen(*opened)

    elif args.command == "review":
        folders = args.folders or [sessions]
        index_path = None if args.no_index else args.index

        def start(app: IltApp):  # noqa: ANN202
            from ilt_kit.tui.screens.review import ReviewScreen

            return ReviewScreen(folders, use_index=not args.no_index, index_path=index_path, school=args.school)

    if not _terminal():  # the session opened above is let go untouched
        app.close_session()
        return _fail(NO_TERMINAL)
    app.start = start
    try:
        result = app.run()
    finally:
        app.close_session()  # what can still be written is written, whatever ended the app
    return _ending(app, result)


def _ending(app, result: int | None) -> int:  # noqa: ANN001
    """The exit code, and one line on the terminal when the app did not end cleanly."""
    path = app.saver.handle.path if app.saver is not None else None
    where = f"; the session is in {path} (continue with: ilt-kit resume {path})" if path else ""
    if app.crashed is not None:
        error = app.crashed
        text = " ".join(str(error).split())[:200]
        if app.unsaved:
            where = f"; the last changes could not be written to {path}"
        return _fail(f"unexpected error ({type(error).__name__}: {text}){where}")
    if app.unsaved:
        reason = app.saving.reason()
        if app.saved_elsewhere is not None:
            _say(f"{path} could not be written ({reason}); the session was saved to {app.saved_elsewhere}")
            return 0
        kept = " (its journal holds them: ilt-kit resume brings them back)" if app.saver.journal_holds_all else ""
        return _fail(f"quit with unsaved changes: {path} could not be written ({reason}){kept}")
    return result or app.return_code or 0
