"""The dashboard: the store's applied template, drawn with live data."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.accounts.models import Store
from bizq_app.core.errors import BizQError
from bizq_app.dashboards import block_actions, dashboard_blocks, templates
from bizq_app.ui import live
from bizq_app.ui.errors import error_toast
from bizq_app.ui.state import SessionState


class DashboardState(SessionState):
    """The blocks of the store's template, each with its data and its place."""

    blocks: list[dict[str, Any]] = []
    template_name: str = ""
    _document: dict[str, Any] = {}

    @rx.event
    def open_page(self) -> None:
        """on_load: draw the dashboard and follow the store's live events."""
        if self.current_store_id:
            live.watch(self.current_store_id, self.router.session.client_token)
        self.refresh()

    @rx.event
    def refresh(self) -> None:
        if not self.current_store_id or not self.user_email:
            self.blocks = []
            return
        self._in_store(self._draw)

    @rx.event
    def run_action(self, block_id: str, key: str) -> Any:
        action = _action(self._document, block_id, key)
        try:
            outcome = self._in_store(
                lambda session, user_id, store_id: block_actions.run(
                    session=session, user_id=user_id, store_id=store_id, action=action
                )
            )
        except BizQError as exc:
            return error_toast(exc, every_field=True)
        events: list[Any] = [rx.toast.success(outcome.message)]
        if outcome.download is not None:
            events.append(rx.download(data=outcome.download, filename="products.csv"))
        if outcome.redirect:
            events.append(rx.redirect(outcome.redirect))
        self.refresh()
        return events

    def _draw(self, session: Any, user_id: Any, store_id: Any) -> None:
        template = templates.active_template(session=session, user_id=user_id, store_id=store_id)
        store = session.get(Store, store_id)
        document = template.content
        self._document, self.template_name = document, template.name
        desktop = {i["i"]: i for i in document.get("layouts", {}).get("desktop", [])}
        mobile = [i["i"] for i in document.get("layouts", {}).get("mobile", [])]
        built = dashboard_blocks.build(
            session=session, user_id=user_id, store=store, document=document
        )
        for block in built:
            place = desktop.get(block["id"], {"x": 0, "y": 0, "w": 12, "h": 2})
            block["grid_column"] = f"{place['x'] + 1} / span {place['w']}"
            block["grid_row"] = f"{place['y'] + 1} / span {place['h']}"
            block["order"] = str(mobile.index(block["id"]) if block["id"] in mobile else 99)
        self.blocks = built


def _action(document: dict[str, Any], block_id: str, key: str) -> dict[str, Any]:
    """The block's action ``key``: its index among the block's actions, or (for a task
    launcher) the task type to start."""
    block = next((b for b in document.get("blocks", []) if b["id"] == block_id), None)
    if block is None:
        return {}
    if key.isdigit() and int(key) < len(block.get("actions", [])):
        return dict(block["actions"][int(key)])
    if key in block.get("props", {}).get("task_types", []):
        return {"execute": f"task://{key}", "params": {}}
    return {}
