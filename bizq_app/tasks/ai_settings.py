"""A store's AI settings: its own provider keys (encrypted), chosen provider, and usage."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bizq_app.accounts import audit, store_settings
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core import crypto
from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.integrations.ai import Usage
from bizq_app.tasks.models import AIUsage, ProviderKey

PROVIDERS = {"openai": "gpt-4o-mini", "anthropic": "claude-haiku-4-5"}
PURPOSE = "provider-keys"


@dataclass(frozen=True)
class KeyView:
    """A saved key as the owner sees it: never the key itself."""

    provider: str
    masked: str
    model: str


@dataclass(frozen=True)
class Spend:
    provider: str
    calls: int
    input_tokens: int
    output_tokens: int
    credits: Decimal


def save_key(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    provider: object,
    api_key: object,
    model: object = "",
) -> KeyView:
    """Store (or replace) the store's key for a provider, encrypted (owners only).

    Raises:
        NotFound, PermissionDenied, ValidationFailed.
    """
    require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_BILLING
    )
    name = _provider(provider)
    if not isinstance(api_key, str) or not 20 <= len(api_key.strip()) <= 300:
        raise ValidationFailed.field(
            "$.api_key", "must be the provider's API key (20 to 300 characters)"
        )
    chosen = model.strip() if isinstance(model, str) and model.strip() else PROVIDERS[name]
    if len(chosen) > 64:
        raise ValidationFailed.field("$.model", "must be at most 64 characters")
    row = _key(session, store_id, name) or ProviderKey(
        store_id=store_id, provider=name, ciphertext="", last4="", model=""
    )
    row.ciphertext = crypto.encrypt(api_key.strip(), PURPOSE)
    row.last4, row.model, row.created_by_id = api_key.strip()[-4:], chosen, user_id
    session.add(row)
    _remember_keys(session, store_id)
    audit.record(
        session=session,
        action="ai.key_saved",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"provider": name, "model": chosen},
    )
    return _view(row)


def remove_key(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, provider: object
) -> None:
    """Forget the store's key for a provider (owners only).

    Raises:
        NotFound, PermissionDenied, ValidationFailed.
    """
    require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_BILLING
    )
    row = _key(session, store_id, _provider(provider))
    if row is None:
        raise NotFound("This store has no key saved for that provider.")
    session.delete(row)
    _remember_keys(session, store_id)
    audit.record(
        session=session,
        action="ai.key_removed",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"provider": row.provider},
    )


def keys(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[KeyView]:
    """The store's saved keys, masked."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    rows = session.exec(
        select(ProviderKey)
        .where(ProviderKey.store_id == store_id)
        .order_by(col(ProviderKey.provider))
    )
    return [_view(r) for r in rows]


def store_key(session: Session, store_id: uuid.UUID, provider: str) -> tuple[str, str] | None:
    """The store's own (key, model) for a provider, decrypted for the worker; None if unset."""
    row = _key(session, store_id, provider)
    return (crypto.decrypt(row.ciphertext, PURPOSE), row.model) if row else None


def providers_with_keys(session: Session, store_id: uuid.UUID) -> frozenset[str]:
    """The providers this store brought its own key for (kept in its settings: no query
    on the task-creation path, where the store row is already loaded)."""
    store = account_lookups.find_store(session, store_id)
    return frozenset(store.settings.get("ai_keys", [])) if store else frozenset()


def _remember_keys(session: Session, store_id: uuid.UUID) -> None:
    session.flush()
    names = sorted(
        session.exec(select(ProviderKey.provider).where(ProviderKey.store_id == store_id))
    )
    store_settings.change(session, store_id, "ai_keys", lambda _now: names)


def choose_provider(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, provider: object
) -> str:
    """Pick the provider the store's AI tasks go to first ("rules" for the offline worker).

    Raises:
        NotFound, PermissionDenied, ValidationFailed.
    """
    require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_BILLING
    )
    if provider != "rules":
        _provider(provider)
    store_settings.change(session, store_id, "ai_provider", lambda _now: str(provider))
    audit.record(
        session=session,
        action="ai.provider_chosen",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"provider": str(provider)},
    )
    return str(provider)


def chosen_provider(session: Session, store_id: uuid.UUID) -> str:
    """The provider the store chose for its AI tasks ("rules": BizQ's offline worker)."""
    store = account_lookups.find_store(session, store_id)
    return str(store.settings.get("ai_provider", "rules")) if store else "rules"


def record_usage(
    session: Session,
    *,
    store_id: uuid.UUID,
    task_id: uuid.UUID | None,
    provider: str,
    model: str,
    usage: Usage,
) -> None:
    """Remember what one AI call used, for the store's usage and spend."""
    session.add(
        AIUsage(
            store_id=store_id,
            task_id=task_id,
            provider=provider,
            model=model,
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            credits=usage.credits,
        )
    )


def spend(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Spend]:
    """Calls, tokens and credits per provider for the store."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        sa_select(
            col(AIUsage.provider),
            func.count(),
            func.sum(AIUsage.input_tokens),
            func.sum(AIUsage.output_tokens),
            func.sum(AIUsage.credits),
        )
        .where(col(AIUsage.store_id) == store_id)
        .group_by(col(AIUsage.provider))
        .order_by(col(AIUsage.provider))
    )
    return [
        Spend(p, int(n), int(i or 0), int(o or 0), Decimal(c or 0))
        for p, n, i, o, c in session.execute(query)
    ]


def _provider(value: object) -> str:
    if value not in PROVIDERS:
        raise ValidationFailed.field("$.provider", f"must be one of {', '.join(PROVIDERS)}")
    return str(value)


def _key(session: Session, store_id: uuid.UUID, provider: str) -> ProviderKey | None:
    return session.exec(
        select(ProviderKey).where(
            ProviderKey.store_id == store_id, ProviderKey.provider == provider
        )
    ).first()


def _view(row: ProviderKey) -> KeyView:
    return KeyView(provider=row.provider, masked=f"••••{row.last4}", model=row.model)
