"""Browser tests: BizQ started the way ``make run`` starts it, driven in Chromium.

The app runs on its embedded default (SQLite in a fresh data folder, in-process
queue and worker, no keys) on a free port.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from bizq_app.cli import tool_environment
from tests.conftest import GENEROUS_LIMITS
from tests.standins.amazon_server import AmazonStandIn
from tests.standins.ebay_server import EbayStandIn
from tests.standins.etsy_server import EtsyStandIn
from tests.standins.shopify_server import ShopifyStandIn
from tests.standins.stripe_server import API_KEY as STRIPE_KEY
from tests.standins.stripe_server import StripeStandIn
from tests.standins.tiktok_server import TikTokStandIn
from tests.standins.walmart_server import WalmartStandIn

WEBHOOK_SECRET = "whsec_browser_standin"

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
START_TIMEOUT = 240
SERVER_LOGS: dict[str, Path] = {}  # each started BizQ's output, by its URL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _embedded_env(data_dir: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BIZQ_", "PYTEST_"))}
    env.update(BIZQ_DATA_DIR=data_dir, BIZQ_PORT=str(port), BIZQ_RATE_LIMITS=GENEROUS_LIMITS)
    return env


@pytest.fixture(scope="session")
def shopify() -> Iterator[ShopifyStandIn]:
    """The Shopify shop every browser test's BizQ talks to (a local stand-in)."""
    stand_in = ShopifyStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def amazon() -> Iterator[AmazonStandIn]:
    """The Amazon seller account every browser test's BizQ talks to (a local stand-in)."""
    stand_in = AmazonStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def ebay() -> Iterator[EbayStandIn]:
    """The eBay seller account every browser test's BizQ talks to (a local stand-in)."""
    stand_in = EbayStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def walmart() -> Iterator[WalmartStandIn]:
    """The Walmart seller account every browser test's BizQ talks to (a local stand-in)."""
    stand_in = WalmartStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def tiktok() -> Iterator[TikTokStandIn]:
    """The TikTok Shop every browser test's BizQ talks to (a local stand-in)."""
    stand_in = TikTokStandIn()
    yield stand_in
    stand_in.close()


@pytest.fixture(scope="session")
def etsy() -> Iterator[EtsyStandIn]:
    """The Etsy shop every browser test's BizQ talks to (a local stand-in)."""
    stand_in = EtsyStandIn()
    yield stand_in
    stand_in.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"BizQ exited while starting:\n{log.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                if httpx.get(f"{url}/login", timeout=5, follow_redirects=True).status_code == 200:
                    return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    raise RuntimeError(f"BizQ did not start in {START_TIMEOUT}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def app_url(
    shopify: ShopifyStandIn,
    amazon: AmazonStandIn,
    ebay: EbayStandIn,
    walmart: WalmartStandIn,
    tiktok: TikTokStandIn,
    etsy: EtsyStandIn,
) -> Iterator[str]:
    """The URL of a BizQ started with ``python -m bizq_app serve`` (what ``make run`` runs),
    its calls to every sales channel sent to the stand-ins."""
    data_dir = tempfile.mkdtemp(prefix="bizq-browser-")
    port = _free_port()
    log = Path(data_dir) / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "bizq_app", "serve"],
            cwd=ROOT,
            env={
                **_embedded_env(data_dir, port),
                "BIZQ_SHOPIFY_BASE_URL": shopify.url,
                "BIZQ_AMAZON_BASE_URL": amazon.url,
                "BIZQ_EBAY_BASE_URL": ebay.url,
                "BIZQ_WALMART_BASE_URL": walmart.url,
                "BIZQ_TIKTOK_BASE_URL": tiktok.url,
                "BIZQ_ETSY_BASE_URL": etsy.url,
            },
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    SERVER_LOGS[url] = log
    try:
        _wait_until_up(url, process, log)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


# What a second BizQ needs of the project, shared read-only (the rest is its own).
SHARED = ("bizq_app", "assets", "alembic", "alembic.ini", "rxconfig.py", "pyproject.toml")


def _tree_of_its_own() -> Path:
    """A folder where a second BizQ builds its own frontend: the built pages carry the
    port they talk to, so two servers cannot share one ``.web``. The code is linked,
    the frontend's packages too; the rest of ``.web`` is copied."""
    tree = Path(tempfile.mkdtemp(prefix="bizq-stripe-tree-"))
    for name in SHARED:
        (tree / name).symlink_to(ROOT / name)
    web = tree / ".web"
    shutil.copytree(
        ROOT / ".web", web, symlinks=True, ignore=shutil.ignore_patterns("node_modules", "build")
    )
    (web / "node_modules").symlink_to(ROOT / ".web" / "node_modules")
    return tree


@dataclass(frozen=True)
class StripeShop:
    url: str
    stripe: StripeStandIn
    log: Path  # what the server printed


@pytest.fixture(scope="session")
def stripe_shop() -> Iterator[StripeShop]:
    """A second BizQ configured for Stripe (the local stand-in, which also delivers its
    signed webhooks to it), started as ``make run`` starts it; its URL and the stand-in."""
    data_dir = tempfile.mkdtemp(prefix="bizq-browser-stripe-")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    stand_in = StripeStandIn(
        webhook_url=f"{url}/api/webhooks/stripe", webhook_secret=WEBHOOK_SECRET
    )
    tools = tool_environment()
    env = _embedded_env(data_dir, port)
    env.update(
        PATH=tools["PATH"],
        REFLEX_USE_SYSTEM_BUN="1",
        TELEMETRY_ENABLED="false",
        STRIPE_API_KEY=STRIPE_KEY,
        BIZQ_STRIPE_API_BASE=stand_in.url,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        BIZQ_PUBLIC_URL=url,
    )
    tree = _tree_of_its_own()
    log = Path(data_dir) / "server.log"
    subprocess.run([sys.executable, "-m", "bizq_app", "prepare"], cwd=tree, env=env, check=True)
    reflex = str(Path(sys.executable).with_name("reflex"))
    with log.open("wb") as out:
        process = subprocess.Popen(
            [reflex, "run", "--env", "prod", "--backend-host", "127.0.0.1"],
            cwd=tree,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(url, process, log)
        yield StripeShop(url, stand_in, log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        stand_in.close()
        shutil.rmtree(tree, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under tests/artifacts/ (ignored by git)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
