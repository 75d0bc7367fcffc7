"""Stores: create, read, rename, delete, and their members."""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass

from slugify import slugify
from sqlalchemy import case
from sqlmodel import Session, col, select

from bizq_app.accounts import audit, lookups
from bizq_app.accounts.models import Role, Store, StoreMembership, User
from bizq_app.accounts.permissions import Permission, StoreAccess, require
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import Conflict, NotFound, ValidationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from bizq_app.core.validation import clean_email, clean_text

NAME_MAX = 80
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$")
CURRENCIES = frozenset(
    {
        "USD",
        "EUR",
        "GBP",
        "CAD",
        "AUD",
        "NZD",
        "CHF",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "CZK",
        "JPY",
        "SGD",
        "HKD",
        "INR",
        "BRL",
        "MXN",
        "ZAR",
    }
)


@dataclass(frozen=True)
class StoreView:
    """A store as one member sees it."""

    store: Store
    role: Role


def create_store(
    *,
    session: Session,
    user_id: uuid.UUID,
    name: object,
    slug: object = None,
    currency: object = "USD",
) -> StoreView:
    """Create a store owned by ``user_id`` (with no credits: see ``billing.wallets.open_store``).

    Raises:
        ValidationFailed: bad name, slug or currency.
        Conflict: the requested slug is taken.
    """
    clean_name = clean_text(name, path="$.name", max_length=NAME_MAX)
    clean_currency = _clean_currency(currency)
    store_slug = _requested_slug(session, slug) if slug else _free_slug(session, clean_name)
    store = Store(name=clean_name, slug=store_slug, currency=clean_currency, created_by_id=user_id)
    session.add(store)
    session.flush()
    session.add(StoreMembership(store_id=store.id, user_id=user_id, role=Role.OWNER.value))
    _audit(session, store, user_id, "store.created", {"name": clean_name, "slug": store_slug})
    session.flush()
    return StoreView(store=store, role=Role.OWNER)


def get_store(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> StoreView:
    """A store the user is a member of.

    Raises:
        NotFound: no such store. PermissionDenied: not a member.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    return _view(access)


def list_stores(
    *, session: Session, user_id: uuid.UUID, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page[StoreView]:
    """The live stores the user belongs to, by name."""
    query = (
        select(Store, StoreMembership.role)
        .join(StoreMembership, col(StoreMembership.store_id) == Store.id)
        .where(StoreMembership.user_id == user_id, col(Store.deleted_at).is_(None))
        .order_by(col(Store.name), col(Store.id))
    )
    page = paginate(session, query, limit=limit, offset=offset)  # type: ignore[arg-type]
    views = [StoreView(store=store, role=Role(role)) for store, role in page.items]
    return Page(items=views, total=page.total, limit=limit, offset=offset)


PLANS = ("free", "growth", "scale")  # each store's plan: its API quota (core.rate_limits)


def plan_of(store: Store) -> str:
    """The store's plan (``settings["plan"]``; free unless an operator set another)."""
    plan = str(store.settings.get("plan", "free"))
    return plan if plan in PLANS else "free"


def best_plan(*, session: Session, user_id: uuid.UUID) -> tuple[str, bool]:
    """The best plan among the user's live stores (their API quota) and whether they own
    one of them."""
    views = list_stores(session=session, user_id=user_id, limit=MAX_LIMIT).items
    plans = {plan_of(v.store) for v in views}
    best = max(plans, key=PLANS.index) if plans else "free"
    return best, any(v.role == Role.OWNER for v in views)


def set_plan(*, session: Session, slug: str, plan: str) -> Store:
    """Put a store on a plan (an operator's act: ``python -m bizq_app plan <slug> <plan>``).

    Raises:
        NotFound: no such store. ValidationFailed: an unknown plan.
    """
    if plan not in PLANS:
        raise ValidationFailed.field("$.plan", f"must be one of {', '.join(PLANS)}")
    store = store_at(session, slug)
    store.settings = {**store.settings, "plan": plan}
    session.add(store)
    return store


def update_store(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    name: object = None,
    slug: object = None,
    currency: object = None,
) -> StoreView:
    """Rename a store or change its slug or currency (owners and managers).

    Raises:
        NotFound, PermissionDenied, ValidationFailed, Conflict.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE
    )
    store = access.store
    changes: dict[str, str] = {}
    if name is not None:
        changes["name"] = clean_text(name, path="$.name", max_length=NAME_MAX)
    if slug is not None and slug != store.slug:
        changes["slug"] = _requested_slug(session, slug)
    if currency is not None:
        changes["currency"] = _clean_currency(currency)
    if not changes:
        raise ValidationFailed("Nothing to change: give a name, slug or currency.")
    for field, value in changes.items():
        setattr(store, field, value)
    store.updated_at = utcnow()
    session.add(store)
    _audit(session, store, user_id, "store.updated", changes)
    session.flush()
    return _view(access)


def delete_store(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> None:
    """Delete a store (owners only). Its data is kept for the audit trail but hidden.

    Raises:
        NotFound, PermissionDenied.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.DELETE_STORE
    )
    access.store.deleted_at = utcnow()
    session.add(access.store)
    _audit(session, access.store, user_id, "store.deleted", {"name": access.store.name})
    session.flush()


