"""The review screen's tabs, one pane widget each (:class:`~ilt_kit.tui.screens.review.ReviewScreen`
holds them): the sessions list, the compare tab's trends, the follow-up tab's actions.

Each pane owns its keys, its actions and its CSS, and shows what the screen gives it (the loaded
sessions, the school chosen); a change that concerns the others (a session to open, an action
saved) it announces with a message of its own that carries what changed.
"""
