"""Uploads in an S3-compatible bucket (AWS S3, MinIO, R2, ...) through boto3."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from bizq_app.core.errors import NotFound, Unavailable
from bizq_app.core.settings import Settings
from bizq_app.integrations.storage import Storage

PREFIX = "bizq-media/"


class S3Storage(Storage):
    name = "s3"

    def __init__(self, client: Any, bucket: str, public_url: str) -> None:
        self._client, self.bucket, self.public_url = client, bucket, public_url.rstrip("/")

    @classmethod
    def from_settings(cls, settings: Settings) -> S3Storage:
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key_id,
            aws_secret_access_key=(
                settings.s3_secret_access_key.get_secret_value()
                if settings.s3_secret_access_key
                else None
            ),
            config=Config(connect_timeout=5, read_timeout=20, retries={"max_attempts": 3}),
        )
        base = settings.s3_public_url or (
            f"{settings.s3_endpoint_url.rstrip('/')}/{settings.s3_bucket}"
            if settings.s3_endpoint_url
            else f"https://{settings.s3_bucket}.s3.amazonaws.com"
        )
        return cls(client, str(settings.s3_bucket), base)

    def save(self, key: str, data: bytes, content_type: str) -> str:
        self._call("put_object", Key=PREFIX + key, Body=data, ContentType=content_type)
        return f"{self.public_url}/{PREFIX}{key}"

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=PREFIX + key)

    def read(self, key: str) -> bytes:
        return bytes(self._call("get_object", Key=PREFIX + key)["Body"].read())

    def _call(self, operation: str, **arguments: Any) -> Any:
        try:
            return getattr(self._client, operation)(Bucket=self.bucket, **arguments)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise NotFound("No such file.") from exc
            raise Unavailable(f"The file store refused the request ({exc}).") from exc
        except BotoCoreError as exc:
            raise Unavailable(f"The file store cannot be reached ({exc}).") from exc
