"""Jobs are queued by name (``"bizq_app.jobs.orders.process_order"``), so a renamed or
moved job would fail only when a worker picks it up. Every job name written in BizQ's
source names a function in ``bizq_app.jobs``; a name that does not is caught here."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import bizq_app

ROOT = Path(bizq_app.__file__).parent
PREFIX = "bizq_app.jobs."


def job_names(root: Path) -> dict[str, str]:
    """Each job name in a string constant of the package, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith(PREFIX) and " " not in node.value:
                    found.setdefault(node.value, f"{path.relative_to(root)}:{node.lineno}")
    return found


def unresolved(names: dict[str, str]) -> list[str]:
    wrong = []
    for name, where in names.items():
        module, _, function = name.rpartition(".")
        try:
            target = getattr(importlib.import_module(module), function, None)
        except ImportError:
            target = None
        if not callable(target):
            wrong.append(f"{where}: {name}")
    return wrong


def test_every_job_name_in_the_source_names_a_job() -> None:
    names = job_names(ROOT)

    assert len(names) >= 10  # the scan sees the jobs BizQ queues
    assert unresolved(names) == []


def test_a_job_name_that_names_nothing_is_caught(tmp_path: Path) -> None:
    (tmp_path / "orders.py").write_text(
        'QUEUED = "bizq_app.jobs.orders.process_order"\n'
        'MOVED = "bizq_app.jobs.orders.process_the_order"\n',
        encoding="utf-8",
    )

    assert unresolved(job_names(tmp_path)) == [
        "orders.py:2: bizq_app.jobs.orders.process_the_order"
    ]
