"""`ilt-kit run … --join`, `--join-host`, `--join-port`: parsed, checked, and handed to the app."""

from __future__ import annotations

import pytest

from ilt_kit.cli import build_parser


def test_join_options_default_to_closed_on_the_local_address():
    args = build_parser().parse_args(["run", "blue-sky"])
    assert (args.join, args.join_host, args.join_port) == (False, None, 8765)


@pytest.mark.parametrize("command", [["run", "blue-sky"], ["resume", "x.toml"]])
def test_join_options_are_read(command):
    args = build_parser().parse_args([*command, "--join", "--join-host", "127.0.0.1", "--join-port", "9000"])
    assert (args.join, args.join_host, args.join_port) == (True, "127.0.0.1", 9000)


@pytest.mark.parametrize("port", ["0", "70000", "http"])
def test_a_bad_port_is_refused_plainly(port, capsys):
    with pytest.raises(SystemExit) as raised:
        build_parser().parse_args(["run", "blue-sky", "--join-port", port])
    assert raised.value.code == 2
    assert "--join-port" in capsys.readouterr().err


def test_the_app_gets_the_options(monkeypatch):
    from ilt_kit.tui import app as app_module
    from ilt_kit.tui import launch

    seen = {}

    def fake_run(self):  # noqa: ANN001, ANN202
        seen.update(join=self.join_at_start, host=self.join_host, port=self.join_port)
        return 0

    monkeypatch.setattr(app_module.IltApp, "run", fake_run)
    monkeypatch.setattr(launch, "_terminal", lambda: True)  # the app's run is faked: no terminal needed
    args = build_parser().parse_args(["run", "blue-sky", "--join", "--join-host", "127.0.0.1", "--join-port", "9001"])
    assert launch.launch(args) == 0
    assert seen == {"join": True, "host": "127.0.0.1", "port": 9001}
