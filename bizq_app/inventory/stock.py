"""Stock of products and of their variants, kept as a ledger of movements.

Every change goes through ``move`` (or ``set_levels`` for a seller's edit): it holds the
product's row (a row lock on PostgreSQL; SQLite's write transactions are serialised),
refuses to go below zero, records a ``StockMovement`` with the resulting level, and
raises ``inventory.low`` / ``inventory.out_of_stock`` when the level crosses
``LOW_STOCK`` / zero on its way down. A product's stock is the sum of its movements.

A product with variants (``[{"options": {"size": "M"}, "price", "sku", "stock"}]``)
is sold by variant: the buyer picks one by its options, the variant's stock is what
can be sold, and the product's ``inventory_quantity`` is the sum of its variants'.
An order line's units come back at most once: never more than the line sold.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.core import events
from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.inventory.models import RETURNS, StockMovement, StockReason

Options = Mapping[str, str]
LOW_STOCK = 5  # units: at or under this, a product raises ``inventory.low``


class Product(Protocol):
    """What stock reads and moves on a product row (the catalog's table)."""

    id: Any
    store_id: uuid.UUID
    title: str
    sku: str | None
    price: Decimal
    inventory_quantity: int
    variants: list[dict[str, Any]]


def label(options: Options) -> str:
    """``"M / Red"``: the choices in the order the variant names its options."""
    return " / ".join(str(v) for v in options.values())


def same(a: Options, b: Options) -> bool:
    return dict(a) == dict(b)


def variant_of(product: Product, options: Options) -> dict[str, Any] | None:
    return next((v for v in product.variants if same(v.get("options", {}), options)), None)


def available(product: Product, options: Options) -> int:
    """Units that can be sold of the product (or of its variant with ``options``)."""
    if not product.variants:
        return max(product.inventory_quantity, 0)
    variant = variant_of(product, options)
    return max(int(variant.get("stock", 0)), 0) if variant else 0


def price(product: Product, options: Options) -> Decimal:
    variant = variant_of(product, options) if product.variants else None
    return Decimal(str(variant["price"])) if variant else product.price


@dataclass(frozen=True)
class Reference:
    """What a movement is about and who made it."""

    order_id: uuid.UUID | None = None
    order_item_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    note: str = ""


def move(
    session: Session,
    product: Product,
    options: Options,
    change: int,
    reason: StockReason,
    reference: Reference = Reference(),
    *,
    locked: bool = False,
) -> StockMovement:
    """Change the stock of a product (or of its variant with ``options``) by ``change``
    units and record why. ``locked``: the caller already holds the product's row.

    Raises:
        ValidationFailed: the product has variants and none has these options.
        Conflict: fewer units are left than ``-change`` (nothing changed).
    """
    if not locked:
        _hold(session, product)
    options = dict(options) if product.variants else {}
    if product.variants and variant_of(product, options) is None:
        raise ValidationFailed.field("$.options", f"no variant of {product.title} is {options}")
    level = _level(product, options)
    if level + change < 0:
        raise Conflict(f"Only {max(level, 0)} of {product.title} left in stock.", "$.quantity")
    before = product.inventory_quantity
    _move(product, options, change)
    session.add(product)
    movement = _record(session, product, options, change, reason, reference)
    _stock_changed(session, product, before)
    return movement


def _hold(session: Session, product: Product) -> None:
    """Lock the product's row until the transaction ends and read its current stock (the
    unsaved changes of this session are written first)."""
    session.flush()
    session.refresh(product, with_for_update=True)


def set_levels(
    session: Session,
    product: Product,
    quantity: int | None,
    variants: list[dict[str, Any]] | None,
    reason: StockReason,
    reference: Reference = Reference(),
) -> None:
    """Set a product's stock (``quantity``) or its variants (each with its ``stock``) as a
    seller edits them, one movement per change.

    Raises:
        ValidationFailed: a quantity for a product sold by variant, or below zero.
    """
    _hold(session, product)
    before = product.inventory_quantity
    if variants is not None:
        old = {_key(v.get("options", {})): int(v.get("stock", 0)) for v in product.variants}
        new = {_key(v.get("options", {})): int(v.get("stock", 0)) for v in variants}
        product.variants = [dict(v) for v in variants]
        product.inventory_quantity = total_of(variants)
        for key in sorted(set(old) | set(new)):
            change = new.get(key, 0) - old.get(key, 0)
            if change:
                _record(session, product, dict(key), change, reason, reference)
    if quantity is not None and not variants:
        if product.variants:
            raise ValidationFailed.field(
                "$.inventory_quantity", "is the sum of the variants' stock; set theirs"
            )
        if quantity < 0:
            raise ValidationFailed.field("$.inventory_quantity", "must be 0 or more")
        change = quantity - product.inventory_quantity
        product.inventory_quantity = quantity
        if change:
            _record(session, product, {}, change, reason, reference)
    session.add(product)
    _stock_changed(session, product, before)


def _returnable(session: Session, order_item_id: uuid.UUID, sold: int) -> int:
    """Units of an order line (``sold`` of them) that have not come back yet."""
    back = session.exec(
        select(func.coalesce(func.sum(StockMovement.change), 0)).where(
            StockMovement.order_item_id == order_item_id,
            col(StockMovement.reason).in_([r.value for r in RETURNS]),
        )
    ).one()
    return max(sold - int(back), 0)


def put_back(
    session: Session,
    product: Product | None,
    options: Options,
    sold: int,
    reason: StockReason,
    reference: Reference,
    quantity: int | None = None,
) -> int:
    """Return an order line's units to its product (all that have not come back yet, or
    ``quantity`` of them); returns how many came back. A line whose product is gone
    gives nothing back.

    Raises:
        ValidationFailed: ``quantity`` is more than what has not come back yet.
    """
    if product is None or reference.order_item_id is None:
        return 0
    _hold(session, product)
    left = _returnable(session, reference.order_item_id, sold)
    units = left if quantity is None else quantity
    if units > left:
        raise ValidationFailed.field("$.restock", f"at most {left} of {product.title} can go back")
    if units <= 0:
        return 0
    move(session, product, options, units, reason, reference, locked=True)
    return units


def level_from_movements(session: Session, product_id: uuid.UUID) -> int:
    """The sum of a product's movements (what ``inventory_quantity`` must equal)."""
    total = session.exec(
        select(func.coalesce(func.sum(StockMovement.change), 0)).where(
            StockMovement.product_id == product_id
        )
    ).one()
    return int(total)


def history(session: Session, product_id: uuid.UUID, limit: int = 50) -> list[StockMovement]:
    """A product's movements, newest first."""
    query = (
        select(StockMovement)
        .where(StockMovement.product_id == product_id)
        .order_by(col(StockMovement.created_at).desc(), col(StockMovement.level))
        .limit(limit)
    )
    return list(session.exec(query))


ChangeListener = Callable[[Session, Product], None]
CHANGE_LISTENERS: list[ChangeListener] = []
"""Called in the transaction of every stock change (the channels domain registers its push
to the product's listings elsewhere); a listener acts after commit, never inside it."""


def register_change_listener(listener: ChangeListener) -> None:
    if listener not in CHANGE_LISTENERS:
        CHANGE_LISTENERS.append(listener)


def _stock_changed(session: Session, product: Product, before: int) -> None:
    """Raise ``inventory.low`` when a product's stock falls to ``LOW_STOCK`` or under, and
    ``inventory.out_of_stock`` when it falls to zero; tell the change listeners."""
    for listener in CHANGE_LISTENERS:
        listener(session, product)
    after = product.inventory_quantity
    facts = {
        "product_id": str(product.id),
        "title": product.title,
        "sku": product.sku or "",
        "inventory_quantity": after,
    }
    if before > LOW_STOCK >= after:
        events.emit(session, product.store_id, "inventory.low", facts)
    if before > 0 >= after:
        events.emit(session, product.store_id, "inventory.out_of_stock", facts)


def _record(
    session: Session,
    product: Product,
    options: Options,
    change: int,
    reason: StockReason,
    reference: Reference,
) -> StockMovement:
    movement = StockMovement(
        store_id=product.store_id,
        product_id=product.id,
        options=dict(options),
        change=change,
        level=_level(product, options),
        reason=reason.value,
        actor_id=reference.actor_id,
        order_id=reference.order_id,
        order_item_id=reference.order_item_id,
        note=reference.note[:200],
    )
    session.add(movement)
    return movement


def _level(product: Product, options: Options) -> int:
    if product.variants and options:
        variant = variant_of(product, options)
        return int(variant.get("stock", 0)) if variant else 0
    return product.inventory_quantity


def _key(options: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in options.items())


def total_of(variants: list[dict[str, Any]]) -> int:
    """A product's stock when it has variants: theirs, summed."""
    return sum(int(v.get("stock", 0)) for v in variants)


def _move(product: Product, options: Options, change: int) -> None:
    if product.variants and options:
        variants = [dict(v) for v in product.variants]  # a new list, so the change is saved
        for variant in variants:
            if same(variant.get("options", {}), options):
                variant["stock"] = int(variant.get("stock", 0)) + change
        product.variants = variants
    product.inventory_quantity += change
