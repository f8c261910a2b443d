"""Diagnostics: problems in user files as ``path:line:col: message``.

Below ``content`` in the layers (it knows no content model), used by ``content``, ``store`` and
``review``:

* :mod:`ilt_kit.diagnostics.problems` — :class:`Problem`, :class:`FileProblems` and the rules a
  model reports (:class:`Rule`, :class:`RuleErrors`);
* :mod:`ilt_kit.diagnostics.locate` — the line and column of every key path in a TOML text;
* :mod:`ilt_kit.diagnostics.toml` — reading a file's text (refusing what is not a small regular
  UTF-8 file) and parsing it as TOML;
* :mod:`ilt_kit.diagnostics.validation` — a pydantic validation error as problems at their keys.

Import the module you need: this package imports none of them, so reading TOML never loads pydantic.
"""
