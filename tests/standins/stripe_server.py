"""A local server that answers like the Stripe API endpoints BizQ's adapter uses.

``POST /v1/payment_intents`` (create and confirm), ``GET /v1/payment_intents/{id}``,
``GET /v1/payment_intents/search`` (metadata queries), ``GET /v1/charges/{id}`` and
``POST /v1/refunds``, and Checkout (``POST /v1/checkout/sessions``, ``GET`` one,
``POST .../expire``), form-encoded as the official SDK sends them. A session's ``url``
is a payment page served here (``/pay/<id>``) that takes a test card number as
Stripe's hosted page does: ``4242 4242 4242 4242`` pays and sends the buyer to the
session's ``success_url``; ``4000 0000 0000 0002`` is declined and the page says so
(the buyer may try again); *Back* goes to its ``cancel_url``. With ``webhook_url`` set,
the stand-in delivers the events Stripe would (``checkout.session.completed``,
``payment_intent.succeeded``, ``payment_intent.payment_failed``), signed with
``webhook_secret``, a moment after the payment, as Stripe does. Stripe's test
PaymentMethods decide the outcome: ``pm_card_visa`` succeeds, ``pm_card_chargeDeclined*``
answer 402 with Stripe's ``card_error`` shape, ``pm_card_threeDSecure2Required`` leaves
the intent in ``requires_action``. Writes honour ``Idempotency-Key`` like Stripe: the
same key replays the first answer, the same key with other parameters is an
``idempotency_error``. Tests queue failures (429, 500; ``lost``: the payment is made but
the answer is a 500, as when a connection drops after Stripe acted), a payment that
stays ``processing`` (as a bank debit does) or a refund that ``refund_fails``, read
back every request, finish a processing payment (``settle``) and wrap an object in the
event Stripe would deliver to a webhook (``event``).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

import httpx
import stripe

from tests.standins.http import QuietHandler, StandIn

API_KEY = "sk_test_standin"
Answer = tuple[int, dict[str, Any]]

DECLINES = {
    "pm_card_chargeDeclined": ("card_declined", "generic_decline", "Your card was declined."),
    "pm_card_chargeDeclinedInsufficientFunds": (
        "card_declined",
        "insufficient_funds",
        "Your card has insufficient funds.",
    ),
    "pm_card_chargeDeclinedExpiredCard": (
        "expired_card",
        "expired_card",
        "Your card has expired.",
    ),
}
SUCCEEDS = {"pm_card_visa", "pm_card_mastercard", "pm_card_amex"}
NEEDS_ACTION = {"pm_card_threeDSecure2Required"}


PAGE_CARDS = {"4242424242424242": "pm_card_visa", "4000000000000002": "pm_card_chargeDeclined"}
# Stripe's SEPA Direct Debit test IBAN: the page completes, the payment stays processing
PAGE_DEBITS = {"DE89370400440532013000": "pm_sepa_debit"}
SESSION_MINUTES = (30 * 60, 24 * 3600)  # how far ahead expires_at may be (Stripe's bounds)


class StripeStandIn(StandIn):
    """Queue behaviours with ``then``: ok, 429, 500, processing (the next payment)."""

    def __init__(
        self,
        api_key: str = API_KEY,
        webhook_url: str = "",
        webhook_secret: str = "",
        webhook_delay: float = 0.3,
    ) -> None:
        self.api_key = api_key
        self.webhook_url, self.webhook_secret = webhook_url, webhook_secret
        self.webhook_delay = webhook_delay
        self.sessions: dict[str, dict[str, Any]] = {}
        self.page_posts: list[dict[str, str]] = []  # what buyers typed on the payment page
        self.deliveries: list[tuple[str, int]] = []  # (event type, BizQ's answer)
        self.intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self._replies: dict[str, tuple[dict[str, str], Answer]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        super().__init__()

    def answer(
        self, method: str, path: str, headers: dict[str, str], form: dict[str, str]
    ) -> Answer:
        """What Stripe would answer this request (the scripted failures aside)."""
        with self._lock:
            if headers.get("authorization") != f"Bearer {self.api_key}":
                return _error(401, "invalid_request_error", "Invalid API Key provided.")
            step = self.next_step()
            if step == "429":
                return _error(429, "invalid_request_error", "Too many requests.", "rate_limit")
            if step == "500":
                return _error(500, "api_error", "Something went wrong on Stripe's end.")
            key = headers.get("idempotency-key")
            route = lambda: self._route(method, path, form, step)  # noqa: E731
            answer = self._idempotent(key, form, route) if method == "POST" and key else route()
            if step == "lost":  # done (a retry with its key replays it), but the caller never hears
                return _error(500, "api_error", "Something went wrong on Stripe's end.")
            return answer

    def _idempotent(self, key: str, form: dict[str, str], run: Any) -> Answer:
        if key in self._replies:
            first_form, answer = self._replies[key]
            if first_form != form:
                return _error(
                    400,
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters "
                    "they were first used with.",
                )
            return answer
        answer = run()
        self._replies[key] = (form, answer)
        return answer

    def _route(self, method: str, path: str, form: dict[str, str], step: str) -> Answer:
        if method == "POST" and path == "/v1/payment_intents":
            return self._create_intent(form, processing=step == "processing")
        if method == "GET" and path == "/v1/payment_intents/search":
            return self._search(form)
        for kind, found in (("payment_intent", self.intents), ("charge", self.charges)):
            if method == "GET" and path.startswith(f"/v1/{kind}s/"):
                ident = path.rsplit("/", 1)[1]
                return (200, found[ident]) if ident in found else _missing(kind, ident)
        if method == "POST" and path == "/v1/refunds":
            return self._create_refund(form, fails=step == "refund_fails")
        if path.startswith("/v1/checkout/sessions"):
            return self._checkout(method, path, form)
        return _error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _create_intent(self, form: dict[str, str], processing: bool = False) -> Answer:
        method = form.get("payment_method", "")
        if method not in SUCCEEDS | NEEDS_ACTION | DECLINES.keys() | set(PAGE_DEBITS.values()):
            return _missing("payment_method", method, param="payment_method")
        intent = self._intent(form)
        if method in DECLINES:
            return self._decline(intent, *DECLINES[method])
        if method in NEEDS_ACTION:
            intent.update(status="requires_action", next_action={"type": "use_stripe_sdk"})
        elif processing:
            intent.update(status="processing", amount_received=0)
        else:
            self._charge(intent)
        return 200, intent

    def _checkout(self, method: str, path: str, form: dict[str, str]) -> Answer:
        if method == "POST" and path == "/v1/checkout/sessions":
            return self._create_session(form)
        ident = path.split("/")[4] if path.count("/") >= 4 else ""
        found = self.sessions.get(ident)
        if found is None:
            return _missing("checkout.session", ident)
        if method == "GET" and path == f"/v1/checkout/sessions/{ident}":
            return 200, found
        if method == "POST" and path == f"/v1/checkout/sessions/{ident}/expire":
            if found["status"] != "open":
                return _error(
                    400,
                    "invalid_request_error",
                    f'Only Checkout Sessions with a status in ["open"] can be expired. This '
                    f'Checkout Session has a status of "{found["status"]}".',
                )
            found.update(status="expired", url=None)
            self._notify("checkout.session.expired", found)
            return 200, found
        return _error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _create_session(self, form: dict[str, str]) -> Answer:
        problem = _session_problem(form)
        if problem:
            return _invalid(*problem)
        lines = _list(form, "line_items")
        shipping = int(form.get("shipping_options[0][shipping_rate_data][fixed_amount][amount]", 0))
        subtotal = sum(int(x["price_data[unit_amount]"]) * int(x["quantity"]) for x in lines)
        number = next(self._ids)
        ident = f"cs_test_standin{number}"
        found: dict[str, Any] = {
            "id": ident,
            "object": "checkout.session",
            "mode": "payment",
            "status": "open",
            "payment_status": "unpaid",
            "url": f"{self.url}/pay/{ident}",
            "amount_subtotal": subtotal,
            "amount_total": subtotal + shipping,
            "currency": lines[0]["price_data[currency]"],
            "client_reference_id": form.get("client_reference_id"),
            "customer_email": form.get("customer_email"),
            "metadata": _nested(form, "metadata"),
            "payment_intent": None,
            "success_url": form["success_url"],
            "cancel_url": form["cancel_url"],
            "expires_at": int(form["expires_at"]),
            "created": int(time.time()),
            "livemode": False,
            "line_items_shown": [
                (x["price_data[product_data][name]"], int(x["quantity"])) for x in lines
            ],
            "intent_metadata": _nested(form, "payment_intent_data[metadata]"),
        }
        self.sessions[ident] = found
        return 200, found

    def pay_page(self, ident: str, card: str) -> tuple[int, str, str]:
        """The buyer submits the payment page: (status, html, redirect location)."""
        with self._lock:
            found = self.sessions.get(ident)
            if found is None or found["status"] != "open":
                return 410, _page_html(found, "This payment page has expired."), ""
            self.page_posts.append({"session": ident, "card": card})
            typed = "".join(card.split())
            method = PAGE_CARDS.get(typed, "") or PAGE_DEBITS.get(typed, "")
            if not method:
                return 200, _page_html(found, "Your card number is incorrect."), ""
            form = {
                "amount": str(found["amount_total"]),
                "currency": found["currency"],
                "payment_method": method,
                **{f"metadata[{k}]": v for k, v in found["intent_metadata"].items()},
            }
            debit = typed in PAGE_DEBITS
            status, intent = self._create_intent(form, processing=debit)
            if status != 200:
                failed = intent["error"]["payment_intent"]
                self._notify("payment_intent.payment_failed", failed)
                return 200, _page_html(found, intent["error"]["message"]), ""
            paid = "unpaid" if debit else "paid"
            found.update(status="complete", payment_status=paid, payment_intent=intent["id"])
            self._notify("checkout.session.completed", found)
            if not debit:
                self._notify("payment_intent.succeeded", intent)
            return 303, "", found["success_url"].replace("{CHECKOUT_SESSION_ID}", ident)

    def _notify(self, kind: str, obj: dict[str, Any]) -> None:
        """Deliver the event to BizQ's webhook a moment later, signed, as Stripe does."""
        if not self.webhook_url:
            return
        event = self.event(kind, obj)
        threading.Timer(self.webhook_delay, self._deliver, args=(event,)).start()

    def _deliver(self, event: dict[str, Any]) -> None:
        payload = json.dumps(event).encode()
        timestamp = int(time.time())
        signature = hmac.new(
            self.webhook_secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
        ).hexdigest()
        headers = {
            "Stripe-Signature": f"t={timestamp},v1={signature}",
            "Content-Type": "application/json",
        }
        try:
            answer = httpx.post(self.webhook_url, content=payload, headers=headers, timeout=30)
            self.deliveries.append((event["type"], answer.status_code))
        except httpx.HTTPError:
            self.deliveries.append((event["type"], 0))

    def _search(self, form: dict[str, str]) -> Answer:
        """Stripe's search, for the one clause BizQ sends: ``metadata['key']:'value'``."""
        clause = re.fullmatch(r"metadata\['(\w+)'\]:'([^']*)'", form.get("query", ""))
        if clause is None:
            return _error(
                400, "invalid_request_error", "Invalid search query.", "parameter_invalid"
            )
        name, value = clause.groups()
        found = [i for i in self.intents.values() if i["metadata"].get(name) == value]
        limit = int(form.get("limit", 10))
        body = {
            "object": "search_result",
            "url": "/v1/payment_intents/search",
            "data": found[:limit],
            "has_more": len(found) > limit,
            "next_page": None,
        }
        return 200, body

    def _charge(self, intent: dict[str, Any]) -> dict[str, Any]:
        """The Charge a succeeded PaymentIntent made (its ``latest_charge``)."""
        charge = {
            "id": intent["latest_charge"],
            "object": "charge",
            "amount": intent["amount"],
            "amount_captured": intent["amount"],
            "amount_refunded": 0,
            "captured": True,
            "currency": intent["currency"],
            "metadata": dict(intent["metadata"]),
            "paid": True,
            "payment_intent": intent["id"],
            "refunded": False,
            "status": "succeeded",
            "livemode": False,
            "created": int(time.time()),
        }
        self.charges[charge["id"]] = charge
        return charge

    def settle(self, intent_id: str, succeeded: bool = True) -> dict[str, Any]:
        """A ``processing`` payment clears (or fails), as Stripe reports it later."""
        with self._lock:
            intent = self.intents[intent_id]
            if succeeded:
                intent.update(status="succeeded", amount_received=intent["amount"])
                self._charge(intent)
            else:
                intent.update(status="requires_payment_method", amount_received=0)
                intent["last_payment_error"] = {
                    "type": "card_error",
                    "code": "payment_intent_payment_attempt_failed",
                    "message": "The customer's bank could not process this payment.",
                }
            return dict(intent)

    def event(self, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        """The event Stripe delivers to a webhook endpoint about ``obj``."""
        return {
            "id": f"evt_standin{next(self._ids)}",
            "object": "event",
            "api_version": stripe.api_version,  # the SDK's own
            "created": int(time.time()),
            "type": kind,
            "data": {"object": dict(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
        }

    def _intent(self, form: dict[str, str]) -> dict[str, Any]:
        number = next(self._ids)
        intent: dict[str, Any] = {
            "id": f"pi_standin{number}",
            "object": "payment_intent",
            "amount": int(form["amount"]),
            "amount_received": int(form["amount"]),
            "currency": form["currency"],
            "status": "succeeded",
            "payment_method": form["payment_method"],
            "description": form.get("description"),
            "metadata": _nested(form, "metadata"),
            "latest_charge": f"ch_standin{number}",
            "created": int(time.time()),
            "client_secret": f"pi_standin{number}_secret_standin",
            "capture_method": "automatic",
            "confirmation_method": "automatic",
            "livemode": False,
            "next_action": None,
            "last_payment_error": None,
        }
        self.intents[intent["id"]] = intent
        return intent

    def _decline(self, intent: dict[str, Any], code: str, decline: str, message: str) -> Answer:
        error = {
            "type": "card_error",
            "code": code,
            "decline_code": decline,
            "message": message,
            "param": "",
            "charge": intent["latest_charge"],
            "doc_url": f"https://stripe.com/docs/error-codes/{code.replace('_', '-')}",
        }
        intent.update(status="requires_payment_method", amount_received=0)
        intent["last_payment_error"] = dict(error)
        return 402, {"error": {**error, "payment_intent": intent}}

    def _create_refund(self, form: dict[str, str], fails: bool = False) -> Answer:
        intent = self.intents.get(form.get("payment_intent", ""))
        if intent is None or intent["status"] != "succeeded":
            return _missing("payment_intent", form.get("payment_intent", ""), "payment_intent")
        refunded = sum(
            r["amount"] for r in self.refunds.values() if r["payment_intent"] == intent["id"]
        )
        amount = int(form.get("amount", intent["amount"] - refunded))
        if amount > intent["amount"] - refunded:
            return _error(
                400,
                "invalid_request_error",
                "Refund amount is greater than unrefunded amount.",
                "amount_too_large",
            )
        refund = {
            "id": f"re_standin{next(self._ids)}",
            "object": "refund",
            "amount": amount,
            "currency": intent["currency"],
            "payment_intent": intent["id"],
            "charge": intent["latest_charge"],
            "status": "failed" if fails else "succeeded",
            "metadata": {},
        }
        if fails:  # the bank refused it: nothing moves
            refund["failure_reason"] = "declined"
            return 200, refund
        self.refunds[refund["id"]] = refund
        charge = self.charges[intent["latest_charge"]]
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        return 200, refund

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                if self.path.startswith("/pay/"):
                    self._page(method, self.path.split("/")[2].split("?")[0], form)
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                path, _, query = self.path.partition("?")
                form.update(parse_qsl(query, keep_blank_values=True))
                stand_in.requests.append(
                    {"method": method, "path": path, "headers": headers, "form": form}
                )
                status, body = stand_in.answer(method, path, headers, form)
                self.send_json(status, body, {"Request-Id": f"req_standin{len(stand_in.requests)}"})

            def _page(self, method: str, ident: str, form: dict[str, str]) -> None:
                if method == "GET":
                    found = stand_in.sessions.get(ident)
                    status, html, location = 200, _page_html(found, ""), ""
                    if found is None or found["status"] != "open":
                        status, html = 410, _page_html(found, "This payment page has expired.")
                else:
                    status, html, location = stand_in.pay_page(ident, form.get("card", ""))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                data = html.encode()
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _session_problem(form: dict[str, str]) -> tuple[str, str] | None:
    """What Stripe refuses in a Checkout Session request, as (param, message)."""
    if form.get("mode") != "payment":
        return "mode", "This stand-in knows mode=payment only."
    for name in ("success_url", "cancel_url"):
        if not form.get(name, "").startswith(("http://", "https://")):
            return name, f"Not a valid URL: {name}"
    if not _list(form, "line_items"):
        return "line_items", "line_items is required in payment mode."
    ahead = int(form.get("expires_at", time.time() + 86400)) - time.time()
    if not SESSION_MINUTES[0] - 5 <= ahead <= SESSION_MINUTES[1]:
        return "expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours."
    return None


def _list(form: dict[str, str], name: str) -> list[dict[str, str]]:
    """``name[0][a][b]=…`` fields as one dict per index (``{"a][b": …}`` flattened to
    ``a[b]``)."""
    found: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        match = re.fullmatch(rf"{re.escape(name)}\[(\d+)\]\[(\w+)\](.*)", key)
        if match:
            index, first, rest = match.groups()
            found.setdefault(int(index), {})[first + rest] = value
    return [found[i] for i in sorted(found)]


def _page_html(found: dict[str, Any] | None, problem: str) -> str:
    """Stripe's hosted payment page, reduced to a card form."""
    if found is None:
        return "<!doctype html><title>Stripe</title><p>No such payment page.</p>"
    total = found["amount_total"] / 100
    lines = "".join(
        f"<li>{qty} × {html.escape(name)}</li>" for name, qty in found["line_items_shown"]
    )
    error = f'<p role="alert" id="card-error">{html.escape(problem)}</p>' if problem else ""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pay · Stripe</title></head>
<body><main><h1>Pay {total:.2f} {found["currency"].upper()}</h1><ul>{lines}</ul>{error}
<form method="post" action="/pay/{found["id"]}">
<label for="card">Card number</label>
<input id="card" name="card" inputmode="numeric" autocomplete="cc-number">
<label for="exp">Expiry</label><input id="exp" name="exp" placeholder="MM / YY">
<label for="cvc">CVC</label><input id="cvc" name="cvc">
<button type="submit">Pay</button></form>
<a href="{html.escape(found["cancel_url"])}">Back</a></main></body></html>"""


def _invalid(param: str, message: str) -> Answer:
    status, body = _error(400, "invalid_request_error", message, "parameter_invalid")
    body["error"]["param"] = param
    return status, body


def _nested(form: dict[str, str], name: str) -> dict[str, str]:
    prefix = f"{name}["
    return {k[len(prefix) : -1]: v for k, v in form.items() if k.startswith(prefix)}


def _error(status: int, kind: str, message: str, code: str | None = None) -> Answer:
    error: dict[str, Any] = {"type": kind, "message": message}
    if code:
        error["code"] = code
    return status, {"error": error}


def _missing(kind: str, ident: str, param: str | None = None) -> Answer:
    status, body = _error(
        404 if param is None else 400,
        "invalid_request_error",
        f"No such {kind}: '{ident}'",
        "resource_missing",
    )
    if param:
        body["error"]["param"] = param
    return status, body
