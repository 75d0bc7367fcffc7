"""``/api/stores``: stores and their members."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from bizq_app.accounts import stores
from bizq_app.accounts.stores import Member, StoreView
from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import (
    MemberIn,
    MemberOut,
    MemberRoleIn,
    PageOut,
    StoreCreateIn,
    StoreOut,
    StoreUpdateIn,
)
from bizq_app.billing import wallets
from bizq_app.core.errors import NotFound
from bizq_app.tasks import lookups as task_lookups

router = APIRouter(prefix="/stores", tags=["stores"])


def store_out(view: StoreView) -> StoreOut:
    """A store as the API shows it to one member."""
    s = view.store
    return StoreOut(
        id=s.id,
        name=s.name,
        slug=s.slug,
        currency=s.currency,
        role=view.role.value,
        created_at=s.created_at,
        updated_at=s.updated_at,
    )


def member_out(member: Member) -> MemberOut:
    return MemberOut(
        user_id=member.user_id,
        email=member.email,
        full_name=member.full_name,
        role=member.role.value,
    )


@router.get("")
def list_stores(
    user: CurrentUser, session: SessionDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> PageOut[StoreOut]:
    """The stores you belong to."""
    page = stores.list_stores(session=session, user_id=user.id, limit=limit, offset=offset)
    return PageOut(
        items=[store_out(v) for v in page.items], total=page.total, limit=limit, offset=offset
    )


@router.post("", status_code=status.HTTP_201_CREATED)
def create_store(body: StoreCreateIn, user: CurrentUser, session: SessionDep) -> StoreOut:
    """Create a store; you become its owner."""
    view = wallets.open_store(
        session=session, user_id=user.id, name=body.name, slug=body.slug, currency=body.currency
    )
    return store_out(view)


@router.get("/{store_id}")
def get_store(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> StoreOut:
    """One store you belong to."""
    return store_out(stores.get_store(session=session, user_id=user.id, store_id=store_id))


@router.put("/{store_id}")
def update_store(
    store_id: uuid.UUID, body: StoreUpdateIn, user: CurrentUser, session: SessionDep
) -> StoreOut:
    """Rename a store, or change its slug or currency (owners and managers)."""
    view = stores.update_store(
        session=session,
        user_id=user.id,
        store_id=store_id,
        name=body.name,
        slug=body.slug,
        currency=body.currency,
    )
    return store_out(view)


@router.delete("/{store_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_store(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Delete a store (owners only)."""
    stores.delete_store(session=session, user_id=user.id, store_id=store_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/{store_id}/members")
def list_members(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[MemberOut]:
    """Everyone in the store and their role."""
    page = stores.list_members(
        session=session, user_id=user.id, store_id=store_id, limit=limit, offset=offset
    )
    return PageOut(
        items=[member_out(m) for m in page.items], total=page.total, limit=limit, offset=offset
    )


@router.post("/{store_id}/members", status_code=status.HTTP_201_CREATED)
def add_member(
    store_id: uuid.UUID, body: MemberIn, user: CurrentUser, session: SessionDep
) -> MemberOut:
    """Add an existing BizQ account to the store with a role (owners only)."""
    member = stores.add_member(
        session=session, user_id=user.id, store_id=store_id, email=body.email, role=body.role
    )
    return member_out(member)


@router.put("/{store_id}/members/{member_id}")
def change_member_role(
    store_id: uuid.UUID,
    member_id: uuid.UUID,
    body: MemberRoleIn,
    user: CurrentUser,
    session: SessionDep,
) -> MemberOut:
    """Change a member's role (owners only)."""
    member = stores.change_member_role(
        session=session, user_id=user.id, store_id=store_id, member_id=member_id, role=body.role
    )
    return member_out(member)


@router.delete("/{store_id}/members/{member_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_member(
    store_id: uuid.UUID, member_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> Response:
    """Remove someone from the store (owners only)."""
    stores.remove_member(session=session, user_id=user.id, store_id=store_id, member_id=member_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.put("/{store_id}/workers/{worker_id}")
def admit_worker(
    store_id: uuid.UUID, worker_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> dict[str, list[str]]:
    """Let a marketplace worker take the store's human tasks (owners only; audited)."""
    if task_lookups.find_worker(session, worker_id) is None:
        raise NotFound(f"Worker {worker_id} does not exist.")
    admitted = stores.admit_worker(
        session=session, user_id=user.id, store_id=store_id, worker_id=worker_id, admit=True
    )
    return {"admitted_workers": admitted}


@router.delete("/{store_id}/workers/{worker_id}")
def dismiss_worker(
    store_id: uuid.UUID, worker_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> dict[str, list[str]]:
    """Stop letting a worker take the store's human tasks (the ones they hold stay theirs
    until the claim ends)."""
    admitted = stores.admit_worker(
        session=session, user_id=user.id, store_id=store_id, worker_id=worker_id, admit=False
    )
    return {"admitted_workers": admitted}
