"""Buying credits: a store pays through the same payment provider as its storefront's
checkout, and its wallet is credited — once — when the payment is confirmed.

Credits cost ``BIZQ_CREDIT_PRICE`` each, in the store's currency, the total rounded
half up to the currency's smallest unit. As at checkout, three short transactions,
so no row lock is held while the provider is asked:

1. check the request and write the purchase as ``pending``;
2. charge the card (once per purchase: the provider's idempotency key is the
   purchase's id);
3. credit the wallet and mark it ``paid`` — or mark it ``failed`` with the
   provider's reason. A payment the provider is still processing stays
   ``pending`` until Stripe's webhook settles it.

With a hosted provider (Stripe Checkout) step 2 opens the provider's payment page
instead, and the owner pays there (no card number reaches BizQ): the purchase keeps
the page's address, and is settled by the owner's return to Settings (``returned``) or
Stripe's webhook, whichever comes first.

Step 3 and Stripe's webhooks use the same two functions (``confirm_payment``,
``fail_payment``), which lock the purchase first, so whichever comes first acts
and the other changes nothing. The same ``Idempotency-Key`` gives the same
purchase: no second charge, no second credit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.billing.models import CreditPurchase, CreditPurchaseStatus
from bizq_app.core import status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import (
    Conflict,
    FieldError,
    IntegrationError,
    NotFound,
    PaymentDeclined,
    ValidationFailed,
)
from bizq_app.core.pagination import Page, paginate
from bizq_app.core.settings import get_settings
from bizq_app.core.validation import looks_like_card_number
from bizq_app.integrations.payments import Charge, CheckoutLine, CheckoutRequest, PaymentProvider
from bizq_app.integrations.payments.stripe_adapter import from_minor_units

S = CreditPurchaseStatus
MAX_CREDITS = Decimal("100000")  # in one purchase
DECLINED = "Your card was declined."
CARD_REFUSED = (
    "card numbers are entered on the secure payment page, never sent to BizQ; leave it out"
)
PAGE_MINUTES = 30  # how long the payment page stays open (Stripe's shortest)


@dataclass(frozen=True)
class Quote:
    """What an amount of credits costs in a currency."""

    credits: Decimal
    price: Decimal
    currency: str
    unit_price: Decimal


def quote(credits: object, currency: str) -> Quote:
    """The price of ``credits`` in ``currency`` at ``BIZQ_CREDIT_PRICE`` each.

    Raises:
        ValidationFailed: ``$.credits`` is not a positive amount with at most two
            decimals, is above ``MAX_CREDITS``, or costs less than the currency's
            smallest unit.
    """
    amount = ledger.parse_credits(credits, path="$.credits")
    if amount > MAX_CREDITS:
        raise ValidationFailed.field("$.credits", f"must be at most {MAX_CREDITS} credits at once")
    unit = get_settings().credit_price
    smallest = from_minor_units(1, currency)
    price = (amount * unit).quantize(smallest, rounding=ROUND_HALF_UP)
    if price < smallest:  # it would round to nothing
        least = (smallest / 2 / unit).quantize(ledger.CENT, rounding=ROUND_CEILING)
        raise ValidationFailed.field(
            "$.credits", f"must be at least {ledger.show(least)} (fewer cost nothing in {currency})"
        )
    return Quote(amount, price, currency.upper(), unit)


PACKS = (Decimal(100), Decimal(250), Decimal(500), Decimal(1000))  # offered at a click


def packs(currency: str) -> list[Quote]:
    """What each of the usual packs of credits costs in ``currency``, before buying."""
    return [quote(credits, currency) for credits in PACKS]


def store_quote(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, credits: object
) -> Quote:
    """What ``credits`` cost the store, in its currency (anyone who can see the store)."""
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    return quote(credits, access.store.currency)


def buy(
    *,
    open_session: OpenSession,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    credits: object,
    payment_method: object,
    provider: PaymentProvider,
    idempotency_key: str | None = None,
) -> CreditPurchase:
    """Buy credits for a store (owners only) and credit them once paid.

    Returns:
        The purchase: ``paid`` (credited), or ``pending`` while the provider is still
        processing the payment (credited when Stripe confirms it).

    Raises:
        NotFound, PermissionDenied: no such store, or not its owner.
        ValidationFailed: ``$.credits`` or ``$.payment_method``, each with its reason.
        Conflict: the idempotency key was used for another number of credits.
        PaymentDeclined: the card was declined (``$.payment_method``); nothing was
            credited and the purchase is kept as failed; the same key answers the same.
        IntegrationError: the provider could not be asked; the purchase stays pending
            and the same key tries again.
    """
    key = (idempotency_key or "").strip()[:100] or None
    with open_session() as session:
        purchase = _start(session, user_id, store_id, credits, payment_method, provider, key)
        if purchase.status != S.PENDING.value or purchase.provider_reference:
            return _answer(purchase)  # the same key again: the same answer, no new charge
        if purchase.payment_url:
            return purchase  # its payment page is open already
    if provider.hosted and not str(payment_method or "").strip():
        return _open_payment_page(open_session, provider, purchase)
    charge = provider.charge(
        amount=purchase.price,
        currency=purchase.currency,
        payment_method=str(payment_method).strip(),
        idempotency_key=f"credits-{purchase.id}",
        description=f"{ledger.show(purchase.credits)} BizQ credits",
        metadata={"kind": "credits", "purchase_id": str(purchase.id), "store_id": str(store_id)},
    )
    with open_session() as session:
        settle(session, purchase.id, charge)
        settled = session.get(CreditPurchase, purchase.id)
        assert settled is not None
    return _answer(settled)


def _open_payment_page(
    open_session: OpenSession, provider: PaymentProvider, purchase: CreditPurchase
) -> CreditPurchase:
    back = f"{get_settings().base_url}/settings/plan?purchase={purchase.id}"
    request = CheckoutRequest(
        lines=(CheckoutLine(f"{ledger.show(purchase.credits)} BizQ credits", purchase.price, 1),),
        currency=purchase.currency,
        success_url=f"{back}&session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{back}&left=1",
        idempotency_key=f"credits-{purchase.id}",
        metadata={"kind": "credits", "purchase_id": str(purchase.id)},
        expires_at=utcnow() + timedelta(minutes=PAGE_MINUTES),
    )
    try:
        page = provider.start_checkout(request)
    except IntegrationError:
        with open_session() as session:
            fail_payment(session, purchase.id, "The payment page could not be opened.")
        raise
    with open_session() as session:
        found = _locked(session, purchase.id)
        assert found is not None
        if found.status == S.PENDING.value:
            found.checkout_session, found.payment_url = page.reference, page.url
            _changed(session, found, "credits.payment_page_opened")
        return found


def payment_page(purchase: CreditPurchase) -> str:
    """Where the owner can still pay the purchase: its hosted payment page while it is
    pending; "" once it is paid or failed (or it never had one)."""
    return (purchase.payment_url or "") if purchase.status == S.PENDING.value else ""


def returned(
    *,
    open_session: OpenSession,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    purchase_id: uuid.UUID,
    provider: PaymentProvider,
    left: bool,
) -> CreditPurchase:
    """The owner came back from the payment page: settle the purchase with what the page
    became; when they ``left`` it unpaid, close it (the purchase fails, nothing taken).

    Raises:
        NotFound, PermissionDenied: not a purchase of this store, or not its owner.
    """
    with open_session() as session:
        require(
            session=session,
            store_id=store_id,
            user_id=user_id,
            permission=Permission.MANAGE_MEMBERS,
        )
        purchase = session.get(CreditPurchase, purchase_id)
        if purchase is None or purchase.store_id != store_id:
            raise NotFound("No such credit purchase in this store.")
        reference = purchase.checkout_session
        waiting = purchase.status == S.PENDING.value and not purchase.provider_reference
    if reference and waiting and provider.hosted:
        page = provider.expire_checkout(reference) if left else provider.checkout_outcome(reference)
        if page is not None:
            with open_session() as session:
                settle(session, purchase_id, page)
    with open_session() as session:
        found = session.get(CreditPurchase, purchase_id)
        assert found is not None
        return found


def attempt_failed(session: Session, purchase_id: uuid.UUID, reason: str) -> bool:
    """A payment attempt failed: on a hosted page the owner may try another card there
    (nothing changes); otherwise the purchase fails (``fail_payment``)."""
    purchase = session.get(CreditPurchase, purchase_id)
    if purchase is not None and purchase.checkout_session:
        return False
    return fail_payment(session, purchase_id, reason)


def confirm_payment(session: Session, purchase_id: uuid.UUID, reference: str) -> bool:
    """Credit the store for a purchase whose payment came in, once.

    A purchase marked failed is credited too when its payment did succeed after all
    (the money came in).

    Returns:
        True when the wallet was credited now; False when the purchase was credited
        before (nothing changes) or is unknown.
    """
    purchase = _locked(session, purchase_id)
    if purchase is None or not status.move(
        session,
        purchase,
        (S.PENDING, S.FAILED),
        S.PAID,
        provider_reference=reference,
        failure_message="",
    ):
        return False  # credited before (or unknown): never twice
    ledger.credit_purchase(
        session, purchase.store_id, purchase.credits, reference=f"credit purchase {purchase.id}"
    )
    _changed(session, purchase, "credits.purchased")
    return True


def fail_payment(session: Session, purchase_id: uuid.UUID, reason: str) -> bool:
    """Mark a purchase awaiting payment failed; nothing is credited.

    Returns:
        True when it was marked failed now; False when it was no longer pending.
    """
    purchase = _locked(session, purchase_id)
    if purchase is None or not status.move(
        session, purchase, (S.PENDING,), S.FAILED, failure_message=reason[:500]
    ):
        return False
    _changed(session, purchase, "credits.purchase_failed")
    return True


def list_purchases(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    limit: int = 50,
    offset: int = 0,
) -> Page[CreditPurchase]:
    """The store's credit purchases, newest first (anyone who can see the store)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(CreditPurchase)
        .where(CreditPurchase.store_id == store_id)
        .order_by(col(CreditPurchase.created_at).desc(), col(CreditPurchase.id))
    )
    return paginate(session, query, limit=limit, offset=offset)


