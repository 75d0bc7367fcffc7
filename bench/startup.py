"""How long `make run` takes to serve BizQ: first run in a fresh clone, then again.

Prints JSON. Usage: ``python bench/startup.py [--repeat N]`` (from the project root).
The fresh clone lives in a temporary folder; nothing in the working tree changes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/login/", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def time_make_run(clone: Path, data_dir: Path, timeout: float = 900) -> float:
    """Seconds from `make run` to the log-in page being served."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZQ_")}
    env.update(BIZQ_DATA_DIR=str(data_dir), BIZQ_PORT=str(port))
    log = (data_dir / f"make-run-{port}.log").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "run"],
        cwd=clone,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        while not serving(f"http://127.0.0.1:{port}"):
            if process.poll() is not None or time.perf_counter() - started > timeout:
                raise RuntimeError(f"make run did not come up; see {log.name} in {data_dir}")
            time.sleep(0.25)
        return round(time.perf_counter() - started, 2)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="warm starts to time")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bizq-bench-"))
    clone = work / "bizq"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    data_dir = work / "data"
    data_dir.mkdir()
    first = time_make_run(clone, data_dir)
    warm = [time_make_run(clone, data_dir) for _ in range(args.repeat)]
    print(
        json.dumps(
            {
                "benchmark": "make run: start to log-in page served",
                "date": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": {
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                },
                "first_run_fresh_clone_s": first,
                "second_run_s": warm,
                "second_run_max_s": max(warm),
                "target_second_run_s": 60,
            },
            indent=2,
        )
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
