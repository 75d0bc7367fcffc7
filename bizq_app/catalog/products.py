"""A store's product catalog: create, edit, list, archive and delete products.

Every field is checked before anything is written, and all the problems in a
form come back at once, each with its JSON path. A price under the cost is
allowed (a loss leader is a choice) but always comes back as a warning.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog.models import Product, ProductStatus, Supplier
from bizq_app.catalog.product_fields import clean_fields
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from bizq_app.core.pagination import Page, paginate
from bizq_app.integrations.storage import key_of
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockMovement, StockReason
from bizq_app.inventory.stock import Reference

InUseCheck = Callable[[Session, Product], str | None]
IN_USE_CHECKS: dict[str, InUseCheck] = {}  # filled by the domains that hold products (sales)


def register_in_use_check(name: str, check: InUseCheck) -> None:
    """Let a domain refuse a product's deletion while it still needs the product
    (``check`` answers why, or None)."""
    IN_USE_CHECKS[name] = check


SORTS = {
    "title": col(Product.title),
    "-title": col(Product.title).desc(),
    "price": col(Product.price),
    "-price": col(Product.price).desc(),
    "inventory": col(Product.inventory_quantity),
    "-inventory": col(Product.inventory_quantity).desc(),
    "newest": col(Product.created_at).desc(),
    "oldest": col(Product.created_at),
}


@dataclass(frozen=True)
class ProductFilter:
    """What the product list shows: a search on title and SKU, a status, a supplier, an order."""

    search: str = ""
    status: str | None = None
    supplier_id: uuid.UUID | None = None
    sort: str = "newest"


def margin_percent(price: Decimal, cost: Decimal) -> Decimal | None:
    """The share of the price the seller keeps after the unit cost; None without a price."""
    if price <= 0:
        return None
    return ((price - cost) / price * 100).quantize(Decimal("0.1"))


def warnings(product: Product) -> list[str]:
    """What the owner should know about a product that is still allowed."""
    notes = []
    if product.price < product.cost:
        notes.append(
            f"The price {product.price} is below the cost {product.cost}: each sale loses money."
        )
    if product.status == ProductStatus.ACTIVE.value and product.price <= 0:
        notes.append("An active product with no price is sold for free.")
    return notes


def currency_of(session: Session, store_id: uuid.UUID) -> str:
    """The currency the store's prices are in."""
    store = account_lookups.find_store(session, store_id)
    return store.currency if store is not None else "USD"


def create_product(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, fields: Mapping[str, Any]
) -> Product:
    """Add a product to the store.

    Raises:
        NotFound, PermissionDenied: no such store or not allowed to change it.
        ValidationFailed: every field that is wrong, with its path. Conflict: SKU taken.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    values = clean_fields(fields, partial=False, currency=currency_of(session, store_id))
    _check_references(session, store_id, values, product_id=None)
    product = place_product(session, store_id, values, StockReason.MANUAL, user_id)
    _record(session, "product.created", product, user_id, {"title": product.title})
    return product


def update_product(
    *, session: Session, user_id: uuid.UUID, product_id: uuid.UUID, fields: Mapping[str, Any]
) -> Product:
    """Change the given fields of a product; the others stay as they are.

    Raises:
        NotFound, PermissionDenied, ValidationFailed, Conflict: as for ``create_product``.
    """
    product = editable_product(session, user_id, product_id)
    values = clean_fields(fields, partial=True, currency=currency_of(session, product.store_id))
    _check_references(session, product.store_id, values, product_id=product.id)
    change_product(session, product, values, StockReason.MANUAL, user_id)
    session.flush()
    _record(session, "product.updated", product, user_id, {"fields": sorted(values)})
    return product


def bulk_update(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    product_ids: list[uuid.UUID],
    fields: Mapping[str, Any],
) -> list[Product]:
    """Set the same price, stock or status on several products at once (all or none).

    Raises:
        ValidationFailed: a field other than price, inventory_quantity or status, or a bad
            value. NotFound: a product that is not in this store.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    allowed = {"price", "inventory_quantity", "status"}
    extra = sorted(set(fields) - allowed)
    if extra:
        raise ValidationFailed.field(f"$.{extra[0]}", "cannot be changed in bulk")
    values = clean_fields(fields, partial=True, currency=currency_of(session, store_id))
    products = [product_in_store(session, store_id, pid) for pid in product_ids]
    for product in products:
        change_product(session, product, values, StockReason.MANUAL, user_id)
    session.flush()
    return products


def get_product(*, session: Session, user_id: uuid.UUID, product_id: uuid.UUID) -> Product:
    """A product of a store the user may view.

    Raises:
        NotFound: no such product (or the user's stores do not hold it). PermissionDenied.
    """
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(f"Product {product_id} does not exist.")
    require(session=session, store_id=product.store_id, user_id=user_id, permission=Permission.VIEW)
    return product


def stock_history(
    *, session: Session, user_id: uuid.UUID, product_id: uuid.UUID, limit: int = 50
) -> list[StockMovement]:
    """The product's stock movements, newest first (what the product page lists)."""
    product = get_product(session=session, user_id=user_id, product_id=product_id)
    return stock.history(session, product.id, max(1, min(limit, 200)))


