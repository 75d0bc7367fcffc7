"""What the tables keep, on PostgreSQL and SQLite: exact money, JSON, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bizq_app.billing.models import LedgerEntry
from bizq_app.catalog.models import Product
from bizq_app.sales.models import Order
from bizq_app.tasks.models import TaskDefinition
from tests.factories import make_store


def test_money_comes_back_as_exact_decimals(session: Session) -> None:
    view = make_store(session)
    product = Product(
        store_id=view.store.id, title="Candle", price=Decimal("19.99"), cost=Decimal("4.10")
    )
    session.add(product)
    session.flush()
    session.expire_all()

    stored = session.exec(select(Product)).one()

    assert isinstance(stored.price, Decimal)
    assert stored.price - stored.cost == Decimal("15.89")
    assert stored.currency == "USD"


def test_json_columns_keep_nested_documents(session: Session) -> None:
    schema = {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}
    session.add(
        TaskDefinition(
            name="product.example_task",
            category="product",
            input_schema=schema,
            output_schema={"type": "object"},
            worker_requirements=["ai"],
            estimated_cost=Decimal("2.5"),
        )
    )
    session.flush()
    session.expire_all()

    stored = session.exec(select(TaskDefinition)).one()

    assert stored.input_schema == schema
    assert stored.worker_requirements == ["ai"]
    assert stored.estimated_cost == Decimal("2.5")


def test_timestamps_are_stored_and_read_in_utc(session: Session) -> None:
    view = make_store(session)
    paris = timezone(timedelta(hours=1))
    placed = datetime(2026, 3, 1, 9, 30, tzinfo=paris)
    session.add(
        Order(store_id=view.store.id, number=1, customer_email="c@example.com", created_at=placed)
    )
    session.flush()
    session.expire_all()

    stored = session.exec(select(Order)).one()

    assert stored.created_at == placed
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.astimezone(UTC).hour == 8


def test_naive_timestamps_are_refused(session: Session) -> None:
    view = make_store(session)
    session.add(
        Order(
            store_id=view.store.id,
            number=1,
            customer_email="c@example.com",
            created_at=datetime(2026, 3, 1, 9, 30),
        )
    )

    with pytest.raises(Exception, match="naive"):
        session.flush()


def test_order_numbers_are_unique_per_store(session: Session) -> None:
    view = make_store(session)
    other = make_store(session)
    session.add(Order(store_id=view.store.id, number=1, customer_email="a@example.com"))
    session.add(Order(store_id=other.store.id, number=1, customer_email="b@example.com"))
    session.flush()

    session.add(Order(store_id=view.store.id, number=1, customer_email="c@example.com"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_ledger_amounts_keep_four_decimal_places(session: Session) -> None:
    import uuid

    txn = uuid.uuid4()
    session.add(
        LedgerEntry(
            transaction_id=txn,
            account_kind="store_wallet",
            amount=Decimal("-1.2345"),
            reason="task_payment",
        )
    )
    session.add(
        LedgerEntry(
            transaction_id=txn,
            account_kind="platform_fees",
            amount=Decimal("1.2345"),
            reason="task_payment",
        )
    )
    session.flush()
    session.expire_all()

    amounts = session.exec(select(LedgerEntry.amount)).all()

    assert sorted(amounts) == [Decimal("-1.2345"), Decimal("1.2345")]
    assert sum(amounts, Decimal(0)) == 0
