"""The approvals queue: what waits on the owner, what approving it changes and costs,
decided singly or in bulk."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx

from bizq_app.approvals import approvals
from bizq_app.billing import ledger
from bizq_app.core.errors import BizQError
from bizq_app.sourcing import suggestions
from bizq_app.ui.errors import error_message, error_toast
from bizq_app.ui.state import SessionState, record_id

ONE_CLICK_REASON = "Rejected on its card in the approvals queue."


class ApprovalsState(SessionState):
    items: list[dict[str, Any]] = []
    selected: list[str] = []  # "kind:id"
    error: str = ""

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        found = self._in_store(
            lambda session, user_id, store_id: approvals.waiting(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        self.items = [_row(i) for i in found]
        keys = {i["key"] for i in self.items}
        self.selected = [k for k in self.selected if k in keys]

    @rx.event
    def toggle(self, key: str, checked: bool) -> None:
        others = [k for k in self.selected if k != key]
        self.selected = [*others, key] if checked else others

    @rx.event
    def toggle_all(self, checked: bool) -> None:
        self.selected = [i["key"] for i in self.items] if checked else []

    @rx.event
    def approve_one(self, key: str, cost: str) -> Any:
        """Approve one card at the cost it showed (refused if the cost is another now)."""
        return self._decide([key], True, None, Decimal(cost))

    @rx.event
    def reject_one(self, key: str) -> Any:
        return self._decide([key], False, ONE_CLICK_REASON)

    @rx.var
    def selected_cost(self) -> str:
        """What approving the selected items costs, as their cards show it."""
        chosen = [Decimal(i["cost"]) for i in self.items if i["key"] in self.selected]
        return ledger.show(sum(chosen, Decimal(0)))

    @rx.event
    def approve_selected(self) -> Any:
        return self._decide(self.selected, True, None)

    @rx.event
    def reject_selected(self, form: dict[str, Any]) -> Any:
        return self._decide(self.selected, False, form.get("reason", ""))

    @rx.event
    def scan(self) -> Any:
        made = self._in_store(
            lambda session, user_id, store_id: suggestions.scan_now(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        self.load()
        return rx.toast.info(f"{len(made)} new suggestion(s) from the last 30 days of sales.")

    def _decide(
        self, keys: list[str], approve: bool, reason: object, cost: Decimal | None = None
    ) -> Any:
        shown = {i["key"]: Decimal(i["cost"]) for i in self.items} if approve else {}
        choices = [
            approvals.Choice(
                k.split(":")[0],
                record_id(k.split(":")[1]),
                cost if cost is not None else shown.get(k),
            )
            for k in keys
        ]
        try:
            count = self._in_store(
                lambda session, user_id, _store: approvals.decide(
                    session=session,
                    user_id=user_id,
                    choices=choices,
                    approve=approve,
                    reason=reason,
                )
            )
        except BizQError as exc:
            self.error = error_message(exc)
            self.load()  # what the queue holds now, at today's costs
            return error_toast(exc)
        self.error, self.selected = "", []
        self.load()
        return rx.toast.success(f"{count} {'approved' if approve else 'rejected'}.")


def _row(item: approvals.Item) -> dict[str, Any]:
    charged = Decimal(item.cost) > 0
    starts = " (the tasks it starts)" if item.kind == approvals.SUGGESTION else ""
    return {
        "key": f"{item.kind}:{item.id}",
        "kind": item.kind,
        "label": item.label,
        "title": item.title,
        "summary": item.summary,
        "cost": item.cost,
        "cost_label": f"Approving costs {item.cost} credits{starts}"
        if charged
        else "Approving costs nothing",
        "approve_label": f"Approve · {item.cost} credits" if charged else "Approve",
        "changes": [vars(c) for c in item.changes],
        "product": f"/products/{item.product_id}" if item.product_id else "",
        "when": item.created_at.strftime("%d %b %H:%M"),
    }
