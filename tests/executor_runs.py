"""Running one offline executor the way a worker would, checked against the catalog."""

from __future__ import annotations

import uuid
from typing import Any

from bizq_app.core.schemas import errors_against
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.catalog import builtin_definitions
from bizq_app.tasks.task_runs import Run

DEFINITIONS = {d["name"]: d for d in builtin_definitions()}


def run_rules(
    executor: Any,
    task_type: str,
    data: dict[str, Any],
    store: StoreData | None = None,
    *,
    check_input: bool = True,
) -> Any:
    """``executor``'s output for ``data`` on ``store`` (none: a store-free run), after
    checking the input (if asked) and the output against the type's schemas."""
    definition = DEFINITIONS[task_type]
    if check_input:
        assert errors_against(definition["input_schema"], data, root="$") == []
    store = store or StoreData(uuid.uuid4(), None)
    run = Run(
        uuid.uuid4(),
        store.store_id,
        1,
        task_type,
        data,
        None,
        provider="rules",
        output_schema=definition["output_schema"],
    )
    output = executor(run, store)
    assert errors_against(definition["output_schema"], output, root="$") == []
    return output
