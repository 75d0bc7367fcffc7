"""Paging through a list that a page's state loads one page at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import reflex as rx

PAGE_SIZE = 25


class PagedState(rx.State, mixin=True):
    """``page`` and ``total`` of a list, and the events that turn its pages.

    Mixed into a page's state next to ``SessionState``; that state's ``load`` reads
    the rows of ``page`` (``limit=PAGE_SIZE, offset=self.offset``) and sets ``total``.
    """

    page: int = 0
    total: int = 0

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def offset(self) -> int:
        return self.page * PAGE_SIZE

    if TYPE_CHECKING:
        # Each state that pages defines ``load``: read the rows of ``page``.
        load: Callable[[], Any]

    @rx.event
    def next_page(self) -> None:
        if self.page + 1 < self.page_count:
            self.page += 1
            self.load()

    @rx.event
    def previous_page(self) -> None:
        self.page = max(0, self.page - 1)
        self.load()
