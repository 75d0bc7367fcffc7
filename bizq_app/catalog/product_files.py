"""The file a digital product's buyers download: uploaded by the owner, kept private
(never under the public media address), handed out only through a signed, expiring
link made for one order's line (``order_pipeline`` e-mails it)."""

from __future__ import annotations

import re
import secrets
import uuid

from sqlmodel import Session

from bizq_app.accounts import audit
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.integrations.storage import Storage
from bizq_app.integrations.storage.registry import storage

MAX_BYTES = 100 * 1024 * 1024


def set_digital_file(
    *,
    session: Session,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    filename: str,
    data: bytes,
    files: Storage | None = None,
) -> Product:
    """Keep ``data`` as the product's download (replacing the previous one); the product
    is fulfilled digitally from now on.

    Raises:
        NotFound, PermissionDenied. ValidationFailed: empty, over 100 MB, or no file name.
    """
    product = products.editable_product(session, user_id, product_id)
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", filename.rsplit("/", 1)[-1]).strip("-.")[:120]
    if not name:
        raise ValidationFailed.field("$.file", "needs a file name")
    if not data:
        raise ValidationFailed.field("$.file", "is empty")
    if len(data) > MAX_BYTES:
        raise ValidationFailed.field("$.file", "must be at most 100 MB")
    store = files or storage()
    key = f"{product.store_id}/private/{secrets.token_hex(16)}/{name}"  # the store's, private
    store.save(key, data, "application/octet-stream")
    if product.digital_file:
        store.delete(product.digital_file)
    product.digital_file, product.fulfilment, product.updated_at = key, "digital", utcnow()
    session.add(product)
    audit.record(
        session=session,
        action="product.file_set",
        subject_type="product",
        subject_id=product.id,
        actor_id=user_id,
        store_id=product.store_id,
        data={"file": name, "bytes": len(data)},
    )
    session.flush()
    return product


def read_file(product: Product, files: Storage | None = None) -> tuple[str, bytes]:
    """The file name and bytes of a digital product's download.

    Raises:
        NotFound: the seller has taken the file down.
    """
    if not product.digital_file:
        raise NotFound("The seller has taken this file down.")
    return file_name(product) or "download", (files or storage()).read(product.digital_file)


def file_name(product: Product) -> str | None:
    """The name buyers see for the product's download, if it has one."""
    return product.digital_file.rsplit("/", 1)[-1] if product.digital_file else None
