"""A price an AI proposes becomes a price the store can charge: in its currency's minor
unit and within the product rules' range (PostgreSQL and SQLite)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bizq_app.catalog.models import Product
from bizq_app.core import money
from bizq_app.tasks import task_effects
from bizq_app.tasks.models import Task
from tests.factories import make_product, make_store

REPRICE = task_effects.EFFECTS["product.price_optimization"]
CATALOG = task_effects.EFFECTS["product.generate_catalog"]


@pytest.mark.parametrize(
    ("currency", "proposed", "price"),
    [
        ("JPY", 4321.5, Decimal("4322")),
        ("USD", 19.994, Decimal("19.99")),
        ("EUR", "12.345", Decimal("12.35")),
        ("USD", -5, Decimal("0.00")),
        ("USD", "1e9", Decimal("1000000.00")),
        ("USD", "NaN", Decimal("0")),
    ],
)
def test_a_repriced_product_gets_a_price_its_currency_can_charge(
    session: Session, currency: str, proposed: object, price: Decimal
) -> None:
    store = make_store(session, currency=currency)
    product = make_product(session, store)

    REPRICE(
        session,
        Task(store_id=store.store.id, input={"product_id": str(product.id)}),
        {"recommended_price": proposed},
    )

    session.flush()
    session.refresh(product)
    assert product.price == price
    assert money.fits(product.price, currency)


def test_a_generated_catalog_in_yen_has_whole_yen_prices(session: Session) -> None:
    store = make_store(session, currency="JPY")
    item = {"title": "Cork block", "description": "Firm.", "supplier_name": "None"}

    CATALOG(
        session,
        Task(store_id=store.store.id, input={}),
        {"products": [item | {"price": "2980.4", "cost": "1100.6"}]},
    )

    made = session.exec(select(Product).where(Product.store_id == store.store.id)).one()
    assert (made.price, made.cost) == (Decimal("2980"), Decimal("1101"))
