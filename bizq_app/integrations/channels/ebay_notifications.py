"""eBay's order notifications: the challenge a new destination answers, and the check of
each delivery's signature with eBay's public key.

``X-EBAY-SIGNATURE`` is Base64 JSON naming eBay's key (``kid``, a UUID) and the ECDSA
signature of the body. The key comes from the Notification API's ``getPublicKey``, which
asks to be cached rather than called per notification (one hour is its suggestion): keys
are kept in Redis for an hour, shared by every process. The sender of a delivery chooses
the key id, so an id that is not a UUID is refused without a call, and keys not yet
kept are fetched at most ``ebay_public_key`` times a minute per connection (a flood of
invented ids cannot spend the seller's eBay call limit); past that a delivery answers
429, which eBay retries.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from bizq_app.core import rate_limits
from bizq_app.core.queue import get_redis

ORDER_TOPIC = "ORDER_CONFIRMATION"
KEY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
KEY_SECONDS = 3600  # how long a key is kept: getPublicKey's suggested hour
KEY_PREFIX = "bizq:ebay:public-key:"
KEY_RULE = "ebay_public_key"  # keys fetched, per connection (core.rate_limits)
MAX_HEADER = 2048


def challenge_response(challenge_code: str, verification_token: str, endpoint: str) -> str:
    """What BizQ's address answers eBay's challenge with (eBay's documented hash)."""
    return hashlib.sha256((challenge_code + verification_token + endpoint).encode()).hexdigest()


def webhook_order_id(event: dict[str, Any]) -> str:
    """The order an ``ORDER_CONFIRMATION`` notification names, or "" for any other."""
    if (event.get("metadata") or {}).get("topic") != ORDER_TOPIC:
        return ""
    return str(((event.get("notification") or {}).get("data") or {}).get("orderId") or "")


def signed_by(header: str) -> tuple[str, bytes]:
    """The key id and the signature an ``X-EBAY-SIGNATURE`` header carries ("" and b""
    when it is not one, or names a key id eBay would not give)."""
    if len(header) > MAX_HEADER:
        return "", b""
    try:
        said = json.loads(base64.b64decode(header, validate=True))
        kid = str(said["kid"])
        signature = base64.b64decode(str(said["signature"]), validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return "", b""
    return (kid, signature) if KEY_ID.fullmatch(kid) else ("", b"")


def verify(body: bytes, header: str, *, caller: str, fetch: Callable[[str], str]) -> bool:
    """Whether ``header`` signs ``body`` with eBay's key. ``fetch`` reads a key from eBay
    ("" when eBay has none by that id), only for a key not kept yet.

    Raises:
        TooManyRequests: ``caller`` (a connection) fetched as many unknown keys as a
            minute allows.
    """
    kid, signature = signed_by(header)
    if not kid:
        return False
    key = _kept(kid)
    if key is None:
        rate_limits.take(KEY_RULE, caller)
        pem = fetch(kid)
        key = _readable(pem)
        if key is None:
            return False
        get_redis().set(KEY_PREFIX + kid, pem, ex=KEY_SECONDS)
    try:
        key.verify(signature, body, ec.ECDSA(hashes.SHA1()))  # the digest eBay signs with
    except InvalidSignature:
        return False
    return True


def _kept(kid: str) -> ec.EllipticCurvePublicKey | None:
    pem = get_redis().get(KEY_PREFIX + kid)
    return _readable(pem.decode() if isinstance(pem, bytes) else str(pem or ""))


def _readable(pem: str) -> ec.EllipticCurvePublicKey | None:
    """The key in eBay's answer: PEM, its lines run together as eBay sends them, or
    not (None when it is no ECDSA key)."""
    inner = re.sub(r"-----(BEGIN|END) PUBLIC KEY-----|\s", "", pem)
    try:
        key = load_der_public_key(base64.b64decode(inner, validate=True))
    except (ValueError, binascii.Error, UnsupportedAlgorithm):
        return None
    return key if isinstance(key, ec.EllipticCurvePublicKey) else None
