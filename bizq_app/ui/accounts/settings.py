"""Settings: an index of its sections, each a page of its own, and the frame they share."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.billing.settings_credits_state import CreditsState
from bizq_app.ui.components.shell import shell
from bizq_app.ui.state import SessionState


@dataclass(frozen=True)
class Section:
    """One sub-page of Settings as the index lists it."""

    key: str  # names its elements' ids
    title: str
    route: str
    icon: str
    description: str


SECTIONS = (
    Section(
        "general",
        "General",
        routes.SETTINGS_GENERAL,
        "store",
        "The store's name and currency, its shop address, deleting the store.",
    ),
    Section(
        "plan",
        "Plan and credits",
        routes.SETTINGS_PLAN,
        "coins",
        "Your credit balance, buying credits, recent purchases and the daily task budget.",
    ),
    Section(
        "ai",
        "AI",
        routes.SETTINGS_AI,
        "sparkles",
        "Your own OpenAI or Anthropic key, where AI tasks go, and what they have cost.",
    ),
    Section(
        "emails",
        "E-mails",
        routes.SETTINGS_EMAILS,
        "mail",
        "The words of each e-mail the store sends to its buyers.",
    ),
    Section(
        "members",
        "Members",
        routes.SETTINGS_MEMBERS,
        "users",
        "Who works on the store and their roles; marketplace workers you admit.",
    ),
    Section(
        "channels",
        "Sales channels",
        routes.SETTINGS_CHANNELS,
        "share_2",
        "Sell on Shopify, Amazon, eBay, Walmart, TikTok Shop and Etsy from the same stock.",
    ),
    Section(
        "account",
        "Your account",
        routes.SETTINGS_ACCOUNT,
        "circle_user",
        "Your password, and logging out of every browser.",
    ),
)


def _section_link(section: Section) -> rx.Component:
    """A whole row to click; a screen reader hears the title, then the description."""
    return rx.el.li(
        rx.link(
            rx.hstack(
                rx.icon(section.icon, size=20, aria_hidden="true", flex_shrink="0"),
                rx.vstack(
                    rx.text(section.title, weight="medium", id=f"section-{section.key}"),
                    rx.text(
                        section.description,
                        size="2",
                        color_scheme="gray",
                        id=f"section-{section.key}-about",
                    ),
                    spacing="1",
                ),
                spacing="3",
                align="center",
            ),
            href=section.route,
            underline="none",
            color="var(--gray-12)",
            display="block",
            padding="0.75rem",
            border_radius="var(--radius-2)",
            aria_labelledby=f"section-{section.key}",
            aria_describedby=f"section-{section.key}-about",
            _hover={"background": "var(--gray-3)"},
        ),
        list_style="none",
    )


def settings_page() -> rx.Component:
    sections = rx.el.ul(
        *[_section_link(s) for s in SECTIONS],
        id="settings-sections",
        aria_label="Settings",
        margin="0",
        padding="0",
    )
    return shell("Settings", rx.card(sections, width="100%"), store_scoped=False)


def settings_section(
    title: str, *children: rx.Component, store_scoped: bool = True
) -> rx.Component:
    """A sub-page of Settings: its title, the way back to the index, then its content."""
    back = rx.link(
        rx.icon("arrow_left", size=16, aria_hidden="true"),
        "Settings",
        href=routes.SETTINGS,
        id="settings-back",
        display="inline-flex",
        align_items="center",
        gap="0.25rem",
        size="2",
    )
    return shell(
        title,
        back,
        rx.vstack(*children, spacing="4", width="100%"),
        store_scoped=store_scoped,
    )


# A payment page opened before Settings had sections sends the owner back here.
ON_LOAD = [SessionState.load_session, CreditsState.back_from_payment]
