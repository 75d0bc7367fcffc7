"""The approvals queue names a task's product only when it is the store's own product."""

from __future__ import annotations

from sqlmodel import Session

from bizq_app.approvals import approvals
from bizq_app.tasks import task_runs, tasks
from bizq_app.tasks.catalog import builtin_definitions
from tests.factories import make_product, make_store, seed


def test_a_task_naming_another_stores_product_does_not_show_its_title(
    session: Session,
) -> None:
    seed(session)
    ours, theirs = make_store(session), make_store(session)
    mine = make_product(session, ours, title="Fig candle")
    secret = make_product(session, theirs, title="Unreleased winter collection")
    schema = next(d for d in builtin_definitions() if d["name"] == "product.optimize_seo")
    output = {
        key: ([] if spec.get("type") == "array" else 1 if spec.get("type") == "number" else "x")
        for key, spec in schema["output_schema"]["properties"].items()
    }
    for product in (mine, secret):
        task = tasks.create_task(
            session=session,
            user_id=ours.store.created_by_id,
            store_id=ours.store.id,
            type="product.optimize_seo",
            input={"product_id": str(product.id)},
        )
        run = task_runs.start_run(session=session, task_id=task.id)
        assert run is not None
        task_runs.complete_run(session=session, task_id=task.id, attempt=run.attempt, output=output)

    items = approvals.waiting(
        session=session, user_id=ours.store.created_by_id, store_id=ours.store.id
    )

    assert len(items) == 2
    assert "Unreleased winter collection" not in str(items)
    assert [i.product_id for i in items if i.product_id is not None] == [mine.id]
    assert any(i.title.endswith("— Fig candle") for i in items)  # its own product is named
