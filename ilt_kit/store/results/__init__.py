"""Each segment kind's result model (its part of a session record), one module per kind.

A kind's ``result`` in :data:`ilt_kit.content.kinds.KINDS` names its model here ("module:Class");
:data:`ilt_kit.store.record.RESULT_MODELS` and the session record's segments are built from the
registry, so a new kind adds its module and its entry there. A model's ``check`` and ``times`` hold
the kind's rules against the rest of the record (see :class:`~ilt_kit.store.results.base.SegmentBase`).
"""
