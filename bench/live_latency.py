"""From a worker completing a task to the change showing in an open browser page.

BizQ serves on PostgreSQL and Redis with one ``rq worker``; Chromium keeps the
Tasks page open. For each task, the page records (MutationObserver) when its
row turns "completed"; the latency is that moment minus the task's
``completed_at`` (set by the worker just before its commit). Prints JSON.
Usage: ``python bench/live_latency.py [--tasks 50]``.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime

import httpx
from common import (
    SENTIMENT,
    TINY_INPUT,
    machine,
    percentile,
    rq_workers,
    serving,
    use_bench_services,
)
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
OBSERVER = """
window.__seen = {};
const mark = () => document.querySelectorAll('tr[data-task-id]').forEach(tr => {
  const s = tr.querySelector('.task-status');
  if (s && s.dataset.status === 'completed' && !window.__seen[tr.dataset.taskId])
    window.__seen[tr.dataset.taskId] = Date.now();
});
new MutationObserver(mark).observe(document.body,
  {subtree: true, childList: true, characterData: true});
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=50)
    args = parser.parse_args()
    use_bench_services()
    email, password = "live@example.com", "bench-password-1"
    with (
        serving() as url,
        rq_workers(1),
        httpx.Client(base_url=url, timeout=30) as client,
        sync_playwright() as p,
    ):
        token = client.post("/api/auth/signup", json={"email": email, "password": password})
        auth = {"Authorization": f"Bearer {token.json()['access_token']}"}
        store_id = client.post("/api/stores", json={"name": "Live"}, headers=auth).json()["id"]
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url)
        page.goto("/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{url}/")
        page.goto("/tasks")
        page.get_by_text("No tasks here yet").wait_for()
        page.evaluate(OBSERVER)
        latencies = []
        for _ in range(args.tasks):
            task_id = client.post(
                "/api/tasks",
                headers=auth,
                json={"store_id": store_id, "type": SENTIMENT, "input": TINY_INPUT},
            ).json()["id"]
            page.wait_for_function(f"window.__seen['{task_id}']", timeout=15_000)
            seen_ms = page.evaluate(f"window.__seen['{task_id}']")
            done = client.get(f"/api/tasks/{task_id}", headers=auth).json()["completed_at"]
            latencies.append(seen_ms - datetime.fromisoformat(done).timestamp() * 1000)
            time.sleep(0.1)
        browser.close()
    print(
        json.dumps(
            {
                "benchmark": "worker completes a task → open Tasks page shows it",
                "machine": machine(),
                "tasks": len(latencies),
                "p50_ms": percentile(latencies, 50),
                "p95_ms": percentile(latencies, 95),
                "max_ms": round(max(latencies), 1),
                "target_p95_ms": 50,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
