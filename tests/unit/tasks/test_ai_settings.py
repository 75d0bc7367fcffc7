"""A store's own AI keys: encrypted at rest, never shown again, owners only (both databases)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bizq_app.accounts.models import Role
from bizq_app.core import crypto
from bizq_app.core.errors import PermissionDenied, ValidationFailed
from bizq_app.tasks import ai_settings, workers
from bizq_app.tasks.models import ProviderKey, Worker
from bizq_app.tasks.task_definitions import get_definition
from tests.factories import make_member, make_store, seed

KEY = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789WXYZ"


def test_a_saved_key_is_encrypted_and_only_shown_masked(session: Session) -> None:
    store = make_store(session)

    view = ai_settings.save_key(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        provider="openai",
        api_key=KEY,
    )

    row = session.exec(select(ProviderKey)).one()
    assert KEY not in row.ciphertext and "WXYZ" not in row.ciphertext
    assert crypto.decrypt(row.ciphertext, ai_settings.PURPOSE) == KEY
    assert (view.masked, view.model) == ("••••WXYZ", "gpt-4o-mini")
    listed = ai_settings.keys(
        session=session, user_id=store.store.created_by_id, store_id=store.store.id
    )
    assert KEY not in repr(listed)
    assert ai_settings.store_key(session, store.store.id, "openai") == (KEY, "gpt-4o-mini")


def test_only_owners_change_keys_and_bad_keys_are_refused(session: Session) -> None:
    store = make_store(session)
    manager = make_member(session, store, Role.MANAGER)

    with pytest.raises(PermissionDenied):
        ai_settings.save_key(
            session=session,
            user_id=manager.id,
            store_id=store.store.id,
            provider="openai",
            api_key=KEY,
        )
    for provider, key, path in (("gemini", KEY, "$.provider"), ("openai", "short", "$.api_key")):
        with pytest.raises(ValidationFailed) as err:
            ai_settings.save_key(
                session=session,
                user_id=store.store.created_by_id,
                store_id=store.store.id,
                provider=provider,
                api_key=key,
            )
        assert err.value.errors[0].path == path
    assert session.exec(select(ProviderKey)).all() == []


def test_a_store_key_and_choice_route_its_ai_tasks_to_that_provider(session: Session) -> None:
    seed(session)  # no platform keys: the OpenAI worker is inactive
    store = make_store(session)
    owner = store.store.created_by_id
    definition = get_definition(session=session, name="product.price_optimization")
    openai = session.exec(select(Worker).where(Worker.provider == "openai")).one()
    assert not openai.is_active

    ai_settings.save_key(
        session=session, user_id=owner, store_id=store.store.id, provider="openai", api_key=KEY
    )
    ai_settings.choose_provider(
        session=session, user_id=owner, store_id=store.store.id, provider="openai"
    )
    matched = workers.match(
        session=session,
        definition=definition,
        own_keys=ai_settings.providers_with_keys(session, store.store.id),
        prefer="openai",
    )

    assert matched is not None and matched.provider == "openai"
    assert workers.match(session=session, definition=definition, prefer="openai").provider == (
        "rules"
    )  # another store, without a key, still gets the offline worker
