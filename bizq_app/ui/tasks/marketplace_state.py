"""The marketplace: browse task types, run one with a generated form, publish your own."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from bizq_app.billing import ledger
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.core.pagination import MAX_LIMIT
from bizq_app.tasks import task_definitions, tasks
from bizq_app.tasks.catalog import CATEGORIES, CATEGORY_LABELS, WORKER_LABELS
from bizq_app.ui import routes
from bizq_app.ui.errors import form_errors
from bizq_app.ui.schema_form_state import SchemaFormState
from bizq_app.ui.state import record_id

PAGE = 12  # cards drawn at first, and added by each "Show more"


class MarketplaceState(SchemaFormState):
    """The catalog as cards, the chosen task type, and the custom-definition form."""

    category: str = ""
    search: str = ""
    definitions: list[dict[str, str]] = []
    shown: int = PAGE  # how many cards are drawn: the page grows by "Show more"
    chosen: dict[str, str] = {}
    custom_errors: dict[str, str] = {}

    @rx.event
    def load(self) -> None:
        with session_scope() as session:
            page = task_definitions.list_definitions(
                session=session,
                category=self.category or None,
                search=self.search or None,
                limit=MAX_LIMIT,
            )
        self.definitions = [_card(d) for d in page.items]
        self.shown = PAGE

    @rx.event
    def show_more(self) -> None:
        self.shown += PAGE

    @rx.event
    def filter_category(self, category: str) -> None:
        self.category = "" if category == "all" else category
        self.load()

    @rx.event
    def filter_search(self, form: dict[str, Any]) -> None:
        self.search = str(form.get("search", "")).strip()
        self.load()

    @rx.event
    def choose(self, name: str) -> None:
        with session_scope() as session:
            definition = task_definitions.get_definition(session=session, name=name)
        self.chosen = _detail(definition)
        self._use_schema(definition.input_schema, name)

    @rx.event
    def close(self) -> None:
        self.chosen = {}

    @rx.event
    def run(self, values: dict[str, Any]) -> Any:
        document = self._read(values)
        if document is None:
            return None
        user_id = self._user_id()
        try:
            with session_scope() as session:
                tasks.create_task(
                    session=session,
                    user_id=user_id,
                    store_id=record_id(self.current_store_id),
                    type=self.chosen.get("name", ""),  # none chosen: the domain says so
                    input=document,
                )
        except BizQError as exc:
            self._show(exc, root="$.input")
            return None
        started = f"Task started: {self.chosen['title']}."
        self.chosen = {}
        return [rx.toast.success(started), rx.redirect(routes.TASKS)]

    @rx.event
    def publish(self, form: dict[str, Any]) -> Any:
        user_id = self._user_id()
        try:
            data = {
                **form,
                **{k: json.loads(form.get(k) or "null") for k in ("input_schema", "output_schema")},
                "worker_requirements": [form.get("worker", "ai")],
                "estimated_time": int(form.get("estimated_time") or 60),
                "requires_approval": form.get("requires_approval") == "on",
            }
            data.pop("worker", None)
            with session_scope() as session:
                definition = task_definitions.create_definition(
                    session=session, user_id=user_id, data=data
                )
        except json.JSONDecodeError as exc:
            self.custom_errors = {"_form": f"A schema is not valid JSON: {exc.msg}"}
            return None
        except ValueError:
            self.custom_errors = {"estimated_time": "must be a whole number of seconds"}
            return None
        except BizQError as exc:
            self.custom_errors = form_errors(exc)
            return None
        self.custom_errors = {}
        self.load()
        return rx.toast.success(f"Published {definition.title}.")


def _card(d: Any) -> dict[str, str]:
    return {
        "name": d.name,
        "title": d.title,
        "category": CATEGORY_LABELS.get(d.category, d.category),
        "description": d.description,
        "cost": ledger.show(d.estimated_cost),
        "time": _duration(d.estimated_time),
        "workers": ", ".join(WORKER_LABELS.get(w, w) for w in d.worker_requirements),
        "approval": "yes" if d.requires_approval else "no",
        "origin": "BizQ" if d.is_builtin else "Community",
    }


def _detail(d: Any) -> dict[str, str]:
    return {
        **_card(d),
        "input_schema": json.dumps(d.input_schema, indent=2),
        "output_schema": json.dumps(d.output_schema, indent=2),
        "royalty": ledger.show(d.royalty_percentage),
    }


def _duration(seconds: int) -> str:
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


CATEGORY_CHOICES = {"all": "All categories", **{c: CATEGORY_LABELS[c] for c in CATEGORIES}}
