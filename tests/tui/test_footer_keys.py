"""The footer follows the keys by changing its key widgets in place: a widget it keeps says, and on a
click does, what its new key does."""

from __future__ import annotations

from textual.widgets import Input

from tests.tui.conftest import driven

SIZE = (120, 36)


async def test_a_key_widget_the_footer_keeps_shows_and_does_its_new_key(make_app):
    """Moving on to the brainstorm puts its keys first in the footer: the widgets that showed the
    prompt's keys are kept and show the brainstorm's; a click on the first one adds an idea (its
    new key, a), it does not start the timer (its old one, space)."""
    app, _ = make_app()
    async with driven(app, size=SIZE) as pilot:
        before = list(app.screen.query("FooterKey"))
        assert [k.description for k in before][:2] == ["Timer", "Next"]
        await pilot.press("n")
        after = list(app.screen.query("FooterKey"))
        assert [k.description for k in after][:4] == ["Add idea", "Edit", "Theme", "Merge"]
        assert after[0] is before[0]  # the very widget that showed the timer's key
        await pilot.click(after[0])
        await pilot.pause()
        assert not app.session.running
        assert app.focused is app.screen.query_one("#quick", Input)
