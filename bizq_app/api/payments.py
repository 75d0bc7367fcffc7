"""``/api/webhooks/stripe``: Stripe's events, signature-checked and handled once each."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel

from bizq_app.api.deps import SessionDep
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
    session: SessionDep,
    signature: Annotated[str, Header(alias="Stripe-Signature")] = "",
) -> ReceivedOut:
    """Verify the ``Stripe-Signature`` header; a replayed event id changes nothing."""
    secret = get_settings().stripe_webhook_secret
    if secret is None:
        raise ConfigurationError("STRIPE_WEBHOOK_SECRET is not set: webhooks are refused.")
    event = verify(await request.body(), signature, secret.get_secret_value())
    handled = webhooks.handle_stripe_event(session=session, event=event)
    return ReceivedOut(received=True, duplicate=not handled)
