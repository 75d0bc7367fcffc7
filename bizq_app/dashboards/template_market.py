"""The template marketplace: a store publishes one of its templates (with a price in
credits, 0–100), other stores browse and preview it — its name, description, blocks,
price and how often it was applied, never its document — and apply it, and the author
earns a royalty each time another store applies it.

Applying a paid template is one balanced ledger transaction: the applying store's
wallet pays the price, the author's royalty account gets it minus BizQ's platform
fee (``BIZQ_PLATFORM_FEE_PERCENT``). A store never pays for its own template. The
automation rules a bought template carries come only with the buyer's consent, rule by
rule (``template_rules``).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import update
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.billing.models import AccountKind
from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.core.settings import get_settings
from bizq_app.dashboards import template_rules, templates
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_editing import outline
from bizq_app.tasks import tasks

MAX_PRICE = Decimal("100")


def publish(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    template_id: uuid.UUID,
    price: object = "0",
) -> UITemplate:
    """List one of the store's template versions in the marketplace at ``price`` credits.

    Raises:
        NotFound: not one of the store's templates. PermissionDenied: not allowed to
            change the store. ValidationFailed: a price outside 0–100 credits.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    amount = ledger.parse_credits(price, path="$.price")
    if not Decimal(0) <= amount <= MAX_PRICE:
        raise ValidationFailed.field("$.price", f"must be between 0 and {MAX_PRICE} credits")
    row = session.get(UITemplate, template_id)
    if row is None or row.store_id != store_id:
        raise NotFound(f"Template {template_id} is not one of this store's templates.")
    row.is_public, row.price = True, amount
    row.created_by_id = row.created_by_id or user_id
    session.add(row)
    _record(session, "template.published", row, user_id, store_id, str(amount))
    return row


@dataclass(frozen=True)
class Listing:
    """What a buyer sees of a template before applying it: enough to choose, never the
    document itself (that comes only with the copy a purchase brings into the store)."""

    id: uuid.UUID
    name: str
    category: str
    description: str
    version: int
    price: Decimal
    applications: int
    created_at: datetime
    blocks: tuple[dict[str, str], ...]  # each block's label, component, category and place
    rules: int  # how many automation rules it carries (each accepted or not when applied)


def browse(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Listing]:
    """Templates other stores published, most applied first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(UITemplate)
        .where(col(UITemplate.is_public), UITemplate.store_id != store_id)
        .order_by(col(UITemplate.applications).desc(), col(UITemplate.name))
        .limit(200)
    )
    return [listing_of(row) for row in session.exec(query)]


def preview(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, template_id: uuid.UUID
) -> Listing:
    """A published template as a buyer may look at it before applying it.

    Raises:
        NotFound: not published (nor the store's own, nor shipped).
    """
    return listing_of(_source(session, user_id, store_id, template_id))


def listing_of(row: UITemplate) -> Listing:
    """The template as the marketplace shows it."""
    return Listing(
        id=row.id,
        name=row.name,
        category=row.category,
        description=str(row.content.get("description", "")),
        version=row.version,
        price=row.price,
        applications=row.applications,
        created_at=row.created_at,
        blocks=tuple(outline(row.content)),
        rules=len(row.content.get("automations", [])),
    )


def _source(
    session: Session, user_id: uuid.UUID, store_id: uuid.UUID, template_id: uuid.UUID
) -> UITemplate:
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    row = session.get(UITemplate, template_id)
    if row is None or not (row.is_public or row.store_id in (None, store_id)):
        raise NotFound(f"Template {template_id} does not exist.")
    return row


def apply_published(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    template_id: uuid.UUID,
    accept_rules: Sequence[str] | None = None,
) -> UITemplate:
    """Apply another store's published template, paying its author's royalty. Of the
    automation rules it carries, only those in ``accept_rules`` come with it.

    Raises:
        NotFound, PermissionDenied. InsufficientCredits: the wallet cannot pay the price.
        ValidationFailed: it carries rules and ``accept_rules`` does not say which to take
            (``[]`` for none), or names one it does not carry; nothing is paid or changed.
    """
    source = _source(session, user_id, store_id, template_id)
    if not source.is_public or source.store_id in (None, store_id):
        return templates.apply_template(
            session=session, user_id=user_id, store_id=store_id, template_id=template_id
        )
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    content = template_rules.accepted(source.content, accept_rules)
    if source.price > 0:
        _pay(session, store_id, source)
    counted = update(UITemplate).where(col(UITemplate.id) == source.id)
    session.execute(counted.values(applications=col(UITemplate.applications) + 1))
    copy = templates.adopt(session=session, user_id=user_id, store_id=store_id, document=content)
    _record(session, "template.bought", copy, user_id, store_id, str(source.price))
    offered = [str(r["id"]) for r in source.content.get("automations", [])]
    kept = [str(r["id"]) for r in content.get("automations", [])]
    audit.record(
        session=session,
        action="template.rules_accepted",
        subject_type="template",
        subject_id=copy.id,
        actor_id=user_id,
        store_id=store_id,
        data={"accepted": kept, "declined": [r for r in offered if r not in kept]},
    )
    return copy


def rule_offers(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, template_id: uuid.UUID
) -> list[template_rules.RuleOffer]:
    """The rules a template would bring into the store, for the buyer to choose from
    (none for the store's own or BizQ's shipped templates, which apply as they are)."""
    source = _source(session, user_id, store_id, template_id)
    if not source.is_public or source.store_id in (None, store_id):
        return []
    return template_rules.offers(session, source.content)


def royalties(*, session: Session, user_id: uuid.UUID) -> Decimal:
    """What the user has earned from their published templates (and task types)."""
    return ledger.balance(session, ledger.Account(AccountKind.CREATOR_ROYALTIES, user_id))


def _pay(session: Session, store_id: uuid.UUID, source: UITemplate) -> None:
    tasks.reserve(session, store_id, source.price)
    fee = ledger.share(source.price, get_settings().platform_fee_percent)
    author = ledger.Account(AccountKind.CREATOR_ROYALTIES, source.created_by_id)
    ledger.post(
        session,
        [
            ledger.Leg(ledger.store_wallet(store_id), -source.price),
            ledger.Leg(author, source.price - fee),
            ledger.Leg(ledger.PLATFORM, fee),
        ],
        reason="template_royalty",
        memo=f"template {source.id}",
    )


def _record(
    session: Session,
    action: str,
    row: UITemplate,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    price: str,
) -> None:
    audit.record(
        session=session,
        action=action,
        subject_type="template",
        subject_id=row.id,
        actor_id=user_id,
        store_id=store_id,
        data={"name": row.name, "price": price},
    )
