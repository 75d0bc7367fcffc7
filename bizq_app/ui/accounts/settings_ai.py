"""Settings → AI: the store's own provider keys, where its AI tasks go, what they cost."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.accounts.settings_state import SettingsState
from bizq_app.ui.components.form import (
    field,
    form_alert,
    inline_form,
    labelled_select,
    submit_button,
)
from bizq_app.ui.state import SessionState


def _ai() -> rx.Component:
    e = SettingsState.ai_errors
    key_row = lambda k: rx.table.row(  # noqa: E731
        rx.table.row_header_cell(k["provider"]),
        rx.table.cell(rx.code(k["masked"])),
        rx.table.cell(k["model"]),
        rx.table.cell(
            rx.cond(
                SessionState.is_owner,
                rx.button(
                    "Remove",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=SettingsState.remove_key(k["provider"]),
                ),
            )
        ),
    )
    add_key = inline_form(
        rx.el.select(
            rx.el.option("openai"),
            rx.el.option("anthropic"),
            name="provider",
            class_name="bizq-select",
            aria_label="Provider",
        ),
        field(
            "API key",
            "api_key",
            type="password",
            error=e.get("api_key", ""),
            auto_complete="off",
        ),
        field(
            "Model (optional)",
            "model",
            error=e.get("model", ""),
            placeholder="gpt-4o-mini / claude-haiku-4-5",
        ),
        submit_button("Save key"),
        on_submit=SettingsState.save_key,
    )
    return rx.card(
        rx.vstack(
            rx.heading("AI providers", size="4", as_="h2"),
            rx.text(
                "Without a key, AI tasks run on BizQ rules (offline). Keys are stored "
                "encrypted and never shown again.",
                size="2",
                color_scheme="gray",
            ),
            form_alert(e.get("_form", "")),
            rx.hstack(
                rx.text("AI tasks go to", size="2"),
                labelled_select(
                    ["rules", "openai", "anthropic"],
                    value=SettingsState.ai_provider,
                    on_change=SettingsState.choose_provider,
                    aria_label="AI provider",
                    disabled=~SessionState.is_owner,
                ),
                align="center",
            ),
            rx.cond(
                SettingsState.ai_keys.length() > 0,
                rx.table.root(
                    rx.table.body(rx.foreach(SettingsState.ai_keys, key_row)), width="100%"
                ),
            ),
            rx.cond(SessionState.is_owner, add_key),
            rx.cond(
                SettingsState.ai_spend.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Provider", "Calls", "Tokens", "Credits")
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            SettingsState.ai_spend,
                            lambda s: rx.table.row(
                                rx.table.cell(s["provider"]),
                                rx.table.cell(s["calls"]),
                                rx.table.cell(s["tokens"]),
                                rx.table.cell(s["credits"]),
                            ),
                        )
                    ),
                    width="100%",
                ),
                rx.text("No AI usage yet.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def ai_page() -> rx.Component:
    return settings_section("AI", _ai())


ON_LOAD = [SessionState.load_session, SettingsState.load_ai]
