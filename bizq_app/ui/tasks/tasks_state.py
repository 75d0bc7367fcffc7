"""The Tasks page: the store's tasks, live; one task's detail; cancel, retry, review."""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass
from typing import Any

import reflex as rx

from bizq_app.accounts import accounts, audit
from bizq_app.billing import ledger
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.core.pagination import DEFAULT_LIMIT
from bizq_app.tasks import budget, reports, task_runs, tasks
from bizq_app.tasks.models import HISTORY_LABELS, Task, TaskDefinition
from bizq_app.ui import live
from bizq_app.ui.errors import error_toast
from bizq_app.ui.state import SessionState, record_id

STATUSES = [
    "all",
    "pending",
    "queued",
    "running",
    "awaiting_review",
    "completed",
    "failed",
    "cancelled",
]


class TasksState(SessionState):
    """What the Tasks page shows; refreshed by the store's live events."""

    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    status_filter: str = "all"
    selected_id: str = ""
    detail: dict[str, str] = {}
    input_report: list[dict[str, Any]] = []  # the input and the output as reports
    output_report: list[dict[str, Any]] = []
    history: list[dict[str, str]] = []
    credits: dict[str, str] = {}

    @rx.event
    def open_page(self) -> None:
        """on_load: show the tasks and start receiving this store's live updates."""
        live.watch(self.current_store_id, self.router.session.client_token)
        self.refresh()

    @rx.event
    def refresh(self) -> None:
        view = self._live_view()
        if view is not None:
            for name, value in self._live_load(view).items():
                setattr(self, name, value)

    def _live_view(self) -> TasksView | None:
        """What the page shows (the live relay reads it under the state lock)."""
        if not self.current_store_id or not self.user_email:
            return None
        status = None if self.status_filter == "all" else self.status_filter
        return TasksView(self.token, self.current_store_id, status, self.page, self.selected_id)

    @staticmethod
    def _live_load(view: TasksView) -> dict[str, Any]:
        """The page's values for ``view``, read from the database (holding no state lock)."""
        store_id = record_id(view.store_id)
        with session_scope() as session:
            user_id = accounts.user_from_token(session=session, token=view.token).id
            page = tasks.list_tasks(
                session=session,
                user_id=user_id,
                store_id=store_id,
                status=view.status,
                limit=DEFAULT_LIMIT,
                offset=view.page * DEFAULT_LIMIT,
            )
            summary = budget.credits(session=session, user_id=user_id, store_id=store_id)
            values: dict[str, Any] = {
                "rows": [_row(t, d) for t, d in page.items],
                "total": page.total,
                "credits": {
                    "balance": ledger.show(summary.balance),
                    "available": ledger.show(summary.available),
                },
            }
            if view.selected_id:
                values.update(_detail(session, user_id, view.selected_id))
        return values

    def _live_apply(self, event: dict[str, Any]) -> bool:
        """Show a task's new status from its event at once, before the page reloads; True
        when nothing else on the page changes: a listed run that starts (no credits move)
        while the list shows every status and the task is not open in the detail."""
        task_id, status = str(event.get("task_id")), str(event.get("status"))
        if event.get("type") != "task.updated" or self.status_filter not in ("all", status):
            return False
        listed = any(row["id"] == task_id for row in self.rows)
        if listed:
            self.rows = [{**r, "status": status} if r["id"] == task_id else r for r in self.rows]
        if self.detail.get("id") == task_id:
            self.detail = {**self.detail, "status": status}
            return False
        return listed and status == "running" and self.status_filter == "all"

    @rx.event
    def set_status_filter(self, value: str) -> None:
        self.status_filter, self.page = value, 0
        self.refresh()

    @rx.event
    def next_page(self) -> None:
        if (self.page + 1) * DEFAULT_LIMIT < self.total:
            self.page += 1
            self.refresh()

    @rx.event
    def previous_page(self) -> None:
        self.page = max(0, self.page - 1)
        self.refresh()

    @rx.event
    def select(self, task_id: str) -> None:
        self.selected_id = task_id
        self.refresh()

    @rx.event
    def cancel(self) -> Any:
        return self._act(
            lambda s, u, t: tasks.cancel_task(session=s, user_id=u, task_id=t),
            "Task cancelled; it will not be charged.",
        )

    @rx.event
    def approve(self) -> Any:
        return self._act(
            lambda s, u, t: task_runs.approve(session=s, user_id=u, task_id=t),
            "Approved: the task is complete.",
        )

    @rx.event
    def reject(self, form: dict[str, Any]) -> Any:
        return self._act(
            lambda s, u, t: task_runs.reject(
                session=s,
                user_id=u,
                task_id=t,
                reason=form.get("reason", ""),
                retry=form.get("retry") == "on",
            ),
            "Rejected; you are not charged.",
        )

    @rx.event
    def retry(self) -> Any:
        def again(session: Any, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
            new = tasks.retry_task(session=session, user_id=user_id, task_id=task_id)
            self.selected_id = str(new.id)
            return new

        return self._act(again, "Started again as a new task.")

    def _act(self, act: Any, done: str) -> Any:
        task_id = record_id(self.selected_id)
        try:
            self._in_store(lambda session, user_id, _store: act(session, user_id, task_id))
        except BizQError as exc:
            return error_toast(exc)
        self.refresh()
        return rx.toast.success(done)


@dataclass(frozen=True)
class TasksView:
    """What the Tasks page shows: whose, which store, which status, which page, which task."""

    token: str
    store_id: str
    status: str | None
    page: int
    selected_id: str


def _detail(session: Any, user_id: uuid.UUID, selected_id: str) -> dict[str, Any]:
    """The selected task's detail and history (none, and unselected, when it is gone)."""
    try:
        task = tasks.get_task(session=session, user_id=user_id, task_id=record_id(selected_id))
    except BizQError:
        return {"selected_id": "", "detail": {}, "history": [], **_reports(None, None)}
    definition = session.get(TaskDefinition, task.definition_id)
    detail = {
        **_row(task, definition),
        "input": json.dumps(task.input, indent=2),
        "output": "" if task.output is None else json.dumps(task.output, indent=2),
        "attempt": str(task.attempt),
    }
    history = [
        {
            "when": e.created_at.strftime("%d %b %Y, %H:%M:%S"),
            "what": HISTORY_LABELS.get(e.action[5:], e.action[5:]),
            "note": str(e.data.get("note", "")),
        }
        for e in audit.history(session=session, subject_id=task.id)
    ]
    return {"detail": detail, "history": history, **_reports(task, definition)}


def _reports(task: Task | None, definition: TaskDefinition | None) -> dict[str, Any]:
    if task is None or definition is None:
        return {"input_report": [], "output_report": []}
    shown = {
        "input_report": reports.report(task.input, definition.input_schema),
        "output_report": []
        if task.output is None
        else reports.report(task.output, definition.output_schema),
    }
    return {name: [asdict(b) for b in blocks] for name, blocks in shown.items()}


def _row(task: Task, definition: TaskDefinition) -> dict[str, str]:
    return {
        "id": str(task.id),
        "type": definition.name,
        "title": definition.title,
        "status": task.status,
        "reason": task.status_reason or "",
        "cost": ledger.show(task.cost),
        "created": task.created_at.strftime("%d %b %Y, %H:%M"),
    }
