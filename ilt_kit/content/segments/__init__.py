"""Segment kinds' content models, one module per kind (the others are still in ``content/models.py``).

The shared models come first: a kind's module builds on ``SegmentBase`` and the ``Segment`` union
lists it, so the union's module is loaded before any kind's, whichever is imported first.
"""

import ilt_kit.content.models  # noqa: F401
