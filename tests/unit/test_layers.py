"""The layer contract over every module of the package, and the core's freedom from Textual.

The contracts themselves live in ``pyproject.toml`` (``[tool.importlinter]``): literal -> diagnostics -> content ->
store -> session -> review -> tui/cli, each layer importing only the ones below it, and no core module importing Textual, at
module level or inside a function. The second test imports every core module (found by walking the
package, not listed by hand) in a fresh interpreter and checks that neither Textual nor Rich was loaded.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.unit.package_modules import PACKAGE, modules, source, tree

ROOT = Path(__file__).resolve().parents[2]
CORE = ("diagnostics", "content", "store", "session", "review", "join")


def test_import_contracts_are_kept():
    from importlinter.cli import lint_imports

    # lint_imports reads pyproject.toml from the working folder and returns 0 when every contract is kept
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        mp.syspath_prepend(str(ROOT))
        assert lint_imports(no_cache=True) == 0


def test_contract_names_every_top_level_part():
    import tomllib

    import ilt_kit

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c for c in config["contracts"] if c["id"] == "layers")
    parts = {m.name for m in pkgutil.iter_modules(ilt_kit.__path__) if m.name != "builtin"}
    assert set(layers["layers"]) == parts
    assert layers.get("exhaustive") is True


def core_modules() -> list[str]:
    import ilt_kit

    names = []
    for sub in CORE:
        package = __import__(f"ilt_kit.{sub}", fromlist=["_"])
        names.append(package.__name__)
        names += [m.name for m in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")]
    return sorted(names)


def test_every_core_module_and_the_cli_load_without_textual_or_rich():
    modules = core_modules() + ["ilt_kit.cli"]
    assert len(modules) > 20, modules  # the walk found the package, not an empty folder
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_no_module_over_600_lines_and_no_class_over_40_methods():
    """The size rule of the codebase, over every module of the package (read, not imported)."""
    import ast

    too_big = []
    for path in modules():
        text = source(path)
        name = path.relative_to(PACKAGE.parent).as_posix()
        if len(text.splitlines()) > 600:
            too_big.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(tree(path)):
            if isinstance(node, ast.ClassDef):
                methods = sum(isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) for item in node.body)
                if methods > 40:
                    too_big.append(f"{name}: class {node.name} has {methods} methods")
    assert too_big == []
