"""A store's registered component variants: named presets of a built-in's props.

A variant is metadata only (a base component, preset props, a description),
never code. Variants live in ``Store.settings["component_variants"]``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import audit, store_settings
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.core.schemas import errors_against
from bizq_app.core.validation import clean_text
from bizq_app.dashboards import components
from bizq_app.dashboards.components import Component
from bizq_app.dashboards.template_text import unsafe_text_errors

NAME = re.compile(r"^[a-z][a-z0-9_]{2,40}$")
MAX_VARIANTS = 100
SETTINGS_KEY = "component_variants"


def register_variant(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    name: str,
    base: str,
    props: dict[str, Any],
    description: str = "",
) -> Component:
    """Register (or replace) a named preset of a built-in component's props for the store.

    Raises:
        NotFound, PermissionDenied: no such store or not allowed to change it.
        ValidationFailed: a bad name, an unknown base, or props the base refuses.
        Conflict: the name is a built-in component's.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    base_component = _checked(name, base, props)
    text = clean_text(description, path="$.description", max_length=200, required=False)

    def update(now: Any) -> dict[str, Any]:
        saved = dict(now or {})  # read under the store's row lock: no variant is lost
        if name not in saved and len(saved) >= MAX_VARIANTS:
            raise ValidationFailed.field("$.name", f"a store may register at most {MAX_VARIANTS}")
        saved[name] = {"base": base, "props": props, "description": text}
        return saved

    store = store_settings.change(session, store_id, SETTINGS_KEY, update)
    audit.record(
        session=session,
        action="component_variant.registered",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"name": name, "base": base},
    )
    return _variant(name, store.settings[SETTINGS_KEY][name], base_component)


def list_variants(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Component]:
    """The store's variants, by name.

    Raises:
        NotFound, PermissionDenied: no such store or not a member.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    return list(store_variants(session=session, store_id=store_id).values())


def store_variants(*, session: Session, store_id: uuid.UUID) -> dict[str, Component]:
    """The store's variants by name (no permission check: for validating its templates)."""
    store = account_lookups.find_store(session, store_id)
    saved = (store.settings.get(SETTINGS_KEY) or {}) if store else {}
    variants = {}
    for name, entry in sorted(saved.items()):
        base = components.find(str(entry.get("base")))
        if base is not None:
            variants[name] = _variant(name, entry, base)
    return variants


def _checked(name: str, base: str, props: dict[str, Any]) -> Component:
    if not isinstance(name, str) or not NAME.match(name):
        raise ValidationFailed.field(
            "$.name", "must be 3 to 41 lower-case letters, digits or _, starting with a letter"
        )
    if components.find(name) is not None:
        raise Conflict(f"'{name}' is a built-in component; choose another name.", path="$.name")
    found = components.find(base) if isinstance(base, str) else None
    if found is None:
        raise ValidationFailed.field("$.base", "is not a built-in component")
    errors = errors_against(found.props_schema, props, root="$.props")
    errors += unsafe_text_errors(props, root="$.props")
    if errors:
        detail = "; ".join(f"{e.path}: {e.message}" for e in errors)
        raise ValidationFailed(f"The variant's props are not valid: {detail}", errors)
    return found


def _variant(name: str, entry: dict[str, Any], base: Component) -> Component:
    return Component(
        name=name,
        category=base.category,
        description=str(entry.get("description") or base.description),
        props_schema=base.props_schema,
        default_size=base.default_size,
        data=base.data,
        base=base.name,
        preset=dict(entry.get("props") or {}),
    )
