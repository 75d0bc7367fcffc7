"""What completed catalog tasks change: listings, prices and draft catalogs.

Registered with the tasks domain at import (``task_effects.register``); they run in
the transaction that completes the task (or approves it), so nothing changes before.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, select

from bizq_app.catalog.models import Product, ProductStatus, Supplier
from bizq_app.catalog.product_fields import MAX_PRICE
from bizq_app.catalog.products import currency_of, product_in_store
from bizq_app.core import money
from bizq_app.core.columns import utcnow
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockReason
from bizq_app.tasks import task_effects
from bizq_app.tasks.models import Task


def _product(session: Session, task: Task) -> Product:
    return product_in_store(session, task.store_id, task.input.get("product_id"))


def _price(value: Any, currency: str) -> Decimal:
    """An AI's price as the store can charge it: in the currency's minor unit (a whole
    number of yen), within the product field rules' range; nonsense is 0."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
    if not amount.is_finite():
        return Decimal(0)
    return money.quantize(min(max(amount, Decimal(0)), MAX_PRICE), currency)


def _seo(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    product.title = output["proposed_title"][:200]
    product.description = output["proposed_description"]
    product.updated_at = utcnow()
    session.add(product)
    return f"Listing of '{product.title}' updated."


def _listing(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    product.title = output["new_title"][:200]
    product.description = output["new_description"]
    product.updated_at = utcnow()
    session.add(product)
    return f"Listing of '{product.title}' updated."


def _reprice(session: Session, task: Task, output: dict[str, Any]) -> str:
    product = _product(session, task)
    currency = currency_of(session, task.store_id)
    old, product.price = product.price, _price(output["recommended_price"], currency)
    product.updated_at = utcnow()
    session.add(product)
    return f"Price of '{product.title}' changed from {old} to {product.price}."


def _catalog(session: Session, task: Task, output: dict[str, Any]) -> str:
    suppliers = {s.name: s for s in session.exec(select(Supplier))}
    taken = set(session.exec(select(Product.sku).where(Product.store_id == task.store_id)))
    currency = currency_of(session, task.store_id)
    for item in output["products"]:
        sku = str(item.get("sku") or "").strip()[:64] or None
        supplier = suppliers.get(str(item["supplier_name"]).split(" (", 1)[0])
        product = Product(
            store_id=task.store_id,
            title=item["title"][:200],
            description=item["description"],
            price=_price(item["price"], currency),
            cost=_price(item["cost"], currency),
            sku=None if sku in taken else sku,  # a second catalog keeps the first's SKUs
            supplier_id=supplier.id if supplier else None,
            status=ProductStatus.DRAFT.value,
        )
        session.add(product)
        stock.set_levels(session, product, starting_stock(supplier), None, StockReason.TASK)
        taken.add(sku)
    return f"{len(output['products'])} draft products created."


MADE_TO_ORDER = frozenset({"dropship", "print_on_demand", "zero_moq"})
STARTING_STOCK = 25  # a made-to-order supplier's allowance the seller can sell at once
FIRST_BATCH = 10  # what a seller without a made-to-order supplier plans to buy first


def starting_stock(supplier: Supplier | None) -> int:
    """The stock a generated draft starts with, so that activating it gives an item a
    buyer can order, not a sold-out one: a made-to-order supplier (dropship, print on
    demand, no minimum) ships what is sold, so a sellable allowance; otherwise a first
    batch at the supplier's minimum order. The seller adjusts it on the product."""
    if supplier is not None and supplier.kind in MADE_TO_ORDER:
        return STARTING_STOCK
    return max(FIRST_BATCH, supplier.min_order_quantity if supplier else 0)


task_effects.register("product.optimize_seo", _seo)
task_effects.register("product.optimize_listing", _listing)
task_effects.register("product.price_optimization", _reprice)
task_effects.register("product.generate_catalog", _catalog)
