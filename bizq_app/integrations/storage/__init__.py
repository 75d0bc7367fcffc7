"""File storage for uploads (product images): the data folder by default, or any
S3-compatible bucket when ``BIZQ_S3_BUCKET`` is set.

One interface, two adapters; ``storage(settings)`` picks one. Keys are
``<store id>/<random>.<ext>``; nothing a user typed becomes part of a path.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from bizq_app.core.settings import Settings, get_settings

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


def storage(settings: Settings | None = None) -> Storage:
    """The configured storage: S3-compatible when a bucket is set, else the data folder."""
    settings = settings or get_settings()
    if settings.s3_bucket:
        from bizq_app.integrations.storage.s3 import S3Storage

        return S3Storage.from_settings(settings)
    from bizq_app.integrations.storage.local import LocalStorage

    return LocalStorage(settings.data_dir / "uploads")


def key_of(url: str) -> str | None:
    """The storage key inside a URL this module produced, if it is one of ours."""
    if url.startswith(MEDIA_PREFIX):
        return url.removeprefix(MEDIA_PREFIX)
    marker = "/bizq-media/"
    return url.split(marker, 1)[1] if marker in url else None
