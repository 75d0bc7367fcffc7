"""Who acts on a store: a person (their user id) or one of BizQ's own system actors,
acting for the store they run in — the order pipeline, the automation rules, the
recurring tasks.

A system actor is not a member: whoever joins or leaves the store (the person who
created it included), its pipeline and its rules keep running. It holds a small, explicit
set of permissions on the store it acts for, and the audit log names it
(``system:order_pipeline``), since no user did what it did.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bizq_app.accounts import permissions
from bizq_app.accounts.models import Role, Store, StoreMembership, User
from bizq_app.accounts.permissions import Permission
from bizq_app.core.errors import NotFound, PermissionDenied


@dataclass(frozen=True)
class SystemActor:
    """BizQ acting for a store on its own: ``name`` as the audit log records it,
    ``label`` as a page says it, ``grants`` what it may do on that store."""

    name: str
    label: str
    grants: frozenset[Permission] = frozenset({Permission.VIEW, Permission.OPERATE})


ORDER_PIPELINE = SystemActor("system:order_pipeline", "BizQ's order pipeline")
AUTOMATIONS = SystemActor("system:automations", "BizQ's automation rules")
RECURRING = SystemActor("system:recurring_tasks", "BizQ's recurring tasks")

Actor = uuid.UUID | SystemActor
"""A person by their user id, or a system actor."""


def require(
    *, session: Session, store_id: uuid.UUID, actor: Actor, permission: Permission
) -> Store:
    """The live store, if ``actor`` holds ``permission`` on it: a person through their
    role (``permissions.require``), a system actor through its own grants.

    Raises:
        NotFound: no such store, or it was deleted.
        PermissionDenied: a person without that permission, or a system actor not granted it.
    """
    if not isinstance(actor, SystemActor):
        return permissions.require(
            session=session, store_id=store_id, user_id=actor, permission=permission
        ).store
    store = session.get(Store, store_id)
    if store is None or store.deleted_at is not None:
        raise NotFound(f"Store {store_id} does not exist.")
    if permission not in actor.grants:
        raise PermissionDenied(f"{actor.label} may not {permission.value} this store.")
    return store


def user_id_of(actor: Actor) -> uuid.UUID | None:
    """The person's user id; None for a system actor (no user did it)."""
    return None if isinstance(actor, SystemActor) else actor


def name_of(actor: Actor) -> str:
    """The system actor's name for the audit log; "" for a person (their id says it)."""
    return actor.name if isinstance(actor, SystemActor) else ""


def first_owner(session: Session, store_id: uuid.UUID) -> User | None:
    """The store's longest-standing owner: whom a system actor's message for the store
    goes to (the person who created the store may have left it)."""
    query = (
        select(User)
        .join(StoreMembership, col(StoreMembership.user_id) == User.id)
        .where(StoreMembership.store_id == store_id, StoreMembership.role == Role.OWNER.value)
        .order_by(col(StoreMembership.created_at), col(StoreMembership.id))
    )
    return session.exec(query.limit(1)).first()
