"""The one place BizQ reads its configuration from.

Every variable is read from the environment (prefix ``BIZQ_`` for BizQ's own,
the providers' usual names for their keys). Nothing else reads ``os.environ``.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from limits import parse as parse_rate
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bizq_app.core.errors import ConfigurationError

SECRET_FILE_NAME = "secret_key"
SQLITE_FILE_NAME = "bizq.db"
MIN_SECRET_LENGTH = 32


MAX_ROYALTY_PERCENT = Decimal("50")
"""The most a task type's author may take of each run's price."""


class Settings(BaseSettings):
    """BizQ's configuration; see README.md for what each variable does."""

    model_config = SettingsConfigDict(env_prefix="BIZQ_", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = None
    redis_url: str | None = None
    secret_key: SecretStr | None = None
    # secrets used before the current BIZQ_SECRET_KEY (space or comma separated): what they
    # signed or encrypted is still accepted while it lasts (see key rotation in the README)
    previous_secret_keys: SecretStr | None = None
    port: int = 3000
    host: str = "127.0.0.1"
    token_ttl_hours: int = 24 * 7
    starting_credits: Decimal = Decimal("100")
    # what one credit costs, in each store's own currency, when a store buys credits
    credit_price: Decimal = Field(default=Decimal("0.10"), gt=0)
    # BizQ's share of a task's or template's price; at most 100 - MAX_ROYALTY_PERCENT, so the
    # worker's share is never below zero whatever royalty a task type's author asks
    platform_fee_percent: Decimal = Field(
        default=Decimal("20"), ge=0, le=Decimal(100) - MAX_ROYALTY_PERCENT
    )
    # the highest price a custom task type may ask per run, in credits
    max_task_price: Decimal = Field(default=Decimal("1000"), gt=0)
    # rate limits by rule, e.g. {"login_ip": "30/minute"} (JSON); see core/rate_limits.py
    rate_limits: dict[str, str] = Field(default_factory=dict)
    # how long an order whose payment was never confirmed keeps its stock set aside
    unpaid_order_minutes: int = Field(default=30, ge=5, le=7 * 24 * 60)
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "BIZQ_OPENAI_API_KEY")
    )
    anthropic_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("ANTHROPIC_API_KEY", "BIZQ_ANTHROPIC_API_KEY"),
    )
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    anthropic_base_url: str | None = None
    anthropic_model: str = "claude-haiku-4-5"
    ai_timeout_seconds: float = 60.0
    stripe_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("STRIPE_API_KEY", "BIZQ_STRIPE_API_KEY")
    )
    stripe_webhook_secret: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("STRIPE_WEBHOOK_SECRET", "BIZQ_STRIPE_WEBHOOK_SECRET"),
    )
    stripe_api_base: str | None = None  # a Stripe-compatible server; unset for Stripe
    s3_bucket: str | None = None  # set it to keep uploads in an S3-compatible bucket
    s3_endpoint_url: str | None = None  # MinIO, R2, ...; unset for AWS
    s3_region: str | None = None
    s3_access_key_id: str | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_public_url: str | None = None  # where browsers load the files; default: the bucket
    printful_api_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("PRINTFUL_API_TOKEN", "BIZQ_PRINTFUL_API_TOKEN"),
    )
    printful_base_url: str = "https://api.printful.com"
    shopify_base_url: str | None = None  # instead of https://<shop>: a proxy or a stand-in
    amazon_base_url: str | None = None  # instead of SP-API's and Login with Amazon's hosts
    ebay_base_url: str | None = None  # instead of eBay's API hosts (api., apiz.ebay.com)
    walmart_base_url: str | None = None  # instead of https://marketplace.walmartapis.com
    tiktok_base_url: str | None = None  # instead of TikTok Shop's API and sign-in hosts
    etsy_base_url: str | None = None  # instead of https://api.etsy.com
    public_url: str | None = None  # where buyers reach BizQ (links in e-mails)
    smtp_host: str | None = None  # set it to send e-mail; unset keeps it in the outbox
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    mail_from: str = "BizQ <no-reply@bizq.local>"

    @field_validator("rate_limits")
    @classmethod
    def _rates_parse(cls, rates: dict[str, str]) -> dict[str, str]:
        """Refuse at start a rate the limits library cannot read ("30/minute" reads)."""
        for rule, rate in rates.items():
            try:
                parse_rate(rate)
            except ValueError as exc:
                raise ValueError(f"BIZQ_RATE_LIMITS[{rule!r}] = {rate!r}: {exc}") from exc
        return rates

    @property
    def base_url(self) -> str:
        """The address links in e-mails start with."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def embedded(self) -> bool:
        """True when BizQ runs on its embedded default (no outside database or Redis)."""
        return self.database_url is None and self.redis_url is None

    @property
    def sqlalchemy_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        if self.database_url is None:
            return f"sqlite:///{(self.data_dir / SQLITE_FILE_NAME).resolve()}"
        return normalise_database_url(self.database_url)

    @property
    def uses_embedded_redis(self) -> bool:
        """True when queues and events live in the in-process Redis substitute."""
        return self.redis_url is None

    def previous_secrets(self) -> list[str]:
        """The secrets ``BIZQ_PREVIOUS_SECRET_KEYS`` lists, oldest last."""
        text = self.previous_secret_keys.get_secret_value() if self.previous_secret_keys else ""
        return [s for s in text.replace(",", " ").split() if s]

    def signing_key(self) -> str:
        """The server secret every key is derived from (``core.keys``); generated once on
        the embedded default.

        Raises:
            ConfigurationError: outside the embedded default, when no strong
                ``BIZQ_SECRET_KEY`` is set.
        """
        if self.secret_key is not None:
            value = self.secret_key.get_secret_value()
            if len(value) < MIN_SECRET_LENGTH:
                raise ConfigurationError(
                    f"BIZQ_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters long."
                )
            return value
        if not self.embedded:
            raise ConfigurationError(
                "BIZQ_SECRET_KEY is required when BIZQ_DATABASE_URL or BIZQ_REDIS_URL is set."
            )
        return _persisted_secret(self.data_dir)


def normalise_database_url(url: str) -> str:
    """Point bare ``postgresql://`` URLs at the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _persisted_secret(data_dir: Path) -> str:
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    path.write_text(value)
    path.chmod(0o600)
    return value


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
