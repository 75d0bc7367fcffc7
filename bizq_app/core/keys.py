"""One key per purpose, each derived from ``BIZQ_SECRET_KEY`` with HKDF-SHA256 and its own
label: access tokens, buyers' links and each kind of encrypted secret never share a key,
so one purpose's key opens nothing else.

Rotation: set a new ``BIZQ_SECRET_KEY`` and list the old one in
``BIZQ_PREVIOUS_SECRET_KEYS``. New tokens, links and encryptions use the new secret;
what the old one signed or encrypted is still accepted (``keys`` lists every secret's
key, current first) until it expires or is saved again.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bizq_app.core.settings import get_settings

ACCESS_TOKENS = "bizq access tokens"
BUYER_LINKS = "bizq buyer links"
SALT = b"bizq"


def key(label: str) -> bytes:
    """The current key for ``label``."""
    return derive(get_settings().signing_key(), label)


def keys(label: str) -> list[bytes]:
    """Every key that may have signed or encrypted for ``label``: the current one first."""
    settings = get_settings()
    return [derive(s, label) for s in (settings.signing_key(), *settings.previous_secrets())]


@lru_cache(maxsize=64)
def derive(secret: str, label: str) -> bytes:
    """HKDF-SHA256 of ``secret`` for ``label`` (32 bytes)."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT, info=label.encode())
    return hkdf.derive(secret.encode())
