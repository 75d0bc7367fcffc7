"""What an executor may read of its own store, and nothing of any other store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.channels import lookups as channel_lookups
from bizq_app.core.errors import NotFound
from bizq_app.sales.facts import Sale, paid_lines


@dataclass(frozen=True)
class ProductFacts:
    id: uuid.UUID
    title: str
    description: str
    price: Decimal
    cost: Decimal
    inventory: int
    sku: str | None


@dataclass(frozen=True)
class ListingFacts:
    """What a product's listing shows beyond its facts: status, images and supplier."""

    status: str
    image_count: int
    supplier_name: str | None


class StoreData:
    """Read-only access to one store's catalog and sales."""

    def __init__(self, store_id: uuid.UUID, session: Session | None) -> None:
        self.store_id = store_id
        self._session: Session = session  # type: ignore[assignment]  # None: store-free work

    def product(self, product_id: object) -> ProductFacts:
        """One of this store's products.

        Raises:
            NotFound: no such product in this store (another store's is not visible).
        """
        row = catalog_lookups.find_product(self._session, product_id)
        if row is None or row.store_id != self.store_id:
            raise NotFound(f"Product {product_id} is not a product of this store.")
        return _facts(row)

    def listing(self, product_id: object) -> ListingFacts:
        """The status, image count and supplier of one of this store's products.

        Raises:
            NotFound: no such product in this store (another store's is not visible).
        """
        row = catalog_lookups.find_product(self._session, self.product(product_id).id)
        assert row is not None  # just read by ``product``
        supplier = catalog_lookups.find_supplier(self._session, row.supplier_id)
        return ListingFacts(row.status, len(row.images or []), supplier.name if supplier else None)

    def products(self) -> list[ProductFacts]:
        """The store's products that are not archived, by title."""
        return [
            _facts(p) for p in catalog_lookups.unarchived_products(self._session, self.store_id)
        ]

    def channels(self) -> dict[str, int]:
        """The channels the store is connected to, and its live listings on each."""
        return channel_lookups.live_listings_by_channel(self._session, self.store_id)

    def sales(self, days: int) -> list[Sale]:
        """Paid order lines of the last ``days`` days, oldest first."""
        return paid_lines(self._session, self.store_id, days)


def _facts(row: Product) -> ProductFacts:
    return ProductFacts(
        row.id, row.title, row.description, row.price, row.cost, row.inventory_quantity, row.sku
    )
