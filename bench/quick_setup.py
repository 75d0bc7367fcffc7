"""Time from quick-setup submit to store ready, on the embedded default (SQLite,
in-process queue and worker, BizQ's offline rules). Prints JSON.

Each run posts the five answers to ``POST /api/stores/quick-setup`` and polls
``GET /api/stores/{id}/setup`` every 20 ms until ``ready``.
Usage: ``python bench/quick_setup.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import httpx
from common import machine, percentile, serving

NICHES = ["soy candles", "dog treats", "yoga wear", "skincare", "coffee", "zorbing helmets"]


def one_run(client: httpx.Client, auth: dict[str, str], niche: str) -> float:
    answers = {
        "businessName": f"Bench {niche}",
        "niche": niche,
        "targetAudience": "busy parents",
        "startingBudget": "500",
        "experience": "beginner",
    }
    started = time.perf_counter()
    created = client.post("/api/stores/quick-setup", json=answers, headers=auth)
    assert created.status_code == 201, created.text
    store_id = created.json()["store"]["id"]
    while True:
        progress = client.get(f"/api/stores/{store_id}/setup", headers=auth).json()
        if progress["ready"]:
            assert progress["draftProducts"] >= 3, progress
            return time.perf_counter() - started
        assert not progress["failed"], progress
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with serving(embedded=True) as url, httpx.Client(base_url=url, timeout=60) as client:
        token = client.post(
            "/api/auth/signup",
            json={"email": f"bench-{time.time_ns()}@example.com", "password": "bench-password-1"},
        ).json()
        auth = {"Authorization": f"Bearer {token['access_token']}"}
        one_run(client, auth, "warm-up candles")
        seconds = [one_run(client, auth, NICHES[i % len(NICHES)]) for i in range(args.runs)]
    print(
        json.dumps(
            {
                "benchmark": "quick setup: submit → store ready (embedded default, offline rules)",
                "machine": machine(),
                "runs": len(seconds),
                "median_s": round(statistics.median(seconds), 3),
                "p90_s": percentile(seconds, 90),
                "max_s": round(max(seconds), 3),
                "target_median_s": 10,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
