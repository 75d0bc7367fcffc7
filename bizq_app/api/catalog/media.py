"""``/api/media``: uploaded files kept in the data folder (public, like a storefront's images)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from bizq_app.integrations.storage.registry import storage

router = APIRouter(prefix="/media", tags=["media"])
TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}


@router.get("/{store_id}/{name}")
def media(store_id: str, name: str) -> Response:
    """One uploaded file; 404 for anything that is not one."""
    data = storage().read(f"{store_id}/{name}")
    return Response(
        data,
        media_type=TYPES[name.rsplit(".", 1)[-1]],
        headers={"Cache-Control": "public, max-age=31536000, immutable"},
    )
