"""Dashboard templates: the shipped ones, a store's own versions, and the active one.

A template row is one version of one named document. Shipped templates have no
store. Applying a template makes a store copy of it the store's only active
template; saving under the same name adds a version; restoring adds a version
with an old one's content and makes it active.
"""

from __future__ import annotations

import json
import uuid
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core.errors import NotFound
from bizq_app.dashboards import listening
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_migrations import upgrade
from bizq_app.dashboards.template_schema import SCHEMA_VERSION
from bizq_app.dashboards.template_validation import validate_template

SHIPPED = ("starter", "growth", "scale")
STARTER = "Starter"


@lru_cache(maxsize=1)
def shipped_templates() -> tuple[dict[str, Any], ...]:
    """The bundled starter, growth and scale documents, validated once per process."""
    folder = resources.files("bizq_app.data").joinpath("templates")
    documents = []
    for name in SHIPPED:
        text = folder.joinpath(f"{name}.json").read_text(encoding="utf-8")
        documents.append(validate_template(json.loads(text)))
    return tuple(documents)


def sync_shipped_templates(*, session: Session) -> int:
    """Add the shipped templates missing from the database, or a new version of a changed
    one; return how many rows were added (0 when all are current)."""
    added = 0
    for document in shipped_templates():
        latest = _latest(session, None, document["name"])
        if latest is not None and latest.content == document:
            continue
        session.add(_row(None, document, version=latest.version + 1 if latest else 1))
        added += 1
    session.flush()
    return added


def list_templates(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID
) -> list[UITemplate]:
    """The shipped (public) templates and every version of the store's own, by name and
    newest version first.

    Raises:
        NotFound, PermissionDenied: no such store or not a member.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(UITemplate)
        .where(or_(col(UITemplate.store_id).is_(None), col(UITemplate.store_id) == store_id))
        .order_by(
            col(UITemplate.store_id).is_not(None),
            col(UITemplate.name),
            col(UITemplate.version).desc(),
        )
    )
    return list(session.exec(query))


def save_template(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, document: object
) -> UITemplate:
    """Validate ``document`` and save it as the next version of the store's template of
    that name (not applied: see ``apply_template``).

    Raises:
        NotFound, PermissionDenied: no such store or not allowed to change it.
        ValidationFailed: every problem of the document, with its JSON path.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    cleaned = validate_template(document, session=session, store_id=store_id)
    row = _add_version(session, store_id, cleaned, user_id)
    _record(session, "template.saved", row, user_id)
    return row


