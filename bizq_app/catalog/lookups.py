"""What other domains may read of the catalog without its permission checks: a product or
supplier by id, a store's products as the storefront, checkout and the dashboards see
them, and the bundled suppliers' sync."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, func, select

from bizq_app.catalog.models import Product, ProductStatus, Supplier
from bizq_app.data.suppliers import supplier_catalog
from bizq_app.inventory.stock import LOW_STOCK


def _uuid(value: object) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def find_product(session: Session, product_id: object) -> Product | None:
    """The product with this id (a UUID or its text), in any store, or None."""
    key = _uuid(product_id) if product_id else None
    return session.get(Product, key) if key else None


def products_by_id(
    session: Session, store_id: uuid.UUID, product_ids: set[uuid.UUID]
) -> dict[uuid.UUID, Product]:
    """The store's products among ``product_ids``, in one query."""
    if not product_ids:
        return {}
    query = select(Product).where(col(Product.id).in_(product_ids), Product.store_id == store_id)
    return {p.id: p for p in session.exec(query)}


def find_supplier(session: Session, supplier_id: object) -> Supplier | None:
    """The supplier with this id (a UUID or its text), or None."""
    key = _uuid(supplier_id) if supplier_id else None
    return session.get(Supplier, key) if key else None


def lock_products(
    session: Session, store_id: uuid.UUID, product_ids: set[uuid.UUID]
) -> dict[uuid.UUID, Product]:
    """The store's products among ``product_ids``, locked until the transaction ends (in id
    order, so two checkouts of the same products cannot deadlock)."""
    query = (
        select(Product)
        .where(col(Product.id).in_(product_ids), Product.store_id == store_id)
        .order_by(col(Product.id))
        .with_for_update()
    )
    return {p.id: p for p in session.exec(query)}


def unarchived_products(session: Session, store_id: uuid.UUID) -> list[Product]:
    """The store's products that are not archived, by title."""
    query = (
        select(Product)
        .where(Product.store_id == store_id, Product.status != ProductStatus.ARCHIVED.value)
        .order_by(col(Product.title))
    )
    return list(session.exec(query))


def active_products(
    session: Session, store_id: uuid.UUID, search: str = "", limit: int = 60
) -> list[Product]:
    """The store's products on sale, by title; ``search`` matches within the title."""
    query = select(Product).where(
        Product.store_id == store_id, Product.status == ProductStatus.ACTIVE.value
    )
    if search.strip():
        query = query.where(func.lower(Product.title).like(f"%{search.strip().lower()}%"))
    return list(session.exec(query.order_by(col(Product.title)).limit(limit)))


def count_products(session: Session, store_id: uuid.UUID, status: ProductStatus) -> int:
    """How many of the store's products have this status."""
    query = (
        select(func.count())
        .select_from(Product)
        .where(Product.store_id == store_id, Product.status == status.value)
    )
    return int(session.exec(query).one())


def stock_on_sale(session: Session, store_id: uuid.UUID) -> tuple[int, int]:
    """Units in stock across the products on sale, and how many of them are low."""
    units, low = session.exec(
        select(
            func.coalesce(func.sum(Product.inventory_quantity), 0),
            func.count().filter(col(Product.inventory_quantity) <= LOW_STOCK),
        ).where(Product.store_id == store_id, Product.status == ProductStatus.ACTIVE.value)
    ).one()
    return int(units), int(low)


def sync_bundled_suppliers(session: Session) -> int:
    """Add the bundled supplier catalog's suppliers that are missing; returns how many."""
    existing = set(session.exec(select(Supplier.external_id).where(Supplier.source == "bundled")))
    added = 0
    for item in supplier_catalog().suppliers:
        if item.id in existing:
            continue
        session.add(
            Supplier(
                name=item.name,
                kind=item.kind,
                source="bundled",
                external_id=item.id,
                website=item.website,
                categories=sorted({o.category for o in item.offers}),
                regions=list(item.regions),
                min_order_quantity=min(o.moq for o in item.offers),
                shipping_days_min=item.shipping_days_min,
                shipping_days_max=item.shipping_days_max,
                rating=item.rating,
                details={"platform": item.platform, "private_label": item.private_label},
            )
        )
        added += 1
    session.flush()
    return added
