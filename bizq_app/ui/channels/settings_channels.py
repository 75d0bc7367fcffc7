"""Settings → Sales channels: Shopify connected, its listings, the orders
held for the seller and the sync log."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.channels import rules
from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.channels.order_history import history_form
from bizq_app.ui.channels.publish_form import publish_form
from bizq_app.ui.channels.settings_channels_state import ChannelsState
from bizq_app.ui.components.buttons import file_button
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.state import SessionState

S, E = ChannelsState, ChannelsState.channel_errors
INTRO = (
    "Sell on Shopify from the same stock. Every sale, cancel, refund or edit in BizQ sets "
    "the quantity on Shopify within seconds; Shopify's orders come into Orders (every five "
    "minutes, or at once with the webhook) and take their units from the same stock."
)
TOKEN_HINT = (
    "In Shopify: Settings → Apps → Develop apps → your app → API credentials, with the "
    "write_products, write_inventory, read_orders and write_fulfillments scopes."
)

WEBHOOK_HINT = "The app's client secret: orders then arrive at once, not every five minutes."


def _connect_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading("Connect a Shopify shop", size="3", as_="h3"),
            form_alert(E.get("_form", "")),
            field(
                "Shop address",
                "shop",
                error=E.get("shop", ""),
                placeholder="your-shop.myshopify.com",
            ),
            field(
                "Admin API access token",
                "access_token",
                error=E.get("access_token", ""),
                hint=TOKEN_HINT,
                type="password",
                auto_complete="off",
            ),
            field(
                "Webhook secret (optional)",
                "webhook_secret",
                error=E.get("webhook_secret", ""),
                hint=WEBHOOK_HINT,
                type="password",
                auto_complete="off",
            ),
            submit_button("Test and connect"),
            spacing="3",
            width="100%",
        ),
        on_submit=S.connect_shopify,
        reset_on_submit=False,
        id="connect-shopify",
    )


def _switcher() -> rx.Component:
    """One button per connection when there are several: which one the card shows."""
    return rx.cond(
        S.channel_rows.length() > 1,
        rx.hstack(
            rx.foreach(
                S.channel_rows,
                lambda r: rx.button(
                    r["label"] + " · " + r["name"],
                    variant=rx.cond(r["id"] == S.channel_id, "solid", "outline"),
                    aria_pressed=rx.cond(r["id"] == S.channel_id, "true", "false"),
                    on_click=S.open_channel(r["id"]),
                    size="2",
                ),
            ),
            spacing="2",
            wrap="wrap",
            role="group",
            aria_label="Connected channels",
        ),
    )


AMAZON_HINT = (
    "From your SP-API app in Seller Central (Apps and services → Develop apps): its LWA "
    "client id and secret, and the refresh token you got when you authorised it."
)


EBAY_HINT = (
    "From your app at developer.ebay.com (Application keys): its App ID and Cert ID, and "
    "the refresh token from the seller's consent. eBay needs an inventory location and "
    "business policies (shipping, payment, returns) on the account first."
)


def _secret(label: str, name: str) -> rx.Component:
    return field(label, name, error=E.get(name, ""), type="password", auto_complete="off")


def _keys_form(
    title: str, hint: str, fields: list[rx.Component], submit: str, on_submit: Any, form_id: str
) -> rx.Component:
    """A marketplace's connection form: its keys, checked with the marketplace on submit."""
    return rx.form(
        rx.vstack(
            rx.heading(title, size="3", as_="h3"),
            rx.text(hint, size="2", color_scheme="gray"),
            *fields,
            submit_button(submit),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=False,
        id=form_id,
    )


def _connect_amazon_form() -> rx.Component:
    fields = [
        field("Merchant token (seller id)", "seller_id", error=E.get("seller_id", "")),
        field(
            "Marketplace id",
            "marketplace_id",
            error=E.get("marketplace_id", ""),
            default_value="ATVPDKIKX0DER",
            hint="ATVPDKIKX0DER is Amazon.com (US)",
        ),
        field("LWA client id", "client_id", error=E.get("client_id", "")),
        _secret("LWA client secret", "client_secret"),
        _secret("Refresh token", "refresh_token"),
    ]
    return _keys_form(
        "Connect an Amazon seller account",
        AMAZON_HINT,
        fields,
        "Test and connect Amazon",
        S.connect_amazon,
        "connect-amazon",
    )


WALMART_HINT = (
    "From Seller Center → Settings → API Key Management: the Client ID and Client Secret. "
    "Items are set up on Walmart first; BizQ sets their price and stock by SKU."
)


def _connect_walmart_form() -> rx.Component:
    fields = [
        field("Client ID", "client_id", error=E.get("client_id", "")),
        _secret("Client Secret", "client_secret"),
    ]
    return _keys_form(
        "Connect a Walmart Marketplace account",
        WALMART_HINT,
        fields,
        "Test and connect Walmart",
        S.connect_walmart,
        "connect-walmart",
    )


TIKTOK_HINT = (
    "From your app in TikTok Shop Partner Center: its App key and App secret, and the "
    "refresh token from the shop's authorisation. Products are created on TikTok Shop "
    "first; BizQ sets their price and stock by seller SKU."
)


def _connect_tiktok_form() -> rx.Component:
    fields = [
        field("Shop name", "shop_name", error=E.get("shop_name", "")),
        field("App key", "app_key", error=E.get("app_key", "")),
        _secret("App secret", "app_secret"),
        _secret("Refresh token", "refresh_token"),
    ]
    return _keys_form(
        "Connect a TikTok Shop",
        TIKTOK_HINT,
        fields,
        "Test and connect TikTok Shop",
        S.connect_tiktok,
        "connect-tiktok",
    )


ETSY_HINT = (
    "From your app at etsy.com/developers: its keystring and shared secret (See API key "
    "details), and the refresh token from the shop owner's consent. Listings are created on "
    "Etsy first; BizQ sets their price and stock by SKU."
)


def _connect_etsy_form() -> rx.Component:
    fields = [
        field("Shop name", "shop_name", error=E.get("shop_name", "")),
        field("Keystring", "keystring", error=E.get("keystring", "")),
        _secret("Shared secret", "shared_secret"),
        _secret("Refresh token", "refresh_token"),
        field(
            "Webhook signing secret (optional)",
            "webhook_secret",
            error=E.get("webhook_secret", ""),
            type="password",
            auto_complete="off",
            hint="whsec_… from Etsy's webhook portal, for the address the sync log gives",
        ),
    ]
    return _keys_form(
        "Connect an Etsy shop",
        ETSY_HINT,
        fields,
        "Test and connect Etsy",
        S.connect_etsy,
        "connect-etsy",
    )


def _connect_ebay_form() -> rx.Component:
    fields = [
        field("eBay user ID", "username", error=E.get("username", "")),
        field(
            "Marketplace",
            "marketplace_id",
            error=E.get("marketplace_id", ""),
            default_value="EBAY_US",
            hint="EBAY_US, EBAY_GB, EBAY_DE…",
        ),
        field("App ID (Client ID)", "client_id", error=E.get("client_id", "")),
        _secret("Cert ID (Client Secret)", "client_secret"),
        _secret("Refresh token", "refresh_token"),
    ]
    return _keys_form(
        "Connect an eBay seller account",
        EBAY_HINT,
        fields,
        "Test and connect eBay",
        S.connect_ebay,
        "connect-ebay",
    )


MARKETPLACES = (
    ("amazon", "Amazon"),
    ("ebay", "eBay"),
    ("walmart", "Walmart"),
    ("tiktok_shop", "TikTok Shop"),
    ("etsy", "Etsy"),
)


def _marketplaces() -> rx.Component:
    """One marketplace's connection form at a time, chosen by a pressed button."""
    choices = rx.hstack(
        *[
            rx.button(
                label,
                variant=rx.cond(S.marketplace == key, "solid", "outline"),
                aria_pressed=rx.cond(S.marketplace == key, "true", "false"),
                on_click=S.choose_marketplace(key),
                type="button",
                size="2",
            )
            for key, label in MARKETPLACES
        ],
        spacing="2",
        role="group",
        aria_label="Connect a marketplace",
    )
    return rx.vstack(
        rx.text("Connect a marketplace", weight="medium", size="2"),
        choices,
        rx.match(
            S.marketplace,
            ("ebay", _connect_ebay_form()),
            ("walmart", _connect_walmart_form()),
            ("tiktok_shop", _connect_tiktok_form()),
            ("etsy", _connect_etsy_form()),
            _connect_amazon_form(),
        ),
        spacing="2",
        width="100%",
    )


def _connection() -> rx.Component:
    row = S.open_row
    paused = row["status"] == "paused"
    label = row["label"]
    return rx.vstack(
        _switcher(),
        rx.hstack(
            rx.heading(row["name"], size="3", as_="h3"),
            rx.badge(row["status"], color_scheme=rx.cond(paused, "amber", "green")),
            rx.text(row["account"], size="2", color_scheme="gray"),
            spacing="3",
            align="center",
            wrap="wrap",
        ),
        rx.hstack(
            rx.button("Test connection", variant="outline", on_click=S.test_channel),
            rx.button("Import orders now", variant="outline", on_click=S.import_channel_orders),
            rx.button(
                "Link products already on " + label,
                variant="outline",
                on_click=S.import_channel_listings,
            ),
            rx.cond(
                paused,
                rx.button("Resume", variant="soft", on_click=S.resume_channel),
                rx.button("Pause", variant="soft", color_scheme="amber", on_click=S.pause_channel),
            ),
            rx.cond(
                SessionState.is_owner,
                rx.button(
                    "Disconnect", variant="soft", color_scheme="red", on_click=S.disconnect_channel
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        history_form(),
        _rules(),
        publish_form(),
        _listings(),
        _holds(),
        _log(),
        spacing="3",
        width="100%",
        id="shopify-connection",
    )


R, RE = ChannelsState.rule_values, ChannelsState.rule_errors
RULES_HINT = (
    "What Shopify shows: the price changed by a percentage, then an amount, then rounded "
    "upwards; a share of the stock less a buffer kept back for your other channels."
)


def _rules() -> rx.Component:
    def number(label: str, name: str, hint: str = "") -> rx.Component:
        return field(
            label,
            name,
            error=RE.get(name, ""),
            hint=hint,
            default_value=R.get(name, ""),
            input_mode="decimal",
            key=R.get(name, ""),
        )

    return rx.form(
        rx.vstack(
            rx.heading("Price and stock rules", size="2", as_="h4"),
            rx.text(RULES_HINT, size="2", color_scheme="gray"),
            form_alert(RE.get("_form", "")),
            rx.grid(
                number("Price change (%)", "price_percent", "e.g. 10 or -5"),
                number("Then add (amount)", "price_amount", "e.g. 1.50"),
                rx.vstack(
                    rx.el.label("Round to", html_for="rounding", class_name="bizq-label"),
                    rx.el.select(
                        *[
                            rx.el.option(text, value=value)
                            for value, text in rules.ROUNDINGS.items()
                        ],
                        id="rounding",
                        name="rounding",
                        default_value=R.get("rounding", "none"),
                        key=R.get("rounding", "none"),
                        class_name="bizq-select",
                    ),
                    rx.cond(
                        RE.get("rounding", "") != "",
                        rx.text(RE.get("rounding", ""), color_scheme="red", size="2", role="alert"),
                    ),
                    spacing="1",
                ),
                number("Share of stock shown (%)", "stock_share", "1 to 100"),
                number("Units kept back", "stock_buffer"),
                number("Show at most", "max_shown", "empty: no limit"),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                ChannelsState.rule_warnings.length() > 0,
                rx.callout(
                    rx.foreach(ChannelsState.rule_warnings, lambda w: rx.text(w)),
                    color_scheme="amber",
                    icon="triangle_alert",
                    id="rule-warnings",
                ),
            ),
            submit_button("Save rules"),
            spacing="2",
            width="100%",
        ),
        on_submit=S.save_rules,
        reset_on_submit=False,
        id="channel-rules",
    )


def _listings() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Listed on " + S.open_row["label"], size="2", as_="h4"),
            rx.cond(
                S.troubled > 1,
                rx.button(
                    "Push all with a problem again",
                    size="1",
                    variant="outline",
                    on_click=S.push_again("", False),
                ),
            ),
            spacing="3",
            align="center",
        ),
        rx.cond(
            S.listing_rows.length() > 0,
            rx.el.ul(
                rx.foreach(
                    S.listing_rows,
                    lambda x: rx.el.li(
                        rx.text.strong(x["title"]),
                        " · ",
                        x["state"],
                        " · shows ",
                        x["shown"],
                        rx.cond(
                            x["last_error"] != "",
                            rx.hstack(
                                rx.text(x["last_error"], color_scheme="red", size="2"),
                                rx.button(
                                    "Push again",
                                    size="1",
                                    variant="soft",
                                    on_click=S.push_again(x["id"], False),
                                ),
                                rx.cond(
                                    x["held"] == "yes",
                                    rx.button(
                                        "Use BizQ's figure",
                                        size="1",
                                        variant="soft",
                                        color_scheme="amber",
                                        on_click=S.push_again(x["id"], True),
                                    ),
                                ),
                                spacing="2",
                                align="center",
                                wrap="wrap",
                            ),
                        ),
                        rx.cond(
                            x["warning"] != "",
                            rx.text(x["warning"], color_scheme="amber", size="2"),
                        ),
                        _kept(x),
                    ),
                ),
                id="channel-listings",
                style={"margin": 0, "paddingLeft": "1.25rem"},
            ),
            rx.text("Nothing listed yet: publish a product above.", size="2", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
    )


def _kept(x: rx.Var) -> rx.Component:
    """Which fields the seller manages on Shopify for this listing (left alone by BizQ)."""

    def box(name: str, label: str) -> rx.Component:
        return rx.el.label(
            rx.el.input(
                type="checkbox",
                name=name,
                default_checked=x[f"keeps_{name}"] == "yes",
                key=x["id"] + x[f"keeps_{name}"],
            ),
            f" {label}",
            style={"marginRight": "0.75rem"},
        )

    return rx.form(
        rx.el.fieldset(
            rx.el.legend(
                "Managed on " + S.open_row["label"] + " (BizQ leaves them)",
                class_name="bizq-label",
            ),
            rx.el.input(type="hidden", name="listing_id", value=x["id"]),
            box("title", "Title"),
            box("description", "Description"),
            box("price", "Price"),
            rx.button("Save", type="submit", size="1", variant="soft"),
            style={"border": "none", "padding": 0, "margin": "0.25rem 0 0.5rem"},
        ),
        on_submit=S.keep_on_channel,
        reset_on_submit=False,
        class_name="channel-fields",
    )


def _holds() -> rx.Component:
    return rx.cond(
        S.hold_rows.length() > 0,
        rx.vstack(
            rx.heading("Orders waiting for you", size="2", as_="h4"),
            rx.el.ul(
                rx.foreach(S.hold_rows, _hold),
                id="channel-holds",
                style={"margin": 0, "paddingLeft": "1.25rem"},
            ),
            spacing="1",
            width="100%",
        ),
    )


def _hold(h: rx.Var) -> rx.Component:
    """A held order: why, and a way to settle it — map a SKU it sent to one of the store's
    (remembered for later orders), or just try again once the stock is back."""
    their, ours = "their_sku-" + h["id"], "our_sku-" + h["id"]
    return rx.el.li(
        rx.text.strong(h["name"]),
        ": ",
        h["reason"],
        rx.form(
            rx.el.input(type="hidden", name="hold_id", value=h["id"]),
            rx.hstack(
                rx.vstack(
                    rx.el.label("Its SKU", html_for=their, class_name="bizq-label"),
                    rx.input(id=their, name="their_sku", default_value=h["skus"], size="2"),
                    spacing="1",
                ),
                rx.vstack(
                    rx.el.label("Sells as", html_for=ours, class_name="bizq-label"),
                    rx.el.select(
                        rx.el.option("Nothing to map: try again", value=""),
                        rx.foreach(
                            S.sku_choices, lambda c: rx.el.option(c["label"], value=c["sku"])
                        ),
                        id=ours,
                        name="our_sku",
                        class_name="bizq-select",
                    ),
                    spacing="1",
                ),
                rx.button("Import again", type="submit", variant="soft"),
                align="end",
                spacing="2",
                wrap="wrap",
            ),
            on_submit=S.retry_hold,
            reset_on_submit=False,
        ),
    )


def _log() -> rx.Component:
    return rx.vstack(
        rx.heading("Sync log", size="2", as_="h4"),
        rx.el.ul(
            rx.foreach(
                S.log_rows,
                lambda e: rx.el.li(
                    e["at"],
                    " · ",
                    e["kind"],
                    " · ",
                    rx.cond(e["ok"] == "yes", "ok", rx.text.strong("failed")),
                    " · ",
                    e["outcome"],
                ),
            ),
            id="channel-log",
            style={"margin": 0, "paddingLeft": "1.25rem", "fontSize": "var(--font-size-2)"},
        ),
        spacing="1",
        width="100%",
    )


FILES = (
    ("shopify", "Shopify product CSV", "Products → Import in Shopify's admin"),
    ("amazon", "Amazon Inventory Loader", "Catalog → Add products via upload"),
    ("ebay", "eBay drafts CSV", "Seller Hub → Reports → Uploads; finish each draft there"),
    ("etsy", "Etsy listings CSV", "Etsy's own listing columns, for a bulk-edit tool"),
)


def _files() -> rx.Component:
    """File-based sync, without credentials: the products in each marketplace's file."""
    return rx.vstack(
        rx.heading("File-based sync (no credentials)", size="2", as_="h3"),
        rx.text(
            "Download your products on sale in each marketplace's own upload file, by the "
            "SKUs a connection would use (so connecting later links the same products).",
            size="2",
        ),
        rx.hstack(
            *[
                rx.tooltip(
                    rx.button(
                        f"Download {label}",
                        variant="outline",
                        on_click=S.download_feed(kind),
                    ),
                    content=hint,
                )
                for kind, label, hint in FILES
            ],
            spacing="2",
            wrap="wrap",
        ),
        rx.cond(
            SessionState.can_operate,
            _report_upload(),
        ),
        rx.cond(
            S.report_problems.length() > 0,
            rx.el.ul(
                rx.foreach(S.report_problems, lambda p: rx.el.li(p)),
                id="order-report-problems",
                role="status",
                style={"margin": 0, "paddingLeft": "1.25rem", "fontSize": "var(--font-size-2)"},
            ),
        ),
        spacing="2",
        width="100%",
        id="channel-files",
    )


def _report_upload() -> rx.Component:
    return rx.hstack(
        file_button(
            "Import an order report",
            "upload",
            upload_id="shopify-orders-report",
            accept={"text/csv": [".csv"], "text/plain": [".txt"]},
            max_files=1,
            on_drop=S.import_order_report(rx.upload_files(upload_id="shopify-orders-report")),
            no_drag=True,
        ),
        rx.text(
            "Shopify's orders CSV (Orders → Export), Amazon's All Orders report (flat "
            "file), Etsy's order items CSV, eBay's orders report, or Walmart's or TikTok "
            "Shop's order export: their paid orders become orders here, each once.",
            size="2",
            color_scheme="gray",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def channels_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Sales channels", size="4", as_="h2"),
            rx.text(INTRO, size="2", color_scheme="gray"),
            rx.cond(S.channel_rows.length() > 0, _connection()),
            rx.cond(SessionState.is_owner, _connect_form()),
            rx.cond(SessionState.is_owner, _marketplaces()),
            _files(),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="channels-settings",
    )


def channels_page() -> rx.Component:
    return settings_section("Sales channels", channels_card())


ON_LOAD = [SessionState.load_session, ChannelsState.load_channels]
