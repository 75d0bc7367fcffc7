"""Stores and members on PostgreSQL and SQLite."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from bizq_app.accounts import stores
from bizq_app.accounts.models import AuditEvent, Role, Store, StoreMembership
from bizq_app.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from tests.factories import make_member, make_store, make_user


def test_creating_a_store_makes_its_creator_the_owner(session: Session) -> None:
    owner = make_user(session)

    view = stores.create_store(session=session, user_id=owner.id, name="  Calm   Corner ")

    assert view.store.name == "Calm Corner"
    assert view.store.slug == "calm-corner"
    assert view.role == Role.OWNER
    membership = session.exec(select(StoreMembership)).one()
    assert (membership.user_id, membership.role) == (owner.id, "owner")
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.store_id == view.store.id))
    assert list(actions) == ["store.created"]


def test_slugs_stay_unique_and_url_safe(session: Session) -> None:
    owner = make_user(session)

    first = stores.create_store(session=session, user_id=owner.id, name="Café & Co!")
    second = stores.create_store(session=session, user_id=owner.id, name="Café & Co!")

    assert first.store.slug == "cafe-co"
    assert second.store.slug.startswith("cafe-co-")
    assert second.store.slug != first.store.slug


def test_a_requested_slug_that_is_taken_or_malformed_is_refused(session: Session) -> None:
    owner = make_user(session)
    stores.create_store(session=session, user_id=owner.id, name="One", slug="my-shop")

    with pytest.raises(Conflict) as taken:
        stores.create_store(session=session, user_id=owner.id, name="Two", slug="my-shop")
    with pytest.raises(ValidationFailed) as malformed:
        stores.create_store(session=session, user_id=owner.id, name="Two", slug="My Shop")

    assert taken.value.errors[0].path == "$.slug"
    assert malformed.value.errors[0].path == "$.slug"
    assert len(session.exec(select(Store)).all()) == 1


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"name": ""}, "$.name"),
        ({"name": "x" * 81}, "$.name"),
        ({"name": 5}, "$.name"),
        ({"name": "Ok", "currency": "XYZ"}, "$.currency"),
    ],
)
def test_bad_store_fields_change_nothing(session: Session, fields: dict, path: str) -> None:
    owner = make_user(session)

    with pytest.raises(ValidationFailed) as err:
        stores.create_store(session=session, user_id=owner.id, **fields)

    assert err.value.errors[0].path == path
    assert session.exec(select(Store)).all() == []


def test_list_shows_only_my_live_stores_with_my_role(session: Session) -> None:
    me = make_user(session)
    mine = make_store(session, owner=me, name="B mine")
    shared = make_store(session, name="A shared")
    stores.add_member(
        session=session,
        user_id=shared.store.created_by_id,
        store_id=shared.store.id,
        email=me.email,
        role="viewer",
    )
    make_store(session, name="C not mine")
    gone = make_store(session, owner=me, name="D deleted")
    stores.delete_store(session=session, user_id=me.id, store_id=gone.store.id)

    page = stores.list_stores(session=session, user_id=me.id)

    assert page.total == 2
    assert [(v.store.name, v.role) for v in page.items] == [
        ("A shared", Role.VIEWER),
        ("B mine", Role.OWNER),
    ]
    second = stores.list_stores(session=session, user_id=me.id, limit=1, offset=1)
    assert [v.store.id for v in second.items] == [mine.store.id]
    assert second.total == 2


def test_rename_changes_the_name_and_is_audited(session: Session) -> None:
    view = make_store(session, name="Old name")

    renamed = stores.update_store(
        session=session, user_id=view.store.created_by_id, store_id=view.store.id, name="New name"
    )

    assert renamed.store.name == "New name"
    assert renamed.store.updated_at is not None
    actions = session.exec(select(AuditEvent.action).where(AuditEvent.store_id == view.store.id))
    assert "store.updated" in list(actions)


def test_a_deleted_store_is_gone_for_everyone(session: Session) -> None:
    view = make_store(session)
    owner_id = view.store.created_by_id

    stores.delete_store(session=session, user_id=owner_id, store_id=view.store.id)

    with pytest.raises(NotFound):
        stores.get_store(session=session, user_id=owner_id, store_id=view.store.id)
    with pytest.raises(NotFound):
        stores.update_store(session=session, user_id=owner_id, store_id=view.store.id, name="X")


def test_unknown_and_foreign_stores_are_refused(session: Session) -> None:
    stranger = make_user(session)
    view = make_store(session)

    with pytest.raises(NotFound):
        stores.get_store(session=session, user_id=stranger.id, store_id=uuid.uuid4())
    with pytest.raises(PermissionDenied, match="not a member"):
        stores.get_store(session=session, user_id=stranger.id, store_id=view.store.id)


def test_members_are_listed_owners_first(session: Session) -> None:
    view = make_store(session)
    viewer = make_member(session, view, Role.VIEWER)
    manager = make_member(session, view, Role.MANAGER)

    page = stores.list_members(session=session, user_id=viewer.id, store_id=view.store.id)

    assert [m.role for m in page.items] == [Role.OWNER, Role.MANAGER, Role.VIEWER]
    assert page.items[1].email == manager.email


def test_adding_members_needs_an_account_and_no_duplicates(session: Session) -> None:
    view = make_store(session)
    owner_id = view.store.created_by_id
    member = make_member(session, view, Role.VIEWER)

    with pytest.raises(NotFound, match="sign up first"):
        stores.add_member(
            session=session,
            user_id=owner_id,
            store_id=view.store.id,
            email="ghost@example.com",
            role="viewer",
        )
    with pytest.raises(Conflict, match="already a member"):
        stores.add_member(
            session=session,
            user_id=owner_id,
            store_id=view.store.id,
            email=member.email,
            role="manager",
        )
    with pytest.raises(ValidationFailed) as bad_role:
        stores.add_member(
            session=session,
            user_id=owner_id,
            store_id=view.store.id,
            email=make_user(session).email,
            role="admin",
        )
    assert bad_role.value.errors[0].path == "$.role"


def test_a_store_always_keeps_an_owner(session: Session) -> None:
    view = make_store(session)
    owner_id = view.store.created_by_id

    with pytest.raises(Conflict, match="at least one owner"):
        stores.change_member_role(
            session=session,
            user_id=owner_id,
            store_id=view.store.id,
            member_id=owner_id,
            role="viewer",
        )
    with pytest.raises(Conflict, match="at least one owner"):
        stores.remove_member(
            session=session, user_id=owner_id, store_id=view.store.id, member_id=owner_id
        )

    second = make_member(session, view, Role.OWNER)
    stores.change_member_role(
        session=session,
        user_id=second.id,
        store_id=view.store.id,
        member_id=owner_id,
        role="manager",
    )
    roles = {
        m.user_id: m.role
        for m in stores.list_members(
            session=session, user_id=second.id, store_id=view.store.id
        ).items
    }
    assert roles == {second.id: Role.OWNER, owner_id: Role.MANAGER}