@dataclass(frozen=True)
class Member:
    """One person's membership of a store."""

    user_id: uuid.UUID
    email: str
    full_name: str
    role: Role


def list_members(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Member]:
    """Everyone in the store: owners, then managers, then viewers.

    Raises:
        NotFound, PermissionDenied.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    rank = case({r.value: i for i, r in enumerate(Role)}, value=StoreMembership.role)
    query = (
        select(User, StoreMembership.role)
        .join(StoreMembership, col(StoreMembership.user_id) == User.id)
        .where(StoreMembership.store_id == store_id)
        .order_by(rank, col(StoreMembership.created_at), col(User.id))
    )
    page = paginate(session, query, limit=limit, offset=offset)  # type: ignore[arg-type]
    members = [Member(u.id, u.email, u.full_name, Role(r)) for u, r in page.items]
    return Page(items=members, total=page.total, limit=limit, offset=offset)


def add_member(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, email: object, role: object
) -> Member:
    """Give an existing BizQ account a role in the store (owners only).

    Raises:
        NotFound: no account uses the e-mail address (or no such store).
        PermissionDenied, ValidationFailed, Conflict: already a member.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_MEMBERS
    )
    clean_role = _clean_role(role)
    user = session.exec(select(User).where(User.email == clean_email(email))).first()
    if user is None:
        raise NotFound("No BizQ account uses this e-mail address; ask them to sign up first.")
    if _membership(session, store_id, user.id) is not None:
        raise Conflict(f"{user.email} is already a member of this store.", path="$.email")
    session.add(StoreMembership(store_id=store_id, user_id=user.id, role=clean_role.value))
    _audit(
        session,
        access.store,
        user_id,
        "member.added",
        {"user_id": str(user.id), "role": clean_role.value},
    )
    session.flush()
    return Member(user.id, user.email, user.full_name, clean_role)


def change_member_role(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    member_id: uuid.UUID,
    role: object,
) -> Member:
    """Change a member's role (owners only); a store always keeps one owner, also when
    two owners change roles at once (see ``_members_in_turn``).

    Raises:
        NotFound, PermissionDenied, ValidationFailed, Conflict: would leave no owner.
    """
    access = _members_in_turn(session, store_id, user_id)
    clean_role = _clean_role(role)
    membership = _existing_membership(session, store_id, member_id)
    if membership.role == Role.OWNER.value and clean_role != Role.OWNER:
        _keep_an_owner(session, store_id)
    membership.role = clean_role.value
    session.add(membership)
    _audit(
        session,
        access.store,
        user_id,
        "member.role_changed",
        {"user_id": str(member_id), "role": clean_role.value},
    )
    session.flush()
    member = session.get(User, member_id)
    assert member is not None  # the membership's foreign key guarantees it
    return Member(member.id, member.email, member.full_name, clean_role)


def remove_member(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, member_id: uuid.UUID
) -> None:
    """Remove someone from the store (owners only); the last owner stays, also when two
    owners act at once (see ``_members_in_turn``).

    Raises:
        NotFound, PermissionDenied, Conflict: would leave no owner.
    """
    access = _members_in_turn(session, store_id, user_id)
    membership = _existing_membership(session, store_id, member_id)
    if membership.role == Role.OWNER.value:
        _keep_an_owner(session, store_id)
    session.delete(membership)
    _audit(session, access.store, user_id, "member.removed", {"user_id": str(member_id)})
    session.flush()