def _start(
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    credits: object,
    payment_method: object,
    provider: PaymentProvider,
    key: str | None,
) -> CreditPurchase:
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_MEMBERS
    )
    # the store row locked, so two requests with one idempotency key cannot both start
    account_lookups.lock_store(session, store_id)
    price = _checked(credits, payment_method, access.store.currency, provider.hosted)
    existing = _by_key(session, store_id, key)
    if existing is not None:
        if existing.credits != price.credits:
            raise Conflict(
                f"This Idempotency-Key already bought {ledger.show(existing.credits)} credits; "
                "use a new key for another purchase.",
                "$.credits",
            )
        return existing
    purchase = CreditPurchase(
        store_id=store_id,
        user_id=user_id,
        credits=price.credits,
        price=price.price,
        currency=price.currency,
        provider=provider.name,
        idempotency_key=key,
    )
    session.add(purchase)
    _changed(session, purchase, "credits.purchase_started", actor_id=user_id)
    return purchase


def _checked(credits: object, payment_method: object, currency: str, hosted: bool) -> Quote:
    """The quote, once both fields are right; every problem at once otherwise."""
    errors: list[FieldError] = []
    price = None
    try:
        price = quote(credits, currency)
    except ValidationFailed as exc:
        errors += exc.errors
    if hosted and looks_like_card_number(payment_method):
        errors.append(FieldError("$.payment_method", CARD_REFUSED))
    elif not hosted and not str(payment_method or "").strip():
        errors.append(FieldError("$.payment_method", "is required (a card number or token)"))
    if errors or price is None:
        raise ValidationFailed("Some details of the purchase need attention.", errors)
    return price


