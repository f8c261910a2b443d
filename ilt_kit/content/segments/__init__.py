"""Each segment kind's content model (the scenario's segment table), one module per kind.

A module here is imported by the kinds registry (:data:`ilt_kit.content.kinds.KINDS`, the kind's ``model``);
the scenario's list of segments is built from the registry, so a new kind adds its module and its entry there.
"""