def admit_worker(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, worker_id: uuid.UUID, admit: bool
) -> list[str]:
    """Let a marketplace worker take the store's human tasks (or stop letting them);
    the store's own members need no admission. Owners only; audited. Returns the ids of
    the workers the store admits now.

    Raises:
        NotFound, PermissionDenied.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_MEMBERS
    )
    lookups.lock_store(session, store_id)  # two admissions at once: neither is lost
    store = access.store
    session.refresh(store)
    admitted = [w for w in admitted_workers(store) if w != str(worker_id)]
    if admit:
        admitted.append(str(worker_id))
    store.settings = {**store.settings, "admitted_workers": admitted}
    session.add(store)
    action = "worker.admitted" if admit else "worker.dismissed"
    _audit(session, store, user_id, action, {"worker_id": str(worker_id)})
    session.flush()
    return admitted


def admitted_workers(store: Store) -> list[str]:
    """The ids of the marketplace workers the store lets take its human tasks."""
    return [str(w) for w in store.settings.get("admitted_workers", [])]


def _view(access: StoreAccess) -> StoreView:
    return StoreView(store=access.store, role=access.role)


def _clean_currency(value: object) -> str:
    code = value.strip().upper() if isinstance(value, str) else ""
    if code not in CURRENCIES:
        raise ValidationFailed.field(
            "$.currency", f"must be one of {', '.join(sorted(CURRENCIES))}"
        )
    return code


def _clean_role(value: object) -> Role:
    try:
        return Role(str(value))
    except ValueError as exc:
        raise ValidationFailed.field("$.role", "must be one of owner, manager, viewer") from exc


def _requested_slug(session: Session, value: object) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ValidationFailed.field(
            "$.slug",
            "must be 3-64 lower-case letters, digits or dashes, not starting or ending with a dash",
        )
    if _slug_taken(session, value):
        raise Conflict(f"The address '{value}' is taken; choose another.", path="$.slug")
    return value


def _free_slug(session: Session, name: str) -> str:
    base = slugify(name, max_length=56, word_boundary=True) or "store"
    base = base if len(base) >= 3 else f"{base}-store"
    candidate = base
    while _slug_taken(session, candidate):
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def _slug_taken(session: Session, slug: str) -> bool:
    return session.exec(select(Store.id).where(Store.slug == slug)).first() is not None


def _membership(
    session: Session, store_id: uuid.UUID, member_id: uuid.UUID
) -> StoreMembership | None:
    query = select(StoreMembership).where(
        StoreMembership.store_id == store_id, StoreMembership.user_id == member_id
    )
    return session.exec(query).first()


def _existing_membership(
    session: Session, store_id: uuid.UUID, member_id: uuid.UUID
) -> StoreMembership:
    membership = _membership(session, store_id, member_id)
    if membership is None:
        raise NotFound("That person is not a member of this store.")
    return membership


def _members_in_turn(session: Session, store_id: uuid.UUID, user_id: uuid.UUID) -> StoreAccess:
    """Lock the store's row, then check that ``user_id`` may manage its members: two
    owners changing members at once take turns, and the second sees the first's change
    (an owner demoted meanwhile is refused; the last owner is kept)."""
    lookups.lock_store(session, store_id)
    return require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_MEMBERS
    )


def _keep_an_owner(session: Session, store_id: uuid.UUID) -> None:
    owners = session.exec(
        select(StoreMembership.id).where(
            StoreMembership.store_id == store_id, StoreMembership.role == Role.OWNER.value
        )
    ).all()
    if len(owners) <= 1:
        raise Conflict("A store needs at least one owner; make someone else owner first.")


def _audit(
    session: Session, store: Store, actor_id: uuid.UUID, action: str, data: dict[str, str]
) -> None:
    audit.record(
        session=session,
        action=action,
        subject_type="store",
        subject_id=store.id,
        actor_id=actor_id,
        store_id=store.id,
        data=data,
    )


def store_at(session: Session, slug: str) -> Store:
    """The live store at ``/s/{slug}``.

    Raises:
        NotFound: none.
    """
    store = session.exec(select(Store).where(Store.slug == slug)).first()
    if store is None or store.deleted_at is not None:
        raise NotFound(f"There is no store at /s/{slug}.")
    return store
