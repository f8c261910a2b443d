"""Segment kinds' content models, one module per kind (the others are still in ``content/models.py``).

The shared models come first: a kind's module builds on ``SegmentBase`` and the ``Segment`` union
lists it, so the union's module is loaded before any kind's, whichever is imported first.
"""

from ilt_kit.content import models

__all__ = ["models"]
