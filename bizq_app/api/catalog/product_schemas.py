"""Request and response bodies of ``/api/products``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from bizq_app.api.schemas import Body
from bizq_app.catalog import product_files, products
from bizq_app.catalog.listing_optimisation import Proposal
from bizq_app.catalog.models import Product
from bizq_app.catalog.product_csv import ImportReport


class ProductOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    title: str
    description: str
    price: str = Field(description="Decimal string, e.g. '19.99'")
    cost: str
    margin_percent: str | None = Field(description="(price - cost) / price, in percent")
    currency: str
    inventory_quantity: int
    sku: str | None
    status: str
    supplier_id: uuid.UUID | None
    supplier_sku: str | None = Field(description="The supplier's reference (Printful: variant id)")
    fulfilment: str = Field(description="auto, digital, dropship or warehouse")
    digital_file: str | None = Field(description="Name of the file digital buyers download")
    images: list[str]
    variants: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime | None
    warnings: list[str] = Field(description="Allowed, but worth knowing (e.g. price below cost)")

    @classmethod
    def of(cls, product: Product) -> ProductOut:
        data = product.model_dump(exclude={"price", "cost", "listings", "digital_file"})
        margin = products.margin_percent(product.price, product.cost)
        return cls(
            **data,
            price=str(product.price),
            cost=str(product.cost),
            margin_percent=None if margin is None else str(margin),
            digital_file=product_files.file_name(product),
            warnings=products.warnings(product),
        )


class BulkIn(Body):
    store_id: uuid.UUID
    product_ids: list[uuid.UUID] = Field(min_length=1, max_length=500)
    fields: dict[str, Any] = Field(description="price, inventory_quantity and/or status")


class ImportOut(BaseModel):
    created: int
    updated: int
    skipped: int
    problems: list[dict[str, Any]] = Field(description="Skipped rows: line, column, message")

    @classmethod
    def of(cls, report: ImportReport) -> ImportOut:
        return cls(
            created=report.created,
            updated=report.updated,
            skipped=report.skipped,
            problems=[vars(p) for p in report.problems],
        )


class OptimizeIn(Body):
    focus: Literal["conversion", "clarity", "search", "premium_feel"] = "conversion"
    tone: Literal["friendly", "professional", "playful", "luxury", "minimal"] = "friendly"
    wait_seconds: float = Field(default=20, ge=0, le=60, description="How long to wait")


class OptimizationOut(BaseModel):
    """A listing rewrite beside the current listing (camelCase, as the seed's API)."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)

    task_id: uuid.UUID
    status: str
    status_reason: str | None
    old_title: str
    old_description: str
    new_title: str
    new_description: str
    new_keywords: list[str]
    new_bullet_points: list[str]
    expected_conversion_increase: float
    changes_summary: str
    worker_name: str

    @classmethod
    def of(cls, proposal: Proposal) -> OptimizationOut:
        return cls(**vars(proposal))
