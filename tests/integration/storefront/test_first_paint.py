"""The shop's first paint: the HTML a phone first gets for a shop or a product page
already shows the shop's products or the product (drawn by the server over Reflex's
shell), escaped, while every other address, an unknown shop and a product of another
shop get the app's own answer untouched."""

from __future__ import annotations

import gzip
import re
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import TestClient as AsgiClient

from bizq_app.ui.storefront.first_paint import FirstPaint, drawn
from tests.integration.catalog.test_product_images import PNG
from tests.integration.sales.test_orders import shop

SHELL = (
    '<!DOCTYPE html><html><head></head><body><section></section><div id="app"></div></body></html>'
)


async def app_itself(scope: dict[str, Any], receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"the app"})


def browser(tmp_path: Path) -> AsgiClient:
    (tmp_path / "shell.html").write_text(SHELL)
    return AsgiClient(FirstPaint(app_itself, shell=tmp_path / "shell.html"))  # type: ignore[arg-type]


def test_a_shop_and_its_product_are_in_the_first_html(client: TestClient, tmp_path: Path) -> None:
    auth, _, slug, product_id = shop(client)
    client.put(
        f"/api/products/{product_id}",
        headers=auth,
        json={"description": "Hand-poured <b>soy</b> wax"},
    )
    picture = client.post(
        f"/api/products/{product_id}/images",
        headers=auth,
        files={"file": ("candle.png", PNG, "image/png")},
    ).json()["images"][0]
    web = browser(tmp_path)

    home = web.get(f"/s/{slug}")
    product = web.get(f"/s/{slug}/p/{product_id}", headers={"Accept-Encoding": "gzip"})

    assert home.status_code == 200 and home.headers["content-type"].startswith("text/html")
    shell = r"<!DOCTYPE html><html><head><title data-first-paint>(Shop \w{4})</title></head><body>"
    named = re.match(shell, home.text)
    assert named, home.text[:200]  # the tab names the shop from the first HTML on
    assert f"<title data-first-paint>Soy candle · {named[1]}</title>" in product.text
    assert home.text.endswith('<section></section><div id="app"></div></body></html>')
    assert f'href="/s/{slug}/p/{product_id}"' in home.text and "Soy candle" in home.text
    assert "$24.00" in home.text and "In stock" in home.text
    assert product.headers["content-encoding"] == "gzip"  # httpx took it off again
    assert f'<img class="fp-photo" src="{picture}" alt="Soy candle"' in product.text
    assert f'<img class="fp-image" src="{picture}" alt="Soy candle"' in home.text
    assert "Hand-poured &lt;b&gt;soy&lt;/b&gt; wax" in product.text  # never markup
    assert len(gzip.compress(product.content)) < len(product.content)


def test_other_addresses_unknown_shops_and_foreign_products_get_the_app(
    client: TestClient, tmp_path: Path
) -> None:
    _, _, slug, _ = shop(client)
    _, _, _, foreign = shop(client)
    web = browser(tmp_path)

    answers = [
        web.get(f"/s/{slug}/checkout"),
        web.get(f"/s/{slug}/p/{foreign}"),
        web.get(f"/s/{slug}/p/{uuid.uuid4()}"),
        web.get("/s/no-such-shop"),
        web.get(f"/s/{slug}/p/not-an-id"),
        web.post(f"/s/{slug}"),
    ]

    assert [a.text for a in answers] == ["the app"] * 6


def test_without_a_built_frontend_the_app_answers(client: TestClient, tmp_path: Path) -> None:
    _, _, slug, _ = shop(client)
    web = AsgiClient(FirstPaint(app_itself, shell=tmp_path / "none.html"))  # type: ignore[arg-type]

    assert web.get(f"/s/{slug}").text == "the app"


BOOTING = (  # the head and the start of the app as React Router's build writes them
    '<html><head><link rel="modulepreload" href="/assets/manifest-1.js"/>'
    '<link rel="modulepreload" href="/assets/root-2.js"/></head><body><div></div>'
    '<script type="module" async="">import "/assets/manifest-1.js";\n'
    'import * as route0 from "/assets/root-2.js";\n'
    '  window.__reactRouterRouteModules = {"root":route0};\n'
    'import("/assets/entry.client-3.js");</script></body></html>'
)


def test_the_app_starts_after_the_snapshot_is_on_screen() -> None:
    page = drawn(BOOTING, "<aside>snapshot</aside>")
    unknown = BOOTING.replace("import * as route0 from", "import { route0 } from")

    assert "modulepreload" not in page
    assert page.startswith("<html><head></head><body><aside>snapshot</aside><div></div>")
    assert (
        '<script type="module">requestAnimationFrame(() => setTimeout(async () => {\n'
        'await import("/assets/manifest-1.js");\n'
        'const route0 = await import("/assets/root-2.js");\n'
        'window.__reactRouterRouteModules = {"root":route0};\n'
        'import("/assets/entry.client-3.js");\n'
        "}, 0));</script></body></html>"
    ) in page
    assert drawn(unknown, "<aside>snapshot</aside>").count("modulepreload") == 2  # left be
