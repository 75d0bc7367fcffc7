"""What a store keeps in its settings that other domains read or write: its brand as
buyers see it, and one setting changed at a time under the store's row lock."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import lookups
from bizq_app.accounts.models import Store
from bizq_app.core import colours
from bizq_app.core.errors import NotFound

DEFAULT_ACCENT = "#5b5bd6"


@dataclass(frozen=True)
class Brand:
    """The store's name, main colour and logo as its shop and its e-mails show them."""

    name: str
    tagline: str
    accent: str  # a hex colour
    logo_url: str  # an absolute http(s) address, or ""


def brand_of(store: Store) -> Brand:
    """The store's brand identity (``settings["brand"]``), or its name and BizQ's colour."""
    brand = store.settings.get("brand") or {}
    if not isinstance(brand, dict):
        brand = {}
    found = brand.get("colors") or []
    accent = found[0] if isinstance(found, list) and found else None
    logo = brand.get("logo_url") or ""
    return Brand(
        name=str(brand.get("name") or store.name),
        tagline=str(brand.get("tagline") or ""),
        accent=accent if colours.is_hex(accent) else DEFAULT_ACCENT,
        logo_url=logo if isinstance(logo, str) and logo.startswith(("https://", "http://")) else "",
    )


def change(session: Session, store_id: uuid.UUID, key: str, update: Callable[[Any], Any]) -> Store:
    """Replace ``settings[key]`` with ``update(its value now)`` (None for none), or drop
    the key when ``update`` returns None. The store's row stays locked until the
    transaction ends, so two changes at once both stay. The caller checks who may change
    it and audits the change.

    Raises:
        NotFound: no such store.
    """
    store = lookups.find_store(session, store_id)
    if store is None or not lookups.lock_store(session, store_id):
        raise NotFound(f"Store {store_id} does not exist.")
    session.refresh(store)
    settings = {k: v for k, v in store.settings.items() if k != key}
    value = update(store.settings.get(key))
    store.settings = settings if value is None else {**settings, key: value}
    session.add(store)
    session.flush()
    return store
