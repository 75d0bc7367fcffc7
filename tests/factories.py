"""Plain factory functions for test data, built through BizQ's own services."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from bizq_app.accounts import accounts, stores
from bizq_app.accounts.models import Role, User
from bizq_app.accounts.stores import StoreView
from bizq_app.billing import wallets

if TYPE_CHECKING:
    from bizq_app.tasks.models import Task

PASSWORD = "correct-horse-42"
_counter = itertools.count(1)


def make_user(session: Session, **overrides: Any) -> User:
    n = next(_counter)
    values: dict[str, Any] = {
        "email": f"seller{n}@example.com",
        "password": PASSWORD,
        "full_name": f"Seller {n}",
    }
    values.update(overrides)
    return accounts.sign_up(session=session, **values)


def make_store(session: Session, owner: User | None = None, **overrides: Any) -> StoreView:
    owner = owner or make_user(session)
    values: dict[str, Any] = {"name": f"Store {next(_counter)}"}
    values.update(overrides)
    return wallets.open_store(session=session, user_id=owner.id, **values)


def make_member(session: Session, store: StoreView, role: Role) -> User:
    """A new user holding ``role`` in ``store`` (added by the store's owner)."""
    user = make_user(session)
    stores.add_member(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        email=user.email,
        role=role.value,
    )
    return user


def seed(session: Session) -> None:
    """The bundled workers and task catalog, as every BizQ start loads them."""
    from bizq_app.setup.seed import load_seed

    load_seed(session=session)


REVIEWS_INPUT = {
    "reviews": [
        {
            "text": "Absolutely love this candle, the scent is amazing and it arrived fast",
            "rating": 5,
        },
        {"text": "Arrived broken and the wax smells cheap. Very disappointed.", "rating": 1},
    ]
}


def make_product(session: Session, store: StoreView, **overrides: Any) -> Any:
    from decimal import Decimal

    from bizq_app.catalog.models import Product

    values: dict[str, Any] = {
        "title": "Lavender soy candle",
        "price": Decimal("24.00"),
        "cost": Decimal("7.50"),
        "inventory_quantity": 40,
        "status": "active",
        "description": "Hand-poured, 200 g.",
    }
    values.update(overrides)
    product = Product(store_id=store.store.id, **values)
    session.add(product)
    session.flush()
    return product


def make_sale(
    session: Session, store: StoreView, product: Any, quantity: int, days_ago: int = 1
) -> Any:
    """A paid order of ``quantity`` units of ``product``, ``days_ago`` days ago."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from bizq_app.core.columns import utcnow
    from bizq_app.sales.models import Order, OrderItem

    number = session.execute(select(func.count()).select_from(Order)).scalar_one() + 1
    total = product.price * quantity
    order = Order(
        store_id=store.store.id,
        number=number,
        customer_email="buyer@example.com",
        status="paid",
        payment_status="paid",
        subtotal=total,
        total=total,
        created_at=utcnow() - timedelta(days=days_ago),
    )
    session.add(order)
    session.flush()
    session.add(
        OrderItem(
            order_id=order.id,
            product_id=product.id,
            title=product.title,
            quantity=quantity,
            unit_price=product.price,
            unit_cost=product.cost,
        )
    )
    session.flush()
    return order


INSPECT = {"supplier_name": "Acme", "product_description": "Soy wax candle"}


def make_inspection(session: Session, store: StoreView) -> Task:
    """A task only a person does, created by the store's owner: inspecting a supplier's
    sample (``INSPECT``). The task catalog must be seeded (``seed``)."""
    from bizq_app.tasks import tasks

    return tasks.create_task(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        type="operations.inspect_sample",
        input=INSPECT,
    )
