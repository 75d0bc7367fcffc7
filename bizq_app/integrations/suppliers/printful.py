"""Printful through its documented REST API (v1, https://api.printful.com) on httpx.

Every answer is wrapped as ``{"code": ..., "result": ...}``; failures add
``{"error": {"reason": ..., "message": ...}}``. Reads are retried on 429
(honouring ``Retry-After``, capped) and 5xx with a short back-off. Placing an
order is retried on 429 only: a 5xx may come after Printful created the order,
and a blind retry could order twice. An order sent with BizQ's ``external_id`` is
placed once: Printful refuses a second order under the same external id, and the one
it already holds (``GET /orders/@{external_id}``) is the answer instead. What still
fails becomes a BizQ error.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import httpx

from bizq_app.core.errors import (
    BizQError,
    IntegrationError,
    NotFound,
    RateLimited,
    Unavailable,
    ValidationFailed,
)
from bizq_app.integrations.suppliers import (
    CatalogProduct,
    CatalogVariant,
    Recipient,
    SupplierOrder,
    SupplierOrderItem,
    SupplierOrderResult,
)

API_URL = "https://api.printful.com"
MAX_WAIT_SECONDS = 10.0  # the longest pause between retries, whatever Retry-After says
SEARCHED_FIELDS = ("title", "type_name", "brand", "model")
REFUSED = (400, 409)  # how Printful refuses a request, a second order under one external id too


class PrintfulClient:
    """Printful's catalog and order desk; implements ``SupplierCatalogSource``."""

    name = "printful"

    def __init__(
        self,
        token: str,
        base_url: str = API_URL,
        timeout: float = 20.0,
        transport: httpx.BaseTransport | None = None,
        *,
        max_retries: int = 2,
        backoff: float = 0.5,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
        )
        self._timeout = timeout
        self._max_retries = max_retries
        self._backoff = backoff

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> PrintfulClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def products(self, query: str = "") -> list[CatalogProduct]:
        """Catalog products matching every word of ``query`` (Printful lists them all)."""
        words = query.lower().split()
        listed = self._get("/products")
        with _expected_shape():
            return [_product(item) for item in listed if _matches(item, words)]

    def variants(self, product_id: str) -> list[CatalogVariant]:
        """The variants of one catalog product, with Printful's base price as Decimal."""
        found = self._get(f"/products/{_numeric(product_id, 'product')}")
        with _expected_shape():
            currency = str(found["product"].get("currency") or "USD")
            return [_variant(item, currency) for item in found["variants"]]

    def place_order(self, order: SupplierOrder) -> SupplierOrderResult:
        """Create the order (a draft unless ``order.confirm``); returns id, status, cost.
        Printful refusing it while it holds an order under the same ``external_id`` (an
        earlier attempt whose answer was lost) answers with that order: one order."""
        params = {"confirm": "true"} if order.confirm else None
        response = self._respond(
            "POST", "/orders", json=order_body(order), params=params, retry_server_errors=False
        )
        if response.status_code in REFUSED and order.external_id:
            existing = self.find_order(order.external_id)
            if existing is not None:
                return existing
        return _order_result(_result(response))

    def order(self, reference: str) -> SupplierOrderResult:
        """An order's current status and cost, by Printful id or ``@<external id>``."""
        return _order_result(self._get(f"/orders/{quote(reference, safe='@')}"))

    def find_order(self, external_id: str) -> SupplierOrderResult | None:
        """The order Printful holds under BizQ's ``external_id``, or None when it has none."""
        try:
            return self.order(f"@{external_id}")
        except NotFound:
            return None

    def _get(self, path: str) -> Any:
        """The ``result`` of a read, after the retries its answers allow."""
        return _result(self._respond("GET", path))

    def _respond(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        retry_server_errors: bool = True,
    ) -> httpx.Response:
        """Printful's last answer, after the retries the answers allow."""
        for attempt in range(self._max_retries + 1):
            response = self._send(method, path, json=json, params=params)
            if attempt == self._max_retries or not _retryable(response, retry_server_errors):
                break
            time.sleep(self._pause(response, attempt))
        return response

    def _send(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **options)
        except httpx.TimeoutException as exc:
            raise Unavailable(f"Printful did not answer within {self._timeout:g} s.") from exc
        except httpx.TransportError as exc:
            raise Unavailable(f"Could not reach Printful ({exc.__class__.__name__}).") from exc

    def _pause(self, response: httpx.Response, attempt: int) -> float:
        wait = self._backoff * 2**attempt
        if response.status_code == 429:
            wait = _retry_after(response.headers.get("Retry-After"), wait)
        return max(0.0, min(wait, MAX_WAIT_SECONDS))


