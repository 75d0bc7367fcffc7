"""The status tabs' counts: every status of one store's products, in one query."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session

from bizq_app.catalog import products
from bizq_app.core.errors import BizQError
from tests.factories import make_product, make_store, make_user


@contextmanager
def product_reads(session: Session) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs that read the products table."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM products" in statement:
            seen.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(connection, "before_cursor_execute", note)


def test_each_status_is_counted_for_the_store_alone_in_one_query(session: Session) -> None:
    store, other = make_store(session), make_store(session)
    for status in ("active", "active", "draft", "archived", "active"):
        make_product(session, store, status=status, sku=None)
    make_product(session, other, status="draft", sku=None)

    with product_reads(session) as reads:
        counts = products.count_by_status(
            session=session, user_id=store.store.created_by_id, store_id=store.store.id
        )

    assert counts == {"draft": 1, "active": 3, "archived": 1}
    assert len(reads) == 1


def test_a_store_without_products_counts_zero_for_every_status(session: Session) -> None:
    store = make_store(session)

    counts = products.count_by_status(
        session=session, user_id=store.store.created_by_id, store_id=store.store.id
    )

    assert counts == {"draft": 0, "active": 0, "archived": 0}


def test_someone_outside_the_store_is_refused_its_counts(session: Session) -> None:
    store, stranger = make_store(session), make_user(session)
    make_product(session, store, status="active", sku=None)

    with pytest.raises(BizQError):
        products.count_by_status(session=session, user_id=stranger.id, store_id=store.store.id)
