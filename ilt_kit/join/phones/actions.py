"""Action planning: the plan is typed on the projected screen; the phone says to look at it."""

from __future__ import annotations

from ilt_kit.join.phones.plain import IDEAS, answer, answers, full, public, task

__all__ = ["IDEAS", "answer", "answers", "full", "public", "task"]
