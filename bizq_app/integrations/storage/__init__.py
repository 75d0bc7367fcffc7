"""File storage for uploads (product images): the data folder by default, or any
S3-compatible bucket when ``BIZQ_S3_BUCKET`` is set.

One interface, two adapters; ``registry.storage(settings)`` picks one. Keys are
``<store id>/<random>.<ext>``; nothing a user typed becomes part of a path.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

MEDIA_PREFIX = "/api/media/"  # where the local adapter's files are served


class Storage(ABC):
    """Somewhere to keep uploaded files and an address to show them from."""

    name = ""

    @abstractmethod
    def save(self, key: str, data: bytes, content_type: str) -> str:
        """Store ``data`` under ``key``; returns the address browsers load it from."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the file (no error if it is already gone)."""

    @abstractmethod
    def read(self, key: str) -> bytes:
        """The file's bytes.

        Raises:
            NotFound: no such file.
        """


def key_of(url: str) -> str | None:
    """The storage key inside a URL this module produced, if it is one of ours."""
    if url.startswith(MEDIA_PREFIX):
        return url.removeprefix(MEDIA_PREFIX)
    marker = "/bizq-media/"
    return url.split(marker, 1)[1] if marker in url else None
