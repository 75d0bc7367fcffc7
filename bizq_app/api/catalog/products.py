"""``/api/products``: a store's catalog, and listing optimisation."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response, UploadFile, status
from fastapi.responses import PlainTextResponse

from bizq_app.api.catalog.product_schemas import (
    BulkIn,
    ImportOut,
    OptimizationOut,
    OptimizeIn,
    ProductOut,
)
from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.catalog import (
    listing_optimisation,
    product_csv,
    product_files,
    product_images,
    products,
)
from bizq_app.core.db import session_scope
from bizq_app.core.errors import ValidationFailed
from bizq_app.core.validation import parse_uuid
from bizq_app.sourcing import suggestions

router = APIRouter(prefix="/products", tags=["products"])
Fields = Annotated[dict[str, Any], Body(description="Product fields (title, price, cost, ...)")]


@router.get("")
def list_products(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str, Query(max_length=200, description="Search in title and SKU")] = "",
    status: str | None = None,
    supplier_id: uuid.UUID | None = None,
    sort: str = "newest",
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[ProductOut]:
    """A store's products: search, filter by status or supplier, sort, paginate."""
    filters = products.ProductFilter(q, status, supplier_id, sort)
    page = products.list_products(
        session=session,
        user_id=user.id,
        store_id=store_id,
        filters=filters,
        limit=limit,
        offset=offset,
    )
    items = [ProductOut.of(p) for p in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_product(body: Fields, user: CurrentUser, session: SessionDep) -> ProductOut:
    """Add a product; ``store_id`` goes with the fields. Every bad field is listed."""
    fields = dict(body)
    if "store_id" not in fields:
        raise ValidationFailed.field("$.store_id", "is required")
    store_id = parse_uuid(fields.pop("store_id"), path="$.store_id")
    product = products.create_product(
        session=session, user_id=user.id, store_id=store_id, fields=fields
    )
    return ProductOut.of(product)


@router.post("/bulk")
def bulk_update(body: BulkIn, user: CurrentUser, session: SessionDep) -> PageOut[ProductOut]:
    """Set price, stock or status on several products at once (all or none)."""
    changed = products.bulk_update(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        product_ids=body.product_ids,
        fields=body.fields,
    )
    items = [ProductOut.of(p) for p in changed]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.get("/export", response_class=PlainTextResponse)
def export_products(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """The store's products as CSV (the same columns import reads)."""
    text = product_csv.export_csv(session=session, user_id=user.id, store_id=store_id)
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="products.csv"'},
    )


@router.post("/import")
def import_products(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    file: Annotated[bytes, Body(media_type="text/csv", description="CSV with a header row")],
    skip_bad_rows: bool = False,
) -> ImportOut:
    """Create or update (by SKU) products from CSV. A file with bad rows imports nothing
    and lists each problem at ``$.rows[line].column``, unless ``skip_bad_rows``."""
    try:
        text = file.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.field("$.file", "must be UTF-8 text") from exc
    report = product_csv.import_csv(
        session=session, user_id=user.id, store_id=store_id, text=text, skip_bad_rows=skip_bad_rows
    )
    return ImportOut.of(report)


@router.post("/{product_id}/images", status_code=status.HTTP_201_CREATED)
def add_image(
    product_id: uuid.UUID, file: UploadFile, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Upload an image (PNG, JPEG, WebP or GIF, at most 5 MB); it is added last."""
    data = file.file.read(product_images.MAX_BYTES + 1)
    product = product_images.add_image(
        session=session, user_id=user.id, product_id=product_id, data=data
    )
    return ProductOut.of(product)


@router.put("/{product_id}/file")
def set_file(
    product_id: uuid.UUID, file: UploadFile, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Upload the file buyers of a digital product download (at most 100 MB); the product
    is fulfilled digitally from now on."""
    data = file.file.read(product_files.MAX_BYTES + 1)
    product = product_files.set_digital_file(
        session=session,
        user_id=user.id,
        product_id=product_id,
        filename=file.filename or "",
        data=data,
    )
    return ProductOut.of(product)


@router.delete("/{product_id}/images")
def remove_image(
    product_id: uuid.UUID, url: str, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Remove one of the product's images (by its address)."""
    product = product_images.remove_image(
        session=session, user_id=user.id, product_id=product_id, url=url
    )
    return ProductOut.of(product)


@router.get("/{product_id}/margin-history")
def margin_history(
    product_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[dict[str, str]]:
    """Approved supplier moves of the product: margin before, projected, and now."""
    tracks = suggestions.margin_tracks(session=session, user_id=user.id, product_id=product_id)
    return [
        {
            "approved_at": t.approved_at.isoformat(),
            "supplier": t.supplier,
            "margin_before": t.before,
            "margin_projected": t.projected,
            "margin_now": t.now,
        }
        for t in tracks
    ]


@router.get("/{product_id}/stock")
def stock_movements(
    product_id: uuid.UUID, user: CurrentUser, session: SessionDep, limit: Limit = 50
) -> list[dict[str, Any]]:
    """The product's stock ledger, newest first: each change with its reason, variant,
    order and the level it left."""
    found = products.stock_history(
        session=session, user_id=user.id, product_id=product_id, limit=limit
    )
    return [
        m.model_dump(mode="json", include={"change", "level", "reason", "options", "order_id"})
        | {"at": m.created_at.isoformat(timespec="seconds")}
        for m in found
    ]


@router.get("/{product_id}")
def get_product(product_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ProductOut:
    return ProductOut.of(
        products.get_product(session=session, user_id=user.id, product_id=product_id)
    )


@router.put("/{product_id}")
def update_product(
    product_id: uuid.UUID, body: Fields, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Change the fields sent; the others stay as they are."""
    product = products.update_product(
        session=session, user_id=user.id, product_id=product_id, fields=body
    )
    return ProductOut.of(product)


@router.delete("/{product_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_product(product_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    """Delete a product; refused while open orders need it (archive it instead)."""
    products.delete_product(session=session, user_id=user.id, product_id=product_id)


@router.post("/{product_id}/optimize")
def optimize(
    product_id: uuid.UUID, user: CurrentUser, response: Response, body: OptimizeIn | None = None
) -> OptimizationOut:
    """Rewrite the listing and return it beside the current one. Answers 200 once the
    rewrite waits for review, or 202 while a slow provider is still at it (poll the
    GET below)."""
    options = body or OptimizeIn()
    with session_scope() as session:  # committed now, so a worker can take the task
        task_id = listing_optimisation.request(
            session=session,
            user_id=user.id,
            product_id=product_id,
            focus=options.focus,
            tone=options.tone,
        ).id
    listing_optimisation.wait_until_done(session_scope, task_id, options.wait_seconds)
    with session_scope() as session:
        proposal = listing_optimisation.proposal(session=session, user_id=user.id, task_id=task_id)
    if proposal.in_progress:
        response.status_code = status.HTTP_202_ACCEPTED
    return OptimizationOut.of(proposal)


@router.get("/{product_id}/optimize/{task_id}")
def get_optimization(
    product_id: uuid.UUID, task_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> OptimizationOut:
    return OptimizationOut.of(
        listing_optimisation.proposal(session=session, user_id=user.id, task_id=task_id)
    )


@router.post("/{product_id}/optimize/{task_id}/apply")
def apply_optimization(
    product_id: uuid.UUID, task_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Use the rewrite: the product takes the new title and description."""
    listing_optimisation.apply(session=session, user_id=user.id, task_id=task_id)
    return ProductOut.of(
        products.get_product(session=session, user_id=user.id, product_id=product_id)
    )


@router.post("/{product_id}/optimize/{task_id}/discard")
def discard_optimization(
    product_id: uuid.UUID, task_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> ProductOut:
    """Throw the rewrite away; the product stays as it is and nothing is charged."""
    listing_optimisation.discard(session=session, user_id=user.id, task_id=task_id)
    return ProductOut.of(
        products.get_product(session=session, user_id=user.id, product_id=product_id)
    )
