"""Lighthouse (npm ``lighthouse``, on Debian's Chromium) on the storefront's home and a
product page, as a phone sees them (Lighthouse's mobile form factor and throttling).

BizQ runs as ``make run`` starts it (embedded default); a store with six products (with
pictures) is set up through the REST API. Lighthouse is installed into ``.tools`` on
first use (12.2.3: the last release whose lock installs with this Node). Prints JSON:
each page's Performance, Accessibility, Best Practices and SEO scores (0–100), the
metrics behind Performance, and the audits that lost points.
Usage: ``python bench/lighthouse.py [--runs 3]`` (the median score of the runs).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import ROOT, machine, owner_with_store, serving

from bizq_app.cli import tool_environment

VERSION = "12.2.3"
TOOLS = ROOT / ".tools"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
# A small square PNG (a product picture), so the grid has images to lazy-load.
PICTURE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAFklEQVR4nGNkYPjPQAxgYhhVSF+FAA5GAQ+"
    "Yd8V0AAAAAElFTkSuQmCC"
)


def lighthouse() -> Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(TOOLS),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "-E",
                f"lighthouse@{VERSION}",
            ],
            check=True,
            env=tool_environment(),
        )
    return binary


def shop(client: httpx.Client) -> tuple[str, str]:
    auth, store_id = owner_with_store(client)
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    first = ""
    for n in range(6):
        product = client.post(
            "/api/products",
            headers=auth,
            json={
                "store_id": store_id,
                "title": f"Hand-thrown mug no. {n + 1}",
                "description": "Stoneware, glazed by hand; holds 350 ml. Dishwasher safe.",
                "price": "28.00",
                "cost": "9.00",
                "inventory_quantity": 10,
                "status": "active",
            },
        ).json()
        client.post(
            f"/api/products/{product['id']}/images",
            headers=auth,
            files={"file": (f"mug-{n}.png", PICTURE, "image/png")},
        )
        first = first or product["id"]
    return slug, first


def audit(binary: Path, url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        env = tool_environment() | {"CHROME_PATH": "/usr/bin/chromium"}
        subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--form-factor=mobile",
                "--only-categories=" + ",".join(CATEGORIES),
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=True,
            env=env,
        )
        return json.loads(report.read_text())


def summary(reports: list[dict[str, Any]]) -> dict[str, Any]:
    scores = {
        c: statistics.median(round(r["categories"][c]["score"] * 100) for r in reports)
        for c in CATEGORIES
    }
    last = reports[-1]["audits"]
    lost = sorted(
        {
            f"{a['id']}: {a['title']}"
            for r in reports
            for a in r["audits"].values()
            if a.get("score") is not None
            and a["score"] < 0.9
            and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        }
    )
    metrics = {m: last[m]["displayValue"] for m in METRICS if m in last}
    return {"scores": scores, "metrics": metrics, "below_90": lost[:20]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    binary = lighthouse()
    os.environ.setdefault("BIZQ_RATE_LIMITS", "{}")
    with serving(embedded=True) as url, httpx.Client(base_url=url, timeout=60) as client:
        slug, product_id = shop(client)
        pages = {"home": f"{url}/s/{slug}", "product": f"{url}/s/{slug}/p/{product_id}"}
        started = time.time()
        results = {
            name: summary([audit(binary, address) for _ in range(args.runs)])
            for name, address in pages.items()
        }
    print(
        json.dumps(
            {
                "benchmark": f"Lighthouse {VERSION}, mobile, storefront (embedded default)",
                "runs_per_page": args.runs,
                "pages": results,
                "seconds": round(time.time() - started, 1),
                "machine": machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