def settle(session: Session, purchase_id: uuid.UUID, charge: Charge) -> None:
    """Record what the provider said of the purchase's payment: paid (credited once),
    still processing, or failed."""
    if charge.succeeded:
        confirm_payment(session, purchase_id, charge.reference)
    elif charge.pending:
        purchase = _locked(session, purchase_id)
        if purchase is not None and purchase.status == S.PENDING.value:
            purchase.provider_reference = charge.reference
            _changed(session, purchase, "credits.purchase_processing")
    else:
        fail_payment(session, purchase_id, charge.message or DECLINED)


def _answer(purchase: CreditPurchase) -> CreditPurchase:
    if purchase.status == S.FAILED.value:
        raise PaymentDeclined(purchase.failure_message or DECLINED, path="$.payment_method")
    return purchase


def _changed(
    session: Session, purchase: CreditPurchase, action: str, actor_id: uuid.UUID | None = None
) -> None:
    """Save the purchase and write the audit event of its new state."""
    purchase.updated_at = utcnow()
    session.add(purchase)
    session.flush()
    audit.record(
        session=session,
        action=action,
        subject_type="credit_purchase",
        subject_id=purchase.id,
        actor_id=actor_id,
        store_id=purchase.store_id,
        data={
            "credits": str(purchase.credits),
            "price": str(purchase.price),
            "currency": purchase.currency,
            "status": purchase.status,
            "reference": purchase.provider_reference,
        },
    )


def _locked(session: Session, purchase_id: uuid.UUID) -> CreditPurchase | None:
    return session.get(CreditPurchase, purchase_id, with_for_update=True, populate_existing=True)


def _by_key(session: Session, store_id: uuid.UUID, key: str | None) -> CreditPurchase | None:
    if key is None:
        return None
    query = select(CreditPurchase).where(
        CreditPurchase.store_id == store_id, CreditPurchase.idempotency_key == key
    )
    return session.exec(query).first()
