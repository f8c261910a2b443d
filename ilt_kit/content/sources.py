"""Where content comes from: the content folders in their order, and the files in each.

Light on purpose (no pydantic): ``ilt-kit list`` finds the files here and, when none changed since
it last listed them, prints the listing it kept without loading the content models at all.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_root() -> Path:
    """Where the built-in scenarios/ and rubrics/ are: inside an installed wheel, or the checkout."""
    shipped = PACKAGE_DIR / "builtin"
    if (shipped / "scenarios").is_dir():
        return shipped
    return PACKAGE_DIR.parent


@dataclass(frozen=True)
class Origin:
    label: str  # "built-in", "./scenarios", "--content DIR", ...
    folder: Path


def content_sources(extra: list[Path] | None = None, cwd: Path | None = None) -> list[Origin]:
    cwd = cwd or Path.cwd()
    sources = [Origin("built-in", builtin_root())]
    local = Origin("./", cwd)
    if local.folder.resolve() != sources[0].folder.resolve():
        sources.append(local)
    for item in os.environ.get("ILT_KIT_CONTENT", "").split(os.pathsep):
        if item.strip():
            sources.append(Origin("ILT_KIT_CONTENT", Path(item.strip())))
    for item in extra or []:
        sources.append(Origin("--content", Path(item)))
    return sources


def is_folder(path: Path) -> bool:
    """``path.is_dir()`` that says False, rather than raising, where the path cannot be looked at."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def is_absent(path: Path) -> bool:
    """Nothing is there, not even a link. A path that cannot be looked at (in a folder that may
    not be entered) is not absent: reading it says why it cannot be read, with its name."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return True
    except (OSError, ValueError):
        return False
    return False


def files_in(origin: Origin, sub: str) -> list[Path]:
    folder = origin.folder
    if folder.name == sub and is_folder(folder):
        return sorted(folder.glob("*.toml"))
    if is_folder(folder / sub):
        return sorted((folder / sub).glob("*.toml"))
    return []
