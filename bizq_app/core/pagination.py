"""Pages of results: every list in BizQ is ``items`` plus ``total``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from bizq_app.core.errors import ValidationFailed

T = TypeVar("T")
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # far past any list's end, and within a database's OFFSET
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and how many items the whole list holds."""

    items: list[T]
    total: int
    limit: int
    offset: int


def check_window(limit: int, offset: int) -> None:
    """Refuse a page window outside 1..MAX_LIMIT or before the start.

    Raises:
        ValidationFailed: ``limit`` or ``offset`` is out of range.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.field("$.limit", f"must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise ValidationFailed.field("$.offset", "must be 0 or more")


def paginate(session: Session, query: SelectOfScalar[Any], *, limit: int, offset: int) -> Page[Any]:
    """Run ``query`` for one page and count the whole result."""
    check_window(limit, offset)
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    items = list(session.exec(query.limit(limit).offset(offset)))
    return Page(items=items, total=int(total), limit=limit, offset=offset)
