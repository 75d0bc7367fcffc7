"""BizQ's error tree. Services raise these; each adapter maps them once.

::

    BizQError                      code
    ├── NotFound                   not_found
    ├── PermissionDenied           permission_denied
    ├── AuthenticationFailed       authentication_failed
    ├── ValidationFailed           validation_failed  (carries field errors)
    ├── Conflict                   conflict
    ├── InsufficientCredits        insufficient_credits
    ├── PaymentDeclined            payment_declined
    ├── InvalidTransition          invalid_transition
    ├── ConfigurationError         configuration_error
    └── IntegrationError           integration_error
        ├── RateLimited            rate_limited
        └── Unavailable            unavailable
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One problem with one input field; ``path`` is a JSON path like ``$.name``."""

    path: str
    message: str


class BizQError(Exception):
    """Base of every error BizQ raises on purpose."""

    code = "bizq_error"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(BizQError):
    code = "not_found"
    status = 404


class PermissionDenied(BizQError):
    code = "permission_denied"
    status = 403


class AuthenticationFailed(BizQError):
    code = "authentication_failed"
    status = 401


class ValidationFailed(BizQError):
    """Input broke a rule; ``errors`` says which field and why."""

    code = "validation_failed"
    status = 422

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []

    @classmethod
    def field(cls, path: str, message: str) -> ValidationFailed:
        """An error about a single field."""
        return cls(f"{path}: {message}", [FieldError(path, message)])


class Conflict(BizQError):
    code = "conflict"
    status = 409

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.errors = [FieldError(path, message)] if path else []


class InsufficientCredits(BizQError):
    code = "insufficient_credits"
    status = 402


class PaymentDeclined(BizQError):
    """The card was declined: nothing was charged (and nothing bought); ``path`` names
    the card's field when the form has one."""

    code = "payment_declined"
    status = 402

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.errors = [FieldError(path, message)] if path else []


class InvalidTransition(BizQError):
    code = "invalid_transition"
    status = 409


class ConfigurationError(BizQError):
    """A feature that is not set up; the message says what to set. 503: the service is
    there, this part of it is not available until an operator configures it."""

    code = "configuration_error"
    status = 503


class IntegrationError(BizQError):
    code = "integration_error"
    status = 502


class RateLimited(IntegrationError):
    code = "rate_limited"
    status = 429


class Unavailable(IntegrationError):
    code = "unavailable"
    status = 503
