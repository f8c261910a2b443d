"""Review saved sessions: scan a folder, follow trends, follow up open actions, write reports.

Pure Python, no Textual: the ``ilt-kit report`` command and the TUI review screens share it.

* :mod:`ilt_kit.review.scan` — ``scan(folder)`` loads every session file (bad ones named, never raised).
* :mod:`ilt_kit.review.entry` — ``SessionEntry`` and ``BadEntry``: what a review list knows of a file.
* :mod:`ilt_kit.review.walk` — ``session_files(folder)``: which files a review reads.
* :mod:`ilt_kit.review.copies` — ``resolve_copies(entries)``: each session once, conflict copies marked.
* :mod:`ilt_kit.review.dates` — ``date_key``/``peek_date_key``: where a session goes in date order.
* :mod:`ilt_kit.review.order` — ``sort_entries``, ``filter_entries`` and the filters' choices.
* :mod:`ilt_kit.review.trends` — ``trends(entries)``: agreed levels over time per rubric criterion.
* :mod:`ilt_kit.review.followup` — ``open_actions(entries, today)``, ``mark_done(path, ...)`` and ``mark_done_all(path, marks)``.
* :mod:`ilt_kit.review.report_md`, :mod:`~ilt_kit.review.report_csv`, :mod:`~ilt_kit.review.render_html` —
  ``report_md``, ``report_csv``, ``report_html(entries)``; :mod:`ilt_kit.review.report_command` —
  ``run_report(paths, fmt, output)``, the ``ilt-kit report`` command.
* :mod:`ilt_kit.review.summary` — ``summarize(record)``: every figure a summary of one session shows,
  each segment kind's part built by its summary section (:mod:`ilt_kit.review.sections`).

This package module imports nothing heavy itself; import the sub-module you need.
"""
