"""Encryption at rest for secrets users give BizQ, with a key per purpose derived from
``BIZQ_SECRET_KEY`` (``core.keys``)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bizq_app.core import keys
from bizq_app.core.errors import ConfigurationError


def _fernet(purpose: str) -> MultiFernet:
    """Encrypts with the current secret's key for ``purpose``; decrypts with any listed
    secret's (``BIZQ_PREVIOUS_SECRET_KEYS``), so rotating the secret loses nothing."""
    return MultiFernet([Fernet(base64.urlsafe_b64encode(k)) for k in keys.keys(purpose)])


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
