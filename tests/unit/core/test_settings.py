"""Settings: the embedded default generates its secret; elsewhere one is required."""

from __future__ import annotations

from pathlib import Path

import pytest

from bizq_app.core.errors import ConfigurationError
from bizq_app.core.settings import Settings


def test_embedded_default_uses_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, redis_url=None, secret_key=None)

    assert settings.embedded
    assert settings.sqlalchemy_url == f"sqlite:///{tmp_path.resolve() / 'bizq.db'}"
    assert settings.uses_embedded_redis


def test_embedded_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=None, redis_url=None, secret_key=None)

    first = settings.signing_key()
    again = Settings(
        data_dir=tmp_path, database_url=None, redis_url=None, secret_key=None
    ).signing_key()

    assert first == again
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_outside_the_embedded_default_a_secret_is_required(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path, database_url="postgresql://db/bizq", redis_url=None, secret_key=None
    )

    with pytest.raises(ConfigurationError, match="BIZQ_SECRET_KEY is required"):
        settings.signing_key()
    assert not (tmp_path / "secret_key").exists()


def test_a_short_secret_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="short")  # type: ignore[arg-type]

    with pytest.raises(ConfigurationError, match="at least 32"):
        settings.signing_key()


def test_postgres_urls_get_the_psycopg_driver() -> None:
    settings = Settings(database_url="postgres://u@h/db")

    assert settings.sqlalchemy_url == "postgresql+psycopg://u@h/db"


def test_a_platform_fee_that_could_leave_a_worker_less_than_nothing_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIZQ_PLATFORM_FEE_PERCENT", "60")  # with a 50 % royalty: -10 %

    with pytest.raises(ValueError, match="platform_fee_percent"):
        Settings(data_dir=tmp_path)

    monkeypatch.setenv("BIZQ_PLATFORM_FEE_PERCENT", "50")
    assert Settings(data_dir=tmp_path).platform_fee_percent == 50
