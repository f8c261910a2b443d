"""What lets phones carry on after the app stops: the join address, code and who holds which name.

While joining is on, a small file beside the session file (``.NAME.join``, only its owner may
read it: it holds the devices' tokens) keeps the session token of the link, the typed code, the
port, whether joining is open, and each member's claim (the device's token, and what that device
sent itself). ``ilt-kit resume`` (or the app after a crash) reads it and starts joining again with
the same link, code and claims, so every phone goes on answering without joining again. Stopping
joining on purpose removes the file. It is no session: a review passes over it (a dot-file, not
``*.toml``), and no report ever reads it.

A file that cannot be read is said with its path and line (:class:`FileProblems`); the app then
starts a new join (a new link and code) and the session itself is untouched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.diagnostics.toml import parse_toml, read_text
from ilt_kit.diagnostics.validation import problems_from_validation
from ilt_kit.store.atomic import atomic_write

FILE_MODE = 0o600
"""Only the facilitator's account may read the file: a device's token answers for its member."""
HEADER = "# ilt-kit: the phones joined to the session beside this file (kept while joining is on). Not a session.\n"
VERSION = 1


class _Kept(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeptSent(_Kept):
    key: list[str | int] = Field(min_length=2, max_length=3)
    value: int | list[int]


class KeptClaim(_Kept):
    member: str = Field(min_length=1)
    token: str = Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    sent: list[KeptSent] = Field(default_factory=list)


class KeptJoin(_Kept):
    """The join of one session, as kept on disk."""

    version: int = Field(VERSION, ge=1, le=VERSION)
    token: str = Field(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    code: str = Field(min_length=4, max_length=12, pattern=r"^[A-Z0-9]+$")
    port: int = Field(ge=0, le=65535)
    open: bool = True
    approve_each: bool = False
    locked: list[str] = Field(default_factory=list)
    claims: list[KeptClaim] = Field(default_factory=list)

    def sent_of(self, claim: KeptClaim) -> dict[tuple, Any]:
        return {tuple(entry.key): tuple(entry.value) if isinstance(entry.value, list) else entry.value for entry in claim.sent}


def kept_path(session_path: Path) -> Path:
    """The join file of a session file: a dot-file beside it, as its journal and lock are."""
    return session_path.with_name(f".{session_path.name}.join")


def sent_entries(sent: dict[tuple, Any]) -> list[KeptSent]:
    return [KeptSent(key=list(key), value=list(value) if isinstance(value, tuple) else value) for key, value in sent.items()]


def write_kept(path: Path, kept: KeptJoin) -> None:
    """Write the join file atomically, readable by its owner only."""
    text = HEADER + tomli_w.dumps(kept.model_dump(mode="python"))
    atomic_write(path, text.encode("utf-8"), mode=FILE_MODE)


def read_kept(path: Path) -> KeptJoin | None:
    """The join kept beside a session (None: there is none). A file that cannot be used raises
    :class:`FileProblems` naming it, with the line."""
    if not os.path.lexists(path):
        return None
    text = read_text(path, follow_links=False)
    data = parse_toml(path, text)
    try:
        return KeptJoin.model_validate(data)
    except ValidationError as error:
        raise FileProblems(problems_from_validation(path, text, data, error)) from None


def remove_kept(path: Path) -> None:
    path.unlink(missing_ok=True)


__all__ = ["KeptClaim", "KeptJoin", "kept_path", "read_kept", "remove_kept", "sent_entries", "write_kept"]
