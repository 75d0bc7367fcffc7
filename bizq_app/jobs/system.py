"""Jobs about BizQ itself."""

from __future__ import annotations


def echo(token: str) -> str:
    """Return ``token``: the health check's proof that a worker is taking jobs."""
    return token
