"""Who may do what on a store. The UI and the API both ask here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session, select

from bizq_app.accounts.models import Role, Store, StoreMembership
from bizq_app.core.errors import NotFound, PermissionDenied


class Permission(StrEnum):
    VIEW = "view"  # read anything in the store
    OPERATE = "operate"  # run the store: rename, products, orders, tasks
    MANAGE_MEMBERS = "manage_members"
    MANAGE_BILLING = "manage_billing"  # buy credits, set the daily task budget
    MANAGE_SETTINGS = "manage_settings"  # what the store's e-mails say
    DELETE_STORE = "delete_store"


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.OWNER: frozenset(Permission),
    Role.MANAGER: frozenset({Permission.VIEW, Permission.OPERATE}),
    Role.VIEWER: frozenset({Permission.VIEW}),
}


def roles_with(permission: Permission) -> frozenset[str]:
    """The roles (by name) that hold ``permission``: what the pages check too."""
    return frozenset(role.value for role, granted in GRANTS.items() if permission in granted)


_DESCRIPTIONS = {
    Permission.VIEW: "view this store",
    Permission.OPERATE: "change this store",
    Permission.MANAGE_MEMBERS: "change this store's members",
    Permission.MANAGE_BILLING: "change this store's credits or budget",
    Permission.MANAGE_SETTINGS: "change this store's settings",
    Permission.DELETE_STORE: "delete this store",
}


@dataclass(frozen=True)
class StoreAccess:
    """A live store and the role the acting user holds in it."""

    store: Store
    role: Role


def require(
    *, session: Session, store_id: uuid.UUID, user_id: uuid.UUID, permission: Permission
) -> StoreAccess:
    """The store, if ``user_id`` holds ``permission`` on it.

    Raises:
        NotFound: no such store, or it was deleted.
        PermissionDenied: the user is not a member, or their role lacks the permission.
    """
    store = session.get(Store, store_id)
    if store is None or store.deleted_at is not None:
        raise NotFound(f"Store {store_id} does not exist.")
    role = role_of(session=session, store_id=store_id, user_id=user_id)
    if role is None:
        raise PermissionDenied("You are not a member of this store.")
    if permission not in GRANTS[role]:
        raise PermissionDenied(f"A {role.value} cannot {_DESCRIPTIONS[permission]}.")
    return StoreAccess(store=store, role=role)


def role_of(*, session: Session, store_id: uuid.UUID, user_id: uuid.UUID) -> Role | None:
    """The user's role in the store, or None if they are not a member."""
    query = select(StoreMembership.role).where(
        StoreMembership.store_id == store_id, StoreMembership.user_id == user_id
    )
    value = session.exec(query).first()
    return Role(value) if value is not None else None
