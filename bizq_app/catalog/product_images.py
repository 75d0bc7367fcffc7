"""A product's images: uploaded, checked, stored (data folder or S3), removed."""

from __future__ import annotations

import secrets
import uuid

from sqlmodel import Session, select

from bizq_app.accounts import audit
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.catalog.product_fields import MAX_IMAGES
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import ValidationFailed
from bizq_app.integrations.storage import Storage, key_of
from bizq_app.integrations.storage.registry import storage

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {  # what the first bytes of each accepted image format look like
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"GIF87a": ("gif", "image/gif"),
    b"GIF89a": ("gif", "image/gif"),
}


def add_image(
    *,
    session: Session,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    data: bytes,
    files: Storage | None = None,
) -> Product:
    """Store an uploaded image and add it to the product's images (the last one).

    Raises:
        NotFound, PermissionDenied. ValidationFailed: not a PNG, JPEG, WebP or GIF image,
            larger than 5 MB, or the product already has 10 images.
    """
    product = products.editable_product(session, user_id, product_id)
    extension, content_type = _kind(data)
    if len(data) > MAX_BYTES:
        raise ValidationFailed.field("$.file", "must be at most 5 MB")
    if len(product.images) >= MAX_IMAGES:
        raise ValidationFailed.field("$.file", f"a product has at most {MAX_IMAGES} images")
    key = f"{product.store_id}/{secrets.token_hex(16)}.{extension}"
    url = (files or storage()).save(key, data, content_type)
    product.images = [*product.images, url]
    return _saved(session, product, user_id, "product.image_added", url)


def remove_image(
    *,
    session: Session,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    url: str,
    files: Storage | None = None,
) -> Product:
    """Take an image off the product and delete the file if BizQ stored it for this store
    and no other product of the store shows it (another store's file is never touched).

    Raises:
        NotFound, PermissionDenied. ValidationFailed: the product has no such image.
    """
    product = products.editable_product(session, user_id, product_id)
    if url not in product.images:
        raise ValidationFailed.field("$.url", "is not one of this product's images")
    product.images = [u for u in product.images if u != url]
    key = key_of(url)
    if key is not None and products.owns_file(product.store_id, url):
        if not _still_shown(session, product, url):  # another of its products shows it too
            (files or storage()).delete(key)
    return _saved(session, product, user_id, "product.image_removed", url)


def _still_shown(session: Session, product: Product, url: str) -> bool:
    others = session.exec(
        select(Product.images).where(Product.store_id == product.store_id, Product.id != product.id)
    )
    return any(url in (images or []) for images in others)


def _kind(data: bytes) -> tuple[str, str]:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "image/webp"
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    raise ValidationFailed.field("$.file", "must be a PNG, JPEG, WebP or GIF image")


def _saved(
    session: Session, product: Product, user_id: uuid.UUID, action: str, url: str
) -> Product:
    product.updated_at = utcnow()
    session.add(product)
    audit.record(
        session=session,
        action=action,
        subject_type="product",
        subject_id=product.id,
        actor_id=user_id,
        store_id=product.store_id,
        data={"url": url},
    )
    session.flush()
    return product
