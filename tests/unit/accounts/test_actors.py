"""BizQ's system actors act for a live store with their own, explicit permissions — never
as a member — on PostgreSQL and SQLite."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bizq_app.accounts import actors, stores
from bizq_app.accounts.models import Role
from bizq_app.accounts.permissions import Permission
from bizq_app.core.errors import NotFound, PermissionDenied
from tests.factories import make_member, make_store, make_user


def test_the_pipeline_may_run_a_store_it_has_no_membership_in(session: Session) -> None:
    view = make_store(session)

    store = actors.require(
        session=session,
        store_id=view.store.id,
        actor=actors.ORDER_PIPELINE,
        permission=Permission.OPERATE,
    )

    assert store.id == view.store.id
    assert actors.user_id_of(actors.ORDER_PIPELINE) is None
    assert actors.name_of(actors.AUTOMATIONS) == "system:automations"


def test_a_system_actor_may_not_do_what_it_was_not_granted(session: Session) -> None:
    view = make_store(session)

    for permission in (Permission.MANAGE_BILLING, Permission.MANAGE_MEMBERS):
        with pytest.raises(PermissionDenied, match="automation rules may not"):
            actors.require(
                session=session,
                store_id=view.store.id,
                actor=actors.AUTOMATIONS,
                permission=permission,
            )


def test_a_deleted_store_has_no_one_acting_for_it(session: Session) -> None:
    owner = make_user(session)
    view = make_store(session, owner=owner)
    stores.delete_store(session=session, user_id=owner.id, store_id=view.store.id)

    with pytest.raises(NotFound):
        actors.require(
            session=session,
            store_id=view.store.id,
            actor=actors.ORDER_PIPELINE,
            permission=Permission.OPERATE,
        )


def test_a_person_still_needs_a_role(session: Session) -> None:
    view = make_store(session)
    viewer = make_member(session, view, Role.VIEWER)

    with pytest.raises(PermissionDenied):
        actors.require(
            session=session, store_id=view.store.id, actor=viewer.id, permission=Permission.OPERATE
        )


def test_messages_for_the_store_go_to_its_longest_standing_owner(session: Session) -> None:
    founder = make_user(session)
    view = make_store(session, owner=founder)
    partner = make_member(session, view, Role.OWNER)
    make_member(session, view, Role.MANAGER)

    first = actors.first_owner(session, view.store.id)
    stores.remove_member(
        session=session, user_id=partner.id, store_id=view.store.id, member_id=founder.id
    )
    after = actors.first_owner(session, view.store.id)

    assert first is not None and first.id == founder.id
    assert after is not None and after.id == partner.id
