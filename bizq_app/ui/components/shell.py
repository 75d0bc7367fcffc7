"""The frame around every signed-in page: navigation, store switcher, account menu."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.buttons import link_button
from bizq_app.ui.components.text import visually_hidden
from bizq_app.ui.state import SessionState

NAV = [
    ("Dashboard", routes.DASHBOARD, "layout_dashboard"),
    ("Products", routes.PRODUCTS, "package"),
    ("Suppliers", routes.SUPPLIERS, "truck"),
    ("Orders", routes.ORDERS, "shopping_cart"),
    ("Customers", routes.CUSTOMERS, "contact"),
    ("E-mails", routes.EMAILS, "mail"),
    ("Approvals", routes.APPROVALS, "inbox"),
    ("Tasks", routes.TASKS, "list_checks"),
    ("Marketplace", routes.MARKETPLACE, "store"),
    ("Workers", routes.WORKERS, "users"),
    ("Templates", routes.TEMPLATES, "layout_template"),
    ("Automations", routes.AUTOMATIONS, "zap"),
    ("Settings", routes.SETTINGS, "settings"),
]


def _nav_link(label: str, href: str, icon: str) -> rx.Component:
    """An entry of the sidebar, highlighted on its page and on the pages under it
    (Settings on /settings/general); only its own page is the current one."""
    path = rx.State.router.page.path
    here = path == href
    active = here if href == routes.DASHBOARD else here | path.startswith(href + "/")
    return rx.link(
        rx.hstack(rx.icon(icon, size=18), rx.text(label, size="3"), spacing="3", align="center"),
        href=href,
        underline="none",
        color=rx.cond(active, "var(--accent-11)", "var(--gray-12)"),
        background=rx.cond(active, "var(--accent-3)", "transparent"),
        padding="0.5rem 0.75rem",
        border_radius="var(--radius-2)",
        width="100%",
        aria_current=rx.cond(here, "page", rx.cond(active, "true", "false")),
    )


def store_switcher() -> rx.Component:
    return rx.cond(
        SessionState.stores.length() > 0,
        rx.select.root(
            rx.select.trigger(
                placeholder="Choose a store", aria_label="Current store", width="100%"
            ),
            rx.select.content(
                rx.foreach(SessionState.stores, lambda s: rx.select.item(s["name"], value=s["id"])),
            ),
            value=SessionState.current_store_id,
            on_change=SessionState.switch_store,
        ),
        rx.cond(
            SessionState.signed_in,  # known to have no store, not merely not loaded yet
            link_button("Create a store", href=routes.STORES, variant="soft", width="100%"),
            rx.skeleton(height="2rem", width="100%", loading=True),
        ),
    )


def _account_menu() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle_user", size=18),
                rx.text(
                    SessionState.user_email,
                    size="2",
                    max_width="12rem",
                    overflow="hidden",
                    text_overflow="ellipsis",
                    white_space="nowrap",
                    display=["none", "none", "block"],
                ),
                variant="ghost",
                aria_label="Account menu",
            ),
        ),
        rx.menu.content(
            rx.menu.item("My stores", on_click=rx.redirect(routes.STORES)),
            rx.menu.separator(),
            rx.menu.item("Log out", on_click=SessionState.log_out),
        ),
    )


def _sidebar() -> rx.Component:
    # The brand is not a heading: each page has one h1, its title in the top bar.
    return rx.el.nav(
        rx.vstack(
            rx.link(
                rx.text("BizQ", size="6", weight="bold", color_scheme="iris"),
                href=routes.DASHBOARD,
                underline="none",
            ),
            store_switcher(),
            rx.vstack(*[_nav_link(*item) for item in NAV], spacing="1", width="100%"),
            rx.spacer(),
            rx.link("All stores", href=routes.STORES, size="2"),
            height="100%",
            spacing="4",
        ),
        aria_label="Main",
        width="15rem",
        min_width="15rem",
        height="100vh",
        position="sticky",
        top="0",
        padding="1rem",
        border_right="1px solid var(--gray-5)",
        background="var(--gray-1)",
        display=["none", "none", "flex"],
        flex_direction="column",
    )


def _mobile_menu() -> rx.Component:
    return rx.box(
        rx.menu.root(
            rx.menu.trigger(
                rx.icon_button(rx.icon("menu"), variant="ghost", aria_label="Open navigation")
            ),
            rx.menu.content(
                *[rx.menu.item(label, on_click=rx.redirect(href)) for label, href, _ in NAV],
                rx.menu.separator(),
                rx.menu.item("All stores", on_click=rx.redirect(routes.STORES)),
            ),
        ),
        display=["block", "block", "none"],
    )


def _view_shop() -> rx.Component:
    """The current store's storefront, in a new tab, as buyers see it."""
    slug = SessionState.current_store["slug"]
    return rx.cond(
        slug != "",
        rx.link(
            rx.icon("external_link", size=16, aria_hidden="true"),
            rx.text("View your shop", display=["none", "inline"]),
            href="/s/" + slug,
            is_external=True,
            aria_label="View your shop (opens in a new tab)",
            id="view-shop",
            display="flex",
            align_items="center",
            gap="0.25rem",
            size="2",
        ),
    )