def apply_template(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, template_id: uuid.UUID
) -> UITemplate:
    """Make the template the store's active one: a store version is used as it is, a shipped
    one is copied into the store first. Every other template of the store is deactivated.

    Raises:
        NotFound: no such store or template (or another store's).
        PermissionDenied: not allowed to change the store.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    source = _visible(session, store_id, template_id)
    row = (
        source
        if source.store_id == store_id
        else _add_version(session, store_id, source.content, user_id)
    )
    _activate(session, store_id, row)
    _record(session, "template.applied", row, user_id, source=str(source.id))
    return row


def adopt(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, document: dict[str, Any]
) -> UITemplate:
    """Copy a document (e.g. another store's published template) into the store as a new
    version and make it the active one."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    row = _add_version(session, store_id, document, user_id)
    _activate(session, store_id, row)
    _record(session, "template.applied", row, user_id)
    return row


def restore_version(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, template_id: uuid.UUID
) -> UITemplate:
    """Bring back an earlier version of one of the store's templates: its content becomes
    the newest version of that name, and the store's active template.

    Raises:
        NotFound: no such store or no such version of this store's.
        PermissionDenied: not allowed to change the store.
        ValidationFailed: the old version no longer validates (say, a task type was removed).
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    old = _visible(session, store_id, template_id)
    if old.store_id != store_id:
        raise NotFound(f"Template {template_id} is not one of this store's versions.")
    cleaned = validate_template(old.content, session=session, store_id=store_id)
    row = _add_version(session, store_id, cleaned, user_id)
    _activate(session, store_id, row)
    _record(session, "template.restored", row, user_id, restored_version=old.version)
    return row


def active_template(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> UITemplate:
    """The store's active template, or the shipped starter template when it has none.

    Raises:
        NotFound, PermissionDenied: no such store or not a member.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(UITemplate).where(UITemplate.store_id == store_id, col(UITemplate.is_active))
    active = session.exec(query).first()
    return active or _starter(session)


STAGE_TEMPLATES = {"beginner": "Starter", "intermediate": "Growth", "advanced": "Scale"}


def apply_for_experience(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, experience: str
) -> UITemplate:
    """Apply the shipped template for the seller's stage: starter for beginners, growth
    for intermediate sellers, scale for advanced ones."""
    name = STAGE_TEMPLATES.get(experience, STARTER)
    shipped = _latest(session, None, name)
    if shipped is None:  # the seed has not run yet in this database
        sync_shipped_templates(session=session)
        shipped = _latest(session, None, name)
    if shipped is None:
        raise NotFound(f"The {name} template is missing.")
    return apply_template(
        session=session, user_id=user_id, store_id=store_id, template_id=shipped.id
    )


def _starter(session: Session) -> UITemplate:
    starter = _latest(session, None, STARTER)
    if starter is None:  # the seed has not run yet in this database
        sync_shipped_templates(session=session)
        starter = _latest(session, None, STARTER)
    if starter is None:
        raise NotFound("The starter template is missing.")
    return starter


def _visible(session: Session, store_id: uuid.UUID, template_id: uuid.UUID) -> UITemplate:
    row = session.get(UITemplate, template_id)
    if row is None or row.store_id not in (None, store_id):
        raise NotFound(f"Template {template_id} does not exist.")
    return row


def _latest(session: Session, store_id: uuid.UUID | None, name: str) -> UITemplate | None:
    owner = (
        col(UITemplate.store_id).is_(None) if store_id is None else UITemplate.store_id == store_id
    )
    query = select(UITemplate).where(owner, UITemplate.name == name)
    return session.exec(query.order_by(col(UITemplate.version).desc())).first()


def _add_version(
    session: Session, store_id: uuid.UUID, document: dict[str, Any], user_id: uuid.UUID
) -> UITemplate:
    query = select(func.max(UITemplate.version)).where(
        UITemplate.store_id == store_id, UITemplate.name == document["name"]
    )
    version = (session.exec(query).one() or 0) + 1
    row = _row(store_id, upgrade(document), version=version, user_id=user_id)
    session.add(row)
    session.flush()
    return row


def _row(
    store_id: uuid.UUID | None,
    document: dict[str, Any],
    *,
    version: int,
    user_id: uuid.UUID | None = None,
) -> UITemplate:
    return UITemplate(
        store_id=store_id,
        name=document["name"],
        category=document["category"],
        version=version,
        schema_version=SCHEMA_VERSION,
        content=document,
        created_by_id=user_id,
    )


def _activate(session: Session, store_id: uuid.UUID, row: UITemplate) -> None:
    listening.forget(store_id)
    """Exactly one active template per store: this one (the store row is locked meanwhile,
    so two applies at once cannot both win)."""
    account_lookups.lock_store(session, store_id)
    others = update(UITemplate).where(
        col(UITemplate.store_id) == store_id,
        col(UITemplate.id) != row.id,
        col(UITemplate.is_active),
    )
    session.execute(others.values(is_active=False).execution_options(synchronize_session="fetch"))
    row.is_active = True
    session.add(row)
    session.flush()


def _record(
    session: Session, action: str, row: UITemplate, user_id: uuid.UUID, **data: Any
) -> None:
    audit.record(
        session=session,
        action=action,
        subject_type="ui_template",
        subject_id=row.id,
        actor_id=user_id,
        store_id=row.store_id,
        data={"name": row.name, "version": row.version, **data},
    )


def applied_content(session: Session, store_id: uuid.UUID) -> dict[str, Any] | None:
    """The content of the store's applied template (its blocks, automations…), or None."""
    query = select(UITemplate.content).where(
        UITemplate.store_id == store_id, col(UITemplate.is_active)
    )
    content = session.exec(query).first()
    return dict(content) if content is not None else None


def stores_with_applied_template(session: Session) -> list[uuid.UUID]:
    """Every store that has applied a template."""
    query = select(UITemplate.store_id).where(
        col(UITemplate.is_active), col(UITemplate.store_id).is_not(None)
    )
    return [store_id for store_id in session.exec(query) if store_id is not None]
