"""Admin navigation on the embedded default with 10,000 products and 100,000 orders.

BizQ runs as ``make run`` starts it (SQLite, in-process queue and worker). One store gets
the Growth dashboard, a product and three orders through the REST API (so the tasks
their pipelines start are there too), and then ``--products`` products and ``--orders``
orders with their lines, customers, stock ledger, shipments and refunds, written in
bulk into the migrated database (``bulk_store``). Chromium, signed in as the owner,
clicks through the side navigation — Dashboard, Products, one product, Orders, one
order, Customers, Tasks, Settings — for ``--rounds`` rounds after a warm-up round.

For each click, measured in the page: from the click to the page's content on screen
(its rows, or its heading with the record's own data), and to the server's answer that
ends the page's load (Reflex's "hydrated" after the page's on-load events: the page's
own data is in; a list page may show the rows of its last visit before that); whether
the full-page "Loading…" appeared. Prints JSON.
Usage: ``python bench/admin_navigation.py [--products 10000] [--orders 100000] [--rounds 20]``.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
from bulk_store import fill
from common import ROOT, machine, owner_with_store, percentile, serving
from playwright.sync_api import Page, sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
PASSWORD = "bench-password-1"
QUIET_MS = 300  # no answer from the server for this long: ready for the next click
# In every page: when a click happened, when answers arrived over the app's socket (and
# which started and ended a page's load), and whether the full-page "Loading…" (or a
# loading state inside a page) was shown.
WATCH = """
window.__nav = {clicked: 0, last: 0, started: 0, ended: 0, fullLoading: false, loading: false};
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener('message', (event) => {
      const now = performance.now(), text = String(event.data);
      window.__nav.last = now;
      if (text.includes('"is_hydrated_rx_state_":false')) window.__nav.started = now;
      if (text.includes('"is_hydrated_rx_state_":true')) window.__nav.ended = now;
    });
  }
};
document.addEventListener('click', () => { window.__nav.clicked = performance.now(); }, true);
new MutationObserver(() => {
  if (document.querySelector('#main > [role=status][aria-busy=true]')) {
    window.__nav.fullLoading = true;
  }
  if (document.querySelector('#main [role=status][aria-busy=true]')) window.__nav.loading = true;
}).observe(document, {subtree: true, childList: true});
"""
# The page's content is on screen: the address is the page's, every marker is drawn
# with text in it, and the heading names the record when one was opened.
SHOWN = """
([path, markers, heading]) => {
  if (location.pathname !== path) return false;
  for (const selector of markers) {
    const found = document.querySelector(selector);
    if (!found || !found.getClientRects().length || !found.textContent.trim()) return false;
  }
  const h1 = document.querySelector('#main h1');
  if (heading && !(h1 && h1.textContent.includes(heading))) return false;
  return performance.now();
}
"""
LOADED = """
() => {
  const nav = window.__nav;
  return nav.started > nav.clicked && nav.ended > nav.started ? nav.ended : false;
}
"""


@dataclass(frozen=True)
class Stop:
    """A page of the round: its side-navigation link, its address, what shows content."""

    name: str
    path: str
    markers: tuple[str, ...]


DASHBOARD = Stop(
    "Dashboard",
    "/",
    ('[data-block="orders"] .metric-value', '[data-block="revenue"] .metric-value'),
)
PRODUCTS = Stop("Products", "/products", ("tr[data-product-id]",))
ORDERS = Stop("Orders", "/orders", ("tr[data-order]",))
CUSTOMERS = Stop("Customers", "/customers", ("tr[data-customer]",))
TASKS = Stop("Tasks", "/tasks", ("[data-task-id]",))
SETTINGS = Stop("Settings", "/settings", ("#settings-sections a",))
PRODUCT = Stop("one product", "", ("#main form",))
ORDER = Stop("one order", "", ("#order-customer-name",))


def set_up(client: httpx.Client, email: str) -> tuple[str, str, dict[str, str]]:
    """The owner's store with the Growth dashboard; returns its id, the owner's and
    the REST headers."""
    auth, store_id = owner_with_store(client, email=email)
    listed = client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
    growth = next(t["id"] for t in listed if t["name"] == "Growth" and t["store_id"] is None)
    client.post(f"/api/templates/{growth}/apply", json={"store_id": store_id}, headers=auth)
    owner_id = client.get("/api/auth/me", headers=auth).json()["id"]
    return store_id, owner_id, auth


def real_orders(client: httpx.Client, auth: dict[str, str], store_id: str) -> None:
    """A product and three orders through checkout, their pipelines run by the worker."""
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    body = {"store_id": store_id, "title": "Fig soy candle, large", "price": "32.00"}
    product = client.post(
        "/api/products",
        headers=auth,
        json={**body, "cost": "9.50", "inventory_quantity": 40, "status": "active"},
    ).json()["id"]
    address = {
        "line1": "1 Bench Street",
        "city": "Leeds",
        "postal_code": "LS1 1AA",
        "country": "GB",
    }
    for n in range(3):
        order = {
            "email": f"buyer{n}@example.com",
            "name": "Bench Buyer",
            "address": address,
            "lines": [{"product_id": product, "quantity": 1}],
            "payment_method": "4242424242424242",
        }
        placed = client.post(f"/api/storefront/{slug}/checkout", json=order)
        assert placed.status_code == 201, placed.text
    tasks = f"/api/tasks?store_id={store_id}&status=completed"
    deadline = time.monotonic() + 60
    while client.get(tasks, headers=auth).json()["total"] < 3 and time.monotonic() < deadline:
        time.sleep(0.5)


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_function(SHOWN, arg=[DASHBOARD.path, list(DASHBOARD.markers), ""])


def visit(page: Page, click: Any, stop: Stop, path: str = "", heading: str = "") -> dict[str, Any]:
    """Click, wait for the content and the end of the page's load; the timings."""
    page.evaluate("window.__nav.fullLoading = window.__nav.loading = false")
    click()
    arg = [path or stop.path, list(stop.markers), heading]
    shown = page.wait_for_function(SHOWN, arg=arg, polling="raf", timeout=60_000).json_value()
    loaded = page.wait_for_function(LOADED, polling="raf", timeout=60_000).json_value()
    _quiet(page)
    clicked = page.evaluate("window.__nav.clicked")
    flags = page.evaluate("[window.__nav.fullLoading, window.__nav.loading]")
    return {
        "page": stop.name,
        "content_ms": shown - clicked,
        "loaded_ms": loaded - clicked,
        "full_page_loading": flags[0],
        "loading_inside": flags[1],
    }