def order_body(order: SupplierOrder) -> dict[str, Any]:
    """The JSON Printful's ``POST /orders`` expects for ``order``."""
    body: dict[str, Any] = {
        "recipient": _recipient(order.recipient),
        "items": [_item(item) for item in order.items],
    }
    if order.external_id:
        body["external_id"] = order.external_id
    return body


def _recipient(recipient: Recipient) -> dict[str, str]:
    fields = {
        "name": recipient.name,
        "address1": recipient.address1,
        "address2": recipient.address2,
        "city": recipient.city,
        "state_code": recipient.state_code,
        "country_code": recipient.country_code,
        "zip": recipient.zip,
        "email": recipient.email,
        "phone": recipient.phone,
    }
    return {key: value for key, value in fields.items() if value}


def _item(item: SupplierOrderItem) -> dict[str, Any]:
    body: dict[str, Any] = {
        "variant_id": _numeric(item.variant_id, "variant"),
        "quantity": item.quantity,
        "files": [{"url": url} for url in item.file_urls],
    }
    if item.retail_price is not None:
        body["retail_price"] = f"{item.retail_price:.2f}"
    return body


def _numeric(value: str, what: str) -> int:
    if not value.isdigit():
        raise ValidationFailed(f"'{value}' is not a Printful {what} id.")
    return int(value)


def _matches(item: dict[str, Any], words: list[str]) -> bool:
    text = " ".join(str(item.get(field) or "") for field in SEARCHED_FIELDS).lower()
    return all(word in text for word in words)


def _product(item: dict[str, Any]) -> CatalogProduct:
    return CatalogProduct(
        id=str(item["id"]),
        title=str(item["title"]),
        kind=str(item.get("type_name") or item.get("type") or ""),
        brand=item.get("brand") or None,
        image_url=item.get("image") or None,
        variant_count=int(item.get("variant_count") or 0),
    )


def _variant(item: dict[str, Any], currency: str) -> CatalogVariant:
    return CatalogVariant(
        id=str(item["id"]),
        product_id=str(item["product_id"]),
        name=str(item["name"]),
        size=item.get("size") or None,
        color=item.get("color") or None,
        price=_money(item["price"]),
        currency=currency,
        in_stock=bool(item.get("in_stock", True)),
    )


def _order_result(result: Any) -> SupplierOrderResult:
    with _expected_shape():
        costs = result["costs"]
        return SupplierOrderResult(
            reference=str(result["id"]),
            status=str(result["status"]),
            cost=_money(costs["total"]),
            currency=str(costs.get("currency") or "USD"),
        )


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


@contextmanager
def _expected_shape() -> Iterator[None]:
    try:
        yield
    except (KeyError, TypeError, AttributeError, InvalidOperation) as exc:
        raise IntegrationError(f"Printful answered in an unexpected shape ({exc!r}).") from exc


def _retryable(response: httpx.Response, retry_server_errors: bool) -> bool:
    status = response.status_code
    return status == 429 or (retry_server_errors and status >= 500)


def _retry_after(header: str | None, default: float) -> float:
    try:
        return float(header) if header is not None else default
    except ValueError:  # an HTTP date: not worth parsing for a pause this short
        return default


def _result(response: httpx.Response) -> Any:
    if response.is_success:
        try:
            return response.json(parse_float=Decimal)["result"]
        except (ValueError, KeyError, TypeError) as exc:
            raise IntegrationError(
                "Printful answered with something that is not its JSON."
            ) from exc
    raise _error(response)


def _error(response: httpx.Response) -> BizQError:
    status, message = response.status_code, _message(response)
    if status in (401, 403):
        return IntegrationError(
            f"Printful rejected the token ({status}: {message}); check PRINTFUL_API_TOKEN."
        )
    if status == 404:
        return NotFound(f"Printful has no such thing: {message}")
    if status == 429:
        return RateLimited("Printful is rate limiting BizQ; try again in a minute.")
    if status >= 500:
        return Unavailable(f"Printful is not answering properly ({status}).")
    return IntegrationError(f"Printful refused the request ({status}): {message}")


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason_phrase
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])
    result = body.get("result") if isinstance(body, dict) else None
    return str(result) if isinstance(result, str) else response.reason_phrase
