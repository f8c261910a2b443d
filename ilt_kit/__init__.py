"""ilt-kit: a terminal workshop kit for instructional leadership teams."""

__version__ = "0.1.0"
