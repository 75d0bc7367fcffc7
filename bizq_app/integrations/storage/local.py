"""Uploads kept in the data folder and served by BizQ under ``/api/media/``."""

from __future__ import annotations

import re
from pathlib import Path

from bizq_app.core.errors import NotFound
from bizq_app.integrations.storage import MEDIA_PREFIX, Storage

SAFE_KEY = re.compile(
    r"^[0-9a-f-]{36}/[0-9a-f]{32}\.(png|jpg|webp|gif)$"  # a public image
    r"|^[0-9a-f-]{36}/private/[0-9a-f]{32}/[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$"  # a download
    r"|^private/[0-9a-f-]{36}/[0-9a-f]{32}/[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$"  # saved before
)


class LocalStorage(Storage):
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root

    def save(self, key: str, data: bytes, content_type: str) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return f"{MEDIA_PREFIX}{key}"

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def read(self, key: str) -> bytes:
        path = self._path(key)
        if not path.is_file():
            raise NotFound("No such file.")
        return path.read_bytes()

    def _path(self, key: str) -> Path:
        if not SAFE_KEY.fullmatch(key):  # never a path a request could steer elsewhere
            raise NotFound("No such file.")
        return self.root / key
