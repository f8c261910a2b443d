"""A table filled a page at a time: a district's 10,000 sessions show at once, the rest follow."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from textual import on
from textual.widgets import DataTable

PAGE = 100
"""Rows added to a table at a time: a DataTable measures every cell it is given, so a district's
10,000 sessions go in a page at a time (the rest follow in the background and as the cursor nears
the end), and the first page shows at once."""
FILL_PAUSE = 0.05
"""Seconds between two background pages: keys are handled in between."""

Row = tuple[Sequence[Any], str]
"""A table row's cells and its key."""


class PagedTable(DataTable):
    """A :class:`~textual.widgets.DataTable` that shows a long list a page at a time: the first page
    at once, the others one by one in the background, and the next one at once when the cursor
    nears the end of what is shown."""

    _items: Sequence[Any] = ()
    _row: Callable[[Any], Row] | None = None

    def fill(self, items: Sequence[Any], row: Callable[[Any], Row]) -> None:
        """Show ``items`` (the table is already cleared), each made into its cells and key by ``row``."""
        self._items, self._row = items, row
        self._fill_page(items)

    def _fill_page(self, items: Sequence[Any], chained: bool = True) -> None:
        if items is not self._items or self._row is None:  # the table was refilled meanwhile
            return
        start = self.row_count
        for item in items[start : start + PAGE]:
            cells, key = self._row(item)
            self.add_row(*cells, key=key)
        if chained and self.row_count < len(items):
            self.set_timer(FILL_PAUSE, lambda: self._fill_page(items))

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= self.row_count - PAGE // 4:
            self._fill_page(self._items, chained=False)  # the cursor does not wait for the timer
