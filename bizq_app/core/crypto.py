"""Encryption at rest for secrets users give BizQ, keyed from ``BIZQ_SECRET_KEY``."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bizq_app.core.errors import ConfigurationError
from bizq_app.core.settings import get_settings


def _fernet(purpose: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"bizq", info=purpose.encode()
    ).derive(get_settings().signing_key().encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(secret: str, purpose: str) -> str:
    """``secret`` encrypted with a key derived from the server secret for ``purpose``."""
    return _fernet(purpose).encrypt(secret.encode()).decode()


def decrypt(token: str, purpose: str) -> str:
    """The secret behind ``token``.

    Raises:
        ConfigurationError: it was encrypted under another server secret.
    """
    try:
        return _fernet(purpose).decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ConfigurationError(
            "A stored key cannot be read: BIZQ_SECRET_KEY changed since "
            "it was saved. Enter the key again."
        ) from exc
