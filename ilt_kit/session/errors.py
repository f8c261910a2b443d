"""The one error the engine raises (see :mod:`ilt_kit.session.core`)."""

from __future__ import annotations


class DomainError(ValueError):
    """An impossible request: nothing was changed."""
