"""The Templates page: shipped and saved dashboard templates, applied in one click."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.billing import ledger
from bizq_app.core.errors import BizQError
from bizq_app.dashboards import template_market, templates
from bizq_app.ui import routes
from bizq_app.ui.errors import error_toast
from bizq_app.ui.state import SessionState, record_id


class TemplatesState(SessionState):
    rows: list[dict[str, str]] = []
    market: list[dict[str, str]] = []
    # The template shown in the preview dialog, as a wireframe of its desktop layout.
    preview_open: bool = False
    preview_name: str = ""
    preview_description: str = ""
    preview_blocks: list[dict[str, str]] = []
    _previews: dict[str, dict[str, Any]] = {}  # template id → name, description, blocks
    # A bought template's automation rules, for the buyer to accept one by one.
    rules_open: bool = False
    rules_for: str = ""
    offered_rules: list[dict[str, str]] = []

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        found = self._in_store(
            lambda session, user_id, store_id: templates.list_templates(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        listed = self._in_store(
            lambda session, user_id, store_id: template_market.browse(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        self.market = [_row(t) for t in listed]
        self._previews = {
            str(t.id): {"name": t.name, "description": t.description, "blocks": list(t.blocks)}
            for t in [*map(template_market.listing_of, found), *listed]
        }
        self.rows = [
            {
                "id": str(t.id),
                "name": t.name,
                "category": t.category,
                "version": str(t.version),
                "blocks": str(len(t.content.get("blocks", []))),
                "description": str(t.content.get("description", "")),
                "origin": "Shipped with BizQ" if t.store_id is None else "This store's copy",
                "active": "yes" if t.is_active else "",
                "own": "yes" if t.store_id is not None else "",
                "public": f"Published at {ledger.show(t.price)} credits" if t.is_public else "",
            }
            for t in found
        ]

    @rx.var
    def own_rows(self) -> list[dict[str, str]]:
        """The store's own templates (a shipped one it applied is its copy)."""
        return [r for r in self.rows if r["own"]]

    @rx.var
    def shipped_rows(self) -> list[dict[str, str]]:
        return [r for r in self.rows if not r["own"]]

    @rx.event
    def preview(self, template_id: str) -> None:
        shown = self._previews.get(template_id)
        if shown is None:
            return
        self.preview_name, self.preview_description = shown["name"], shown["description"]
        self.preview_blocks = shown["blocks"]
        self.preview_open = True

    @rx.event
    def set_preview_open(self, value: bool) -> None:
        self.preview_open = value

    @rx.event
    def apply(self, template_id: str) -> Any:
        """Apply a template; one that brings automation rules asks which to accept first."""
        try:
            found = self._in_store(
                lambda session, user_id, store_id: template_market.rule_offers(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    template_id=record_id(template_id),
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        if not found:
            return self._apply(template_id, [])
        self.rules_for, self.rules_open = template_id, True
        self.offered_rules = [_offer(o) for o in found]
        return None

    @rx.event
    def apply_with_rules(self, form: dict[str, Any]) -> Any:
        """Apply the template with the rules whose boxes the buyer ticked."""
        accepted = [r["id"] for r in self.offered_rules if form.get(f"rule-{r['id']}")]
        self.rules_open = False
        return self._apply(self.rules_for, accepted)

    @rx.event
    def set_rules_open(self, value: bool) -> None:
        self.rules_open = value

    def _apply(self, template_id: str, accepted: list[str]) -> Any:
        try:
            applied = self._in_store(
                lambda session, user_id, store_id: template_market.apply_published(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    template_id=record_id(template_id),
                    accept_rules=accepted,
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        return [rx.toast.success(f"{applied.name} applied."), rx.redirect(routes.DASHBOARD)]

    @rx.event
    def publish(self, form: dict[str, Any]) -> Any:
        try:
            row = self._in_store(
                lambda session, user_id, store_id: template_market.publish(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    template_id=record_id(str(form.get("template_id"))),
                    price=str(form.get("price") or "0"),
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.load()
        return rx.toast.success(f"{row.name} is in the marketplace.")


def _offer(o: Any) -> dict[str, str]:
    most = (
        f"at most {ledger.show(o.most_per_day)} credits a day"
        if o.most_per_day is not None
        else "as often as the event happens (your daily task budget caps it)"
    )
    return {
        "id": o.id,
        "summary": f"{o.when}: starts “{o.task_title}” ({o.task_type})",
        "cost": f"{ledger.show(o.cost_per_run)} credits a run, {most}",
    }


def _row(t: Any) -> dict[str, str]:
    return {
        "id": str(t.id),
        "name": t.name,
        "category": t.category,
        "blocks": str(len(t.blocks)),
        "description": t.description,
        "price": ledger.show(t.price),
        "applications": str(t.applications),
    }