def list_products(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    filters: ProductFilter = ProductFilter(),  # noqa: B008 - frozen, so safe to share
    limit: int = 50,
    offset: int = 0,
) -> Page[Product]:
    """One page of the store's products.

    Raises:
        ValidationFailed: an unknown status or sort, or a bad page window.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    if filters.sort not in SORTS:
        raise ValidationFailed.field("$.sort", f"must be one of: {', '.join(SORTS)}")
    query = select(Product).where(Product.store_id == store_id)
    if filters.status:
        if filters.status not in {s.value for s in ProductStatus}:
            raise ValidationFailed.field("$.status", "must be draft, active or archived")
        query = query.where(Product.status == filters.status)
    if filters.supplier_id:
        query = query.where(Product.supplier_id == filters.supplier_id)
    if filters.search.strip():
        words = f"%{filters.search.strip().lower()}%"
        query = query.where(
            func.lower(Product.title).like(words) | func.lower(Product.sku).like(words)
        )
    query = query.order_by(SORTS[filters.sort], col(Product.id))
    return paginate(session, query, limit=limit, offset=offset)


def count_by_status(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> dict[str, int]:
    """How many of the store's products hold each status (every status, 0 for none),
    read in one query: what the product list's status tabs show."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(Product.status, func.count())
        .where(Product.store_id == store_id)
        .group_by(col(Product.status))
    )
    found = {status: int(count) for status, count in session.exec(query)}
    return {s.value: found.get(s.value, 0) for s in ProductStatus}


def suppliers_in_use(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID
) -> list[tuple[uuid.UUID, str]]:
    """The suppliers the store's products name (id and name), for filtering by supplier."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(Supplier.id, Supplier.name)
        .join(Product, col(Product.supplier_id) == Supplier.id)
        .where(Product.store_id == store_id)
        .distinct()
        .order_by(col(Supplier.name))
    )
    return [(sid, name) for sid, name in session.exec(query)]


def delete_product(*, session: Session, user_id: uuid.UUID, product_id: uuid.UUID) -> None:
    """Delete a product for good.

    Raises:
        Conflict: open orders still need it (archive it instead, or finish the orders).
    """
    product = editable_product(session, user_id, product_id)
    for check in IN_USE_CHECKS.values():
        if (reason := check(session, product)) is not None:
            raise Conflict(reason)
    _record(session, "product.deleted", product, user_id, {"title": product.title})
    session.delete(product)
    session.flush()


def place_product(
    session: Session,
    store_id: uuid.UUID,
    values: Mapping[str, Any],
    reason: StockReason,
    actor_id: uuid.UUID | None,
) -> Product:
    """A new product from checked ``values``; its first stock is a movement of the ledger."""
    rest, quantity, variants = _stock_values(values)
    product = Product(store_id=store_id, **rest)
    session.add(product)
    session.flush()
    if quantity or variants:
        stock.set_levels(session, product, quantity, variants, reason, Reference(actor_id=actor_id))
    return product


def change_product(
    session: Session,
    product: Product,
    values: Mapping[str, Any],
    reason: StockReason,
    actor_id: uuid.UUID | None,
) -> None:
    """Set checked ``values`` on a product; a change of stock goes through the ledger."""
    rest, quantity, variants = _stock_values(values)
    for key, value in rest.items():
        setattr(product, key, value)
    product.updated_at = utcnow()
    session.add(product)
    if quantity is not None or variants is not None:
        stock.set_levels(session, product, quantity, variants, reason, Reference(actor_id=actor_id))


def _stock_values(
    values: Mapping[str, Any],
) -> tuple[dict[str, Any], int | None, list[dict[str, Any]] | None]:
    rest = dict(values)
    return rest, rest.pop("inventory_quantity", None), rest.pop("variants", None)


def editable_product(session: Session, user_id: uuid.UUID, product_id: uuid.UUID) -> Product:
    """The product, if ``user_id`` may change its store.

    Raises:
        NotFound, PermissionDenied.
    """
    product = session.get(Product, product_id)
    if product is None:
        raise NotFound(f"Product {product_id} does not exist.")
    require(
        session=session, store_id=product.store_id, user_id=user_id, permission=Permission.OPERATE
    )
    return product


def product_in_store(session: Session, store_id: uuid.UUID, product_id: object) -> Product:
    """One of the store's products, by an id in any form (another store's is not visible).

    Raises:
        NotFound: no such product in this store.
    """
    try:
        key = product_id if isinstance(product_id, uuid.UUID) else uuid.UUID(str(product_id))
    except ValueError as exc:
        raise NotFound(f"Product {product_id} is not a product of this store.") from exc
    product = session.get(Product, key)
    if product is None or product.store_id != store_id:
        raise NotFound(f"Product {product_id} is not a product of this store.")
    return product


def owns_file(store_id: uuid.UUID, url: str) -> bool:
    """Whether ``url`` is an outside address or one of this store's own uploads: a product
    may show only those, so no store can point at (and then remove) another's files."""
    key = key_of(url)
    return key is None or key.startswith(f"{store_id}/")


def _check_references(
    session: Session, store_id: uuid.UUID, values: dict[str, Any], product_id: uuid.UUID | None
) -> None:
    errors: list[FieldError] = []
    if values.get("supplier_id") and session.get(Supplier, values["supplier_id"]) is None:
        errors.append(FieldError("$.supplier_id", "is not a known supplier"))
    errors += [
        FieldError(f"$.images[{i}]", "is another store's file; upload the image to this store")
        for i, url in enumerate(values.get("images") or [])
        if not owns_file(store_id, url)
    ]
    if errors:
        raise ValidationFailed("Some fields need attention.", errors)
    if values.get("sku"):
        taken = session.exec(
            select(Product.id).where(Product.store_id == store_id, Product.sku == values["sku"])
        ).first()
        if taken is not None and taken != product_id:
            raise Conflict(
                f"Another product in this store already has SKU {values['sku']}.", "$.sku"
            )


def _record(
    session: Session, action: str, product: Product, user_id: uuid.UUID, data: dict[str, Any]
) -> None:
    audit.record(
        session=session,
        action=action,
        subject_type="product",
        subject_id=product.id,
        actor_id=user_id,
        store_id=product.store_id,
        data=data,
    )
