"""The quick-setup page: five questions, then the store being built, live."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.shell import shell
from bizq_app.ui.setup.setup_state import SetupState
from bizq_app.ui.state import SessionState

S = SetupState
E = SetupState.errors
ICONS = {"completed": "circle_check", "failed": "circle_x", "running": "loader"}


def _wizard() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Launch a store in under a minute", size="5", as_="h2"),
                rx.text(
                    "Answer five questions. BizQ researches the niche, finds suppliers with no "
                    "minimum order within your budget, drafts 10 products and creates a brand.",
                    color_scheme="gray",
                ),
                form_alert(E.get("_form", "")),
                field(
                    "Business name",
                    "businessName",
                    error=E.get("businessName", ""),
                    required=True,
                    max_length=100,
                    placeholder="e.g. Calm Candle Co",
                    auto_focus=True,
                ),
                field(
                    "Niche",
                    "niche",
                    error=E.get("niche", ""),
                    required=True,
                    max_length=100,
                    placeholder="e.g. soy candles, dog treats, yoga wear",
                    hint="Anything works; BizQ says when it has no data for a niche.",
                ),
                field(
                    "Target audience",
                    "targetAudience",
                    error=E.get("targetAudience", ""),
                    max_length=200,
                    placeholder="e.g. people who love a cosy home",
                ),
                field(
                    "Starting budget (USD)",
                    "startingBudget",
                    error=E.get("startingBudget", ""),
                    required=True,
                    input_mode="decimal",
                    placeholder="500",
                ),
                rx.el.label("Experience", html_for="experience", class_name="bizq-label"),
                rx.select(
                    ["beginner", "intermediate", "advanced"],
                    name="experience",
                    id="experience",
                    default_value="beginner",
                ),
                rx.cond(
                    E.get("experience", "") != "",
                    rx.text(E.get("experience", ""), color_scheme="red", size="2"),
                ),
                submit_button("Launch my store"),
                spacing="3",
                width="100%",
            ),
            on_submit=S.start,
            reset_on_submit=False,
        ),
        width="100%",
        max_width="40rem",
    )


def _step(step: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.cond(
            step["status"] == "completed",
            rx.icon("circle_check", color="var(--green-9)"),
            rx.cond(
                step["status"] == "failed",
                rx.icon("circle_x", color="var(--red-9)"),
                rx.spinner(size="2"),
            ),
        ),
        rx.text(step["title"], weight="medium"),
        rx.spacer(),
        rx.text(step["text"], size="2", color_scheme="gray", class_name="setup-status"),
        rx.text(step["reason"], size="1", color_scheme="red"),
        width="100%",
        align="center",
        custom_attrs={"data-status": step["status"]},
        class_name="setup-step",
    )


def _guide_step(c: rx.Var) -> rx.Component:
    """A step of the guide: ticked by the seller when BizQ cannot see it done."""
    mark = rx.cond(
        c["done"] != "",
        rx.icon("square_check", color="var(--green-9)", aria_label="Done", role="img"),
        rx.icon("square", aria_label="To do", role="img"),
    )
    return rx.hstack(
        rx.cond(
            c["manual"] != "",
            rx.checkbox(
                checked=c["done"] != "",
                on_change=lambda done: S.tick(c["key"], done),
                aria_label=c["label"],
            ),
            mark,
        ),
        rx.link(c["label"], href=c["href"]),
        align="center",
        class_name="setup-guide-step",
        custom_attrs={"data-done": c["done"]},
    )


def _ready() -> rx.Component:
    return rx.vstack(
        rx.callout(
            "Your store is ready.",
            icon="party_popper",
            color_scheme="green",
            id="setup-ready",
            width="100%",
        ),
        rx.card(
            rx.vstack(
                rx.heading(S.brand.get("name", ""), size="6", as_="h3", id="brand-name"),
                rx.text(S.brand.get("tagline", ""), color_scheme="gray"),
                rx.hstack(
                    rx.foreach(
                        S.colors,
                        lambda c: rx.box(
                            width="2rem", height="2rem", border_radius="6px", background=c, title=c
                        ),
                    )
                ),
                rx.text(S.brand.get("voice", ""), size="2"),
            ),
            width="100%",
        ),
        rx.text(
            S.draft_products,
            " draft products are waiting in ",
            rx.link("Products", href=routes.PRODUCTS, underline="always"),
            ".",
            id="setup-products",
        ),
        rx.heading("Setup guide", size="4", as_="h3"),
        rx.cond(
            S.next_step.contains("action"),
            rx.hstack(
                rx.text("Next: ", S.next_step["label"], weight="medium"),
                rx.link(rx.button(S.next_step["action"]), href=S.next_step["href"]),
                align="center",
                wrap="wrap",
                id="setup-next",
            ),
            rx.callout("Every step is done.", icon="check", color_scheme="green"),
        ),
        rx.foreach(S.checklist, _guide_step),
        rx.cond(S.tick_error != "", rx.text(S.tick_error, color_scheme="red", role="alert")),
        width="100%",
        spacing="3",
    )


def _progress() -> rx.Component:
    return rx.vstack(
        rx.heading("Building your store", size="5", as_="h2"),
        rx.card(rx.vstack(rx.foreach(S.steps, _step), width="100%", spacing="3"), width="100%"),
        rx.cond(S.ready, _ready()),
        rx.cond(
            S.failed,
            rx.callout(
                "A setup task failed; open Tasks to see why and run it again.",
                icon="triangle_alert",
                color_scheme="red",
            ),
        ),
        rx.button("Set up another store", variant="ghost", on_click=S.start_over),
        width="100%",
        max_width="48rem",
        spacing="4",
    )


def setup_page() -> rx.Component:
    return shell(
        "Quick setup",
        rx.cond(S.setup_store_id != "", _progress(), _wizard()),
        store_scoped=False,
    )


ON_LOAD = [SessionState.load_session, SetupState.open_page]