def _top_bar(title: str | rx.Var[str]) -> rx.Component:
    return rx.hstack(
        _mobile_menu(),
        rx.heading(title, size="6", as_="h1"),
        rx.spacer(),
        rx.box(store_switcher(), display=["block", "block", "none"], max_width="10rem"),
        _view_shop(),
        _account_menu(),
        align="center",
        width="100%",
        padding_y="0.75rem",
        spacing="3",
    )


def loading() -> rx.Component:
    """Grey shapes where the page's title and content will be, so the page does not jump
    when they arrive; screen readers hear "Loading"."""
    return rx.vstack(
        visually_hidden("Loading…"),
        rx.skeleton(height="2.25rem", width="40%", loading=True),
        rx.skeleton(height="7rem", width="100%", loading=True),
        rx.skeleton(height="14rem", width="100%", loading=True),
        width="100%",
        spacing="4",
        padding_y="1rem",
        role="status",
        custom_attrs={"aria-busy": "true"},
    )


def shell(
    title: str | rx.Var[str], *children: rx.Component, store_scoped: bool = True
) -> rx.Component:
    """A signed-in page: sidebar (desktop) or menu (phone), title bar, then the content.
    A ``store_scoped`` page shows its content only once there is a store to act on; a
    seller without one is offered to create it, not actions that would fail."""
    body: tuple[rx.Component, ...] = children
    if store_scoped:
        body = (rx.cond(SessionState.current_store_id != "", rx.fragment(*children), _no_store()),)
    content = rx.vstack(
        _top_bar(title),
        *body,
        width="100%",
        spacing="4",
        padding_x=["1rem", "1.5rem", "2rem"],
        padding_bottom="2rem",
        max_width="72rem",
        min_width="0",
    )
    main = rx.el.main(
        rx.cond(SessionState.signed_in, content, loading()),
        id="main",
        tab_index=-1,  # the skip link moves focus here
        width="100%",
        min_width="0",
        outline="none",
    )
    skip = rx.el.a(
        "Skip to content",
        href="#main",
        on_click=rx.set_focus("main"),  # Reflex's router follows the link but moves no focus
        class_name="bizq-skip-link",
    )
    return rx.hstack(
        skip,
        _sidebar(),
        main,
        spacing="0",
        align="start",
        width="100%",
        min_height="100vh",
    )


def _no_store() -> rx.Component:
    return empty_state(
        "store",
        "Create your store first",
        "This page works on a store. Create one by hand, or let Quick setup build it from "
        "five answers.",
        rx.hstack(
            link_button("Create a store", href=routes.STORES),
            link_button("Quick setup", href=routes.SETUP, variant="soft"),
            wrap="wrap",
        ),
    )


def empty_state(
    icon: str,
    title: str | rx.Var[str],
    text: str | rx.Var[str],
    action: rx.Component | None = None,
) -> rx.Component:
    """What a page shows when it has nothing yet, and what to do about it."""
    return rx.center(
        rx.vstack(
            rx.icon(icon, size=40, color="var(--gray-9)"),
            rx.heading(title, size="4", as_="h2"),
            rx.text(text, color_scheme="gray", text_align="center", max_width="32rem"),
            *([action] if action is not None else []),
            align="center",
            spacing="3",
        ),
        padding="3rem 1rem",
        width="100%",
        border="1px dashed var(--gray-6)",
        border_radius="var(--radius-4)",
    )
