"""``/api/webhooks/stripe``: Stripe's events, signature-checked and handled once each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from bizq_app.core.db import session_scope
from bizq_app.core.errors import ConfigurationError
from bizq_app.core.settings import get_settings
from bizq_app.integrations.payments.stripe_webhooks import verify
from bizq_app.payments import webhooks

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


class ReceivedOut(BaseModel):
    received: bool
    duplicate: bool


@router.post("/stripe")
async def stripe_event(
    request: Request,
    signature: Annotated[str, Header(alias="Stripe-Signature")] = "",
) -> ReceivedOut:
    """Verify the ``Stripe-Signature`` header; a replayed event id changes nothing. The
    raw body is read here; the event is handled on a worker thread, so its database
    work (which may wait on a row lock) never holds up the event loop."""
    handled = await run_in_threadpool(_handle, await request.body(), signature)
    return ReceivedOut(received=True, duplicate=not handled)


def _handle(payload: bytes, signature: str) -> bool:
    secret = get_settings().stripe_webhook_secret
    if secret is None:
        raise ConfigurationError("STRIPE_WEBHOOK_SECRET is not set: webhooks are refused.")
    event = verify(payload, signature, secret.get_secret_value())
    with session_scope() as session:
        return webhooks.handle_stripe_event(session=session, event=event)
