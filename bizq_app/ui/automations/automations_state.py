"""The Automations page: the applied template's rules, a form to add or change one, and
the log of what fired (live: a rule's task appearing refreshes the log)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.automations import automation_rules, automations
from bizq_app.core.errors import BizQError, ValidationFailed
from bizq_app.dashboards.template_schema import EVENT_FIELDS
from bizq_app.ui import live
from bizq_app.ui.errors import FORM, error_message, error_toast
from bizq_app.ui.state import SessionState

R = automation_rules


class AutomationsState(SessionState):
    rules: list[dict[str, str]] = []
    firings: list[dict[str, str]] = []
    editing: str = ""  # the rule being changed; "" for a new one
    show_form: bool = False
    trigger: str = "order.created"
    task: str = ""
    params: list[dict[str, str]] = []
    conditions: list[dict[str, str]] = []
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_version: int = 0

    @rx.var
    def event_fields(self) -> list[str]:
        return list(EVENT_FIELDS.get(self.trigger, ()))

    @rx.event
    def open_page(self) -> None:
        if self.current_store_id:
            live.watch(self.current_store_id, self.router.session.client_token)
        self.refresh()

    @rx.event
    def refresh(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        found, fired = self._in_store(
            lambda session, user_id, store_id: (
                R.rule_views(session=session, user_id=user_id, store_id=store_id),
                automations.log(session=session, user_id=user_id, store_id=store_id),
            )
        )
        self.rules = [_rule_row(v) for v in found]
        self.firings = [
            {
                "at": f.at[:19].replace("T", " "),
                "rule": f.rule,
                "event": f.event,
                "outcome": "fired" if f.fired else "failed",
                "note": f.note,
                "task_id": str(f.task_id or ""),
            }
            for f in fired
        ]

    @rx.event
    def new_rule(self) -> None:
        self._open_form("", {"trigger": "order.created"})

    @rx.event
    def edit_rule(self, rule_id: str) -> None:
        found = self._in_store(
            lambda session, user_id, store_id: R.rules(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        chosen = [r for r in found if r.get("id") == rule_id]
        if chosen:
            self._open_form(rule_id, R.to_form(chosen[0]))

    @rx.event
    def close_form(self) -> None:
        self.show_form, self.errors = False, {}

    @rx.event
    def set_trigger(self, value: str) -> None:
        self.trigger = value

    @rx.event
    def set_task(self, value: str) -> None:
        self.task = value
        self._draw(remount=False)  # keep what the person typed so far

    @rx.event
    def save(self, form: dict[str, Any]) -> Any:
        values = {**form, "trigger": self.trigger, "task": self.task}
        rule = R.from_form(values)
        try:
            self._in_store(
                lambda session, user_id, store_id: R.save_rule(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    rule=rule,
                    replaces=self.editing,
                )
            )
        except ValidationFailed as exc:
            self.errors = R.form_errors(exc) or {FORM: error_message(exc)}
            self.values = {k: str(v) for k, v in values.items()}
            self._draw()
            return rx.toast.error("The rule was not saved: see the fields marked in red.")
        except BizQError as exc:
            return error_toast(exc)
        self.show_form, self.errors = False, {}
        self.refresh()
        saved = next((r for r in self.rules if r["id"] == rule["id"]), {})
        if saved.get("on") == "yes":
            return rx.toast.success(f"Rule '{rule['id']}' saved; it runs from now on.")
        return rx.toast.info(
            f"Rule '{rule['id']}' saved and off: it spends credits ({saved.get('cost', '')}), "
            "so it runs once you turn it on."
        )

    @rx.event
    def switch(self, rule_id: str, on: bool) -> Any:
        try:
            view = self._in_store(
                lambda session, user_id, store_id: R.switch_rule(
                    session=session, user_id=user_id, store_id=store_id, rule_id=rule_id, on=on
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.refresh()
        if not on:
            return rx.toast.success(f"Rule '{rule_id}' is off: it spends nothing.")
        spends = f"; it spends {view.cost.sentence()}" if view.cost.spends else ""
        return rx.toast.success(f"Rule '{rule_id}' is on{spends}.")

    @rx.event
    def delete(self, rule_id: str) -> Any:
        try:
            self._in_store(
                lambda session, user_id, store_id: R.delete_rule(
                    session=session, user_id=user_id, store_id=store_id, rule_id=rule_id
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.refresh()
        return rx.toast.success(f"Rule '{rule_id}' deleted.")

    def _open_form(self, rule_id: str, values: dict[str, str]) -> None:
        self.editing, self.values, self.errors = rule_id, values, {}
        self.trigger = values.get("trigger", "order.created")
        self.task = values.get("task", "")
        self._draw()
        self.show_form = True

    def _draw(self, remount: bool = True) -> None:
        """The condition rows and the chosen task's params, with values and errors."""
        v, e = self.values, self.errors
        self.conditions = [
            {
                "n": str(n),
                "number": str(n + 1),
                **{part: v.get(f"cond{n}.{part}", "") for part in ("field", "op", "value")},
                "error": next((e[k] for k in e if k.startswith(f"cond{n}.")), ""),
            }
            for n in range(R.MAX_CONDITIONS)
        ]
        self.params = [
            {
                **p,
                "value": v.get(f"param.{p['name']}", p["default"]),
                "error": e.get(f"param.{p['name']}", ""),
            }
            for p in R.task_params(self.task)
        ]
        self.form_version += remount


def _rule_row(view: R.RuleView) -> dict[str, str]:
    return {
        "id": str(view.rule.get("id", "")),
        "sentence": R.describe(view.rule),
        "cost": view.cost.sentence(),
        "spends": "yes" if view.cost.spends else "",
        "on": "yes" if view.on else "",
    }
