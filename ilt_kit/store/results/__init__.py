"""Segment kinds' record models, one module per kind (the others are still in ``store/record.py``).

The record's module comes first: a kind's module builds on its ``SegmentBase`` and the
``SegmentResult`` union lists it, so the union's module is loaded before any kind's, whichever is
imported first.
"""

from ilt_kit.store import record

__all__ = ["record"]
