"""Which storage adapter serves this deployment."""

from __future__ import annotations

from bizq_app.core.settings import Settings, get_settings
from bizq_app.integrations.storage import Storage
from bizq_app.integrations.storage.local import LocalStorage


def storage(settings: Settings | None = None) -> Storage:
    """The configured storage: S3-compatible when a bucket is set, else the data folder."""
    settings = settings or get_settings()
    if settings.s3_bucket:
        from bizq_app.integrations.storage.s3 import S3Storage  # boto3 loads only when used

        return S3Storage.from_settings(settings)
    return LocalStorage(settings.data_dir / "uploads")