def _quiet(page: Page) -> None:
    """Until no answer came from the server for ``QUIET_MS`` (events the page's load
    started are done before the next click)."""
    while page.evaluate("performance.now() - window.__nav.last") < QUIET_MS:
        time.sleep(0.1)


def one_round(page: Page, k: int) -> list[dict[str, Any]]:
    """Every stop once; the ``k``-th product and order of the first page are opened."""
    nav = page.get_by_role("navigation", name="Main")

    def by_nav(stop: Stop) -> dict[str, Any]:
        link = nav.get_by_role("link", name=stop.name, exact=True)
        return visit(page, link.click, stop)

    visits = [by_nav(PRODUCTS)]
    product = page.locator("tr[data-product-id]").nth(k).get_by_role("link")
    title, product_id = product.inner_text(), product.get_attribute("href") or ""
    visits.append(visit(page, product.click, PRODUCT, product_id, title))
    visits.append(by_nav(ORDERS))
    number = page.locator("tr[data-order]").nth(k).get_attribute("data-order") or ""
    opened = page.get_by_role("link", name=f"Open order {number}", exact=True)
    visits.append(visit(page, opened.click, ORDER, f"/orders/{number}", f"#{number}"))
    visits += [by_nav(CUSTOMERS), by_nav(TASKS), by_nav(SETTINGS), by_nav(DASHBOARD)]
    return visits


def drive(url: str, email: str, rounds: int) -> list[dict[str, Any]]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        page.add_init_script(WATCH)
        sign_in(page, email)
        one_round(page, 0)  # warm-up: every page's code and state once
        visits = [v for k in range(rounds) for v in one_round(page, (k + 1) % 20)]
        browser.close()
    return visits


def summary(visits: list[dict[str, Any]]) -> dict[str, Any]:
    content = [v["content_ms"] for v in visits]
    loaded = [v["loaded_ms"] for v in visits]
    return {
        "clicks": len(visits),
        "content_p50_ms": percentile(content, 50),
        "content_p95_ms": percentile(content, 95),
        "content_max_ms": round(max(content), 1),
        "loaded_p50_ms": percentile(loaded, 50),
        "loaded_p95_ms": percentile(loaded, 95),
        "loaded_max_ms": round(max(loaded), 1),
        "full_page_loading_shown": sum(v["full_page_loading"] for v in visits),
        "loading_inside_page_shown": sum(v["loading_inside"] for v in visits),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    data = ROOT / "data" / f"bench-navigation-{time.time_ns()}"
    email = f"bench-nav-{time.time_ns()}@example.com"
    extra = {"BIZQ_DATA_DIR": str(data)}
    with serving(embedded=True, extra=extra) as url, httpx.Client(base_url=url, timeout=60) as c:
        store_id, owner_id, auth = set_up(c, email)
        started = time.perf_counter()
        fill(data / "bizq.db", store_id, owner_id, args.products, args.orders)
        seeding = time.perf_counter() - started
        real_orders(c, auth, store_id)
        visits = drive(url, email, args.rounds)
    pages = {name: summary([v for v in visits if v["page"] == name]) for name in _names()}
    print(
        json.dumps(
            {
                "benchmark": "admin navigation, embedded default: click → page content",
                "machine": machine(),
                "products": args.products,
                "orders": args.orders,
                "seeding_s": round(seeding, 1),
                "rounds": args.rounds,
                "overall": summary(visits),
                "pages": pages,
                "target_content_p95_ms": 300,
            },
            indent=2,
        )
    )


def _names() -> list[str]:
    stops = (PRODUCTS, PRODUCT, ORDERS, ORDER, CUSTOMERS, TASKS, SETTINGS, DASHBOARD)
    return [s.name for s in stops]


if __name__ == "__main__":
    main()
