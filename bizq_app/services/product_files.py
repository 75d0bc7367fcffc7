"""The file a digital product's buyers download: uploaded by the owner, kept private
(never under the public media address), handed out only through a signed, expiring
link made for one order's line (``order_pipeline`` e-mails it)."""

from __future__ import annotations

import re
import secrets
import uuid

from sqlmodel import Session, select

from bizq_app.core.errors import InvalidTransition, NotFound, ValidationFailed
from bizq_app.core.security import read_link
from bizq_app.integrations.storage import Storage, storage
from bizq_app.models import Order, OrderItem, OrderStatus, Product
from bizq_app.models.base import utcnow
from bizq_app.services import audit, products

MAX_BYTES = 100 * 1024 * 1024
CLOSED = (OrderStatus.CANCELLED.value, OrderStatus.REFUNDED.value)


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
    key = f"private/{product.store_id}/{secrets.token_hex(16)}/{name}"
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


def download(*, session: Session, token: str, files: Storage | None = None) -> tuple[str, bytes]:
    """The file name and bytes a download link stands for.

    Raises:
        AuthenticationFailed: a forged, foreign or expired link.
        InvalidTransition: the order was cancelled or refunded. NotFound: no file any more.
    """
    order_id, _, product_id = read_link(token, "download").partition(":")
    order = session.get(Order, uuid.UUID(order_id))
    if order is None:
        raise NotFound("This order no longer exists.")
    if order.status in CLOSED:
        raise InvalidTransition(
            f"Order #{order.number} was {order.status}; its downloads are closed."
        )
    bought = session.exec(
        select(OrderItem).where(
            OrderItem.order_id == order.id, OrderItem.product_id == uuid.UUID(product_id)
        )
    ).first()
    product = session.get(Product, uuid.UUID(product_id)) if bought else None
    if product is None or not product.digital_file:
        raise NotFound("The seller has taken this file down.")
    return file_name(product) or "download", (files or storage()).read(product.digital_file)


def file_name(product: Product) -> str | None:
    """The name buyers see for the product's download, if it has one."""
    return product.digital_file.rsplit("/", 1)[-1] if product.digital_file else None
