"""What every page of the shop shares: the sticky header in the brand's colour with its
cart button, the cart drawer (thumbnails, quantity steppers, line totals), the footer, the
page's width, and buttons in the brand's colour."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.storefront.storefront_state import StorefrontState

F = StorefrontState
PAGE_WIDTH = "72rem"


def brand_style() -> dict[str, rx.Var]:
    """Radix's accent, for the shop's pages: solid buttons in the brand's colour with the
    text colour that reads on it (the storefront domain picks black or white for WCAG AA)."""
    accent, on_accent = F.shop["accent"].to(str), F.shop["on_accent"].to(str)
    return {
        "--accent-9": rx.cond(accent != "", accent, "var(--violet-9)"),
        "--accent-10": rx.cond(accent != "", accent, "var(--violet-10)"),
        "--accent-contrast": rx.cond(on_accent != "", on_accent, "white"),
        "--focus-8": rx.cond(accent != "", accent, "var(--violet-8)"),
    }


def product_href(product_id: rx.Var) -> rx.Var:
    return "/s/" + F.slug + "/p/" + product_id


def checkout_href() -> rx.Var:
    return "/s/" + F.slug + "/checkout"


def thumbnail(image: rx.Var, size: str = "4rem") -> rx.Component:
    """A line's small square picture (a parcel where the product has none)."""
    return rx.cond(
        image != "",
        rx.el.img(
            src=image,
            alt="",
            width="64",
            height="64",
            loading="lazy",
            class_name="storefront-image",
            style={"width": size, "height": size, "flex_shrink": "0"},
        ),
        rx.center(
            rx.icon("package", size=20, color="var(--gray-11)", aria_hidden="true"),
            width=size,
            height=size,
            flex_shrink="0",
            background="var(--gray-3)",
            border_radius="var(--radius-2)",
        ),
    )


def _stepper(i: rx.Var) -> rx.Component:
    """− quantity +, each button named for its item."""
    return rx.hstack(
        rx.icon_button(
            rx.icon("minus", size=14, aria_hidden="true"),
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=F.step(i["key"], -1),
            disabled=i["quantity"] == "1",
            aria_label="One fewer " + i["title"],
        ),
        rx.text(
            i["quantity"],
            size="2",
            min_width="1.5rem",
            align="center",
            class_name="cart-quantity",
            aria_label="Quantity of " + i["title"] + ": " + i["quantity"],
            role="status",
        ),
        rx.icon_button(
            rx.icon("plus", size=14, aria_hidden="true"),
            size="1",
            variant="soft",
            color_scheme="gray",
            on_click=F.step(i["key"], 1),
            disabled=i["more"] == "",
            aria_label="One more " + i["title"],
        ),
        align="center",
        spacing="2",
    )


def _cart_line(i: rx.Var) -> rx.Component:
    return rx.hstack(
        thumbnail(i["image"]),
        rx.vstack(
            rx.text(i["title"], size="2", weight="medium"),
            rx.text(i["unit"], " each", size="1", color="var(--gray-11)"),
            _stepper(i),
            spacing="1",
            flex="1",
            min_width="0",
        ),
        rx.vstack(
            rx.text(i["line_total"], size="2", weight="bold", class_name="cart-line-total"),
            rx.icon_button(
                rx.icon("trash_2", size=14, aria_hidden="true"),
                size="1",
                variant="ghost",
                color_scheme="gray",
                on_click=F.remove(i["key"]),
                aria_label="Remove " + i["title"],
            ),
            align="end",
            spacing="2",
        ),
        width="100%",
        align="start",
        spacing="3",
        class_name="cart-line",
    )


def cart_lines() -> rx.Component:
    return rx.vstack(
        rx.foreach(F.cart, _cart_line),
        rx.hstack(
            rx.text("Subtotal", weight="bold"),
            rx.spacer(),
            rx.text(F.cart_total, weight="bold"),
            width="100%",
            id="cart-total",
        ),
        rx.text("Shipping is shown at checkout, before you pay.", size="1"),
        width="100%",
        spacing="3",
    )


def empty_cart() -> rx.Component:
    return rx.vstack(
        rx.text("Your cart is empty.", weight="medium"),
        rx.text("Add something you like from the shop; it waits here.", size="2"),
        rx.link("Continue shopping", href="/s/" + F.slug, on_click=F.set_cart_open(False)),
        spacing="2",
        id="cart-empty",
    )


def cart_drawer() -> rx.Component:
    """The cart, sliding in from the side; checkout is a page of its own."""
    return rx.drawer.root(
        rx.drawer.overlay(z_index="40"),
        rx.drawer.portal(
            rx.drawer.content(
                rx.vstack(
                    rx.hstack(
                        rx.drawer.title("Your cart", class_name="rt-Heading rt-r-size-5"),
                        rx.spacer(),
                        rx.drawer.close(
                            rx.icon_button(
                                rx.icon("x", size=18),
                                variant="ghost",
                                color_scheme="gray",
                                aria_label="Close the cart",
                            )
                        ),
                        width="100%",
                        align="center",
                    ),
                    rx.drawer.description("What you picked, and the way to check out.", size="2"),
                    rx.cond(
                        F.cart.length() > 0,
                        rx.vstack(
                            cart_lines(),
                            rx.link(
                                rx.button("Check out", size="3", width="100%", tab_index=-1),
                                href=checkout_href(),
                                width="100%",
                                id="go-to-checkout",
                                on_click=F.set_cart_open(False),
                            ),
                            width="100%",
                            spacing="4",
                        ),
                        empty_cart(),
                    ),
                    spacing="4",
                    padding="1.25rem",
                    width="100%",
                ),
                id="cart",
                class_name="storefront-drawer",
                style=brand_style(),
                background="var(--color-panel-solid)",
                z_index="50",
            )
        ),
        open=F.cart_open,
        on_open_change=F.set_cart_open,
        direction="right",
    )


def shop_header() -> rx.Component:
    """The test-mode notice, then a sticky bar in the brand's colour: the shop's name
    (linking home) and the cart button with its count."""
    return rx.box(
        rx.cond(
            F.test_mode,
            rx.box(
                rx.text(
                    "Test mode: no real money is taken.",
                    size="1",
                    align="center",
                    color="var(--amber-12)",
                ),
                background="var(--amber-3)",
                padding_y="0.25rem",
            ),
        ),
        rx.hstack(
            rx.link(
                rx.text(F.shop["name"], size="5", weight="bold", color=F.shop["on_accent"]),
                href="/s/" + F.slug,
                underline="none",
                aria_label=F.shop["name"] + ", home",
            ),
            rx.spacer(),
            rx.button(
                rx.icon("shopping_cart", size=18, aria_hidden="true"),
                rx.text("Cart", as_="span"),
                rx.badge(F.cart_count, variant="solid", color_scheme="gray", high_contrast=True),
                on_click=F.set_cart_open(True),
                variant="surface",
                color_scheme="gray",
                high_contrast=True,
                size="3",
                id="cart-button",
                aria_label="Cart " + F.cart_count.to_string() + " items",
            ),
            max_width=PAGE_WIDTH,
            margin_x="auto",
            padding_x="1rem",
            padding_y="0.75rem",
            align="center",
            width="100%",
        ),
        cart_drawer(),
        position="sticky",
        top="0",
        z_index="30",
        background=F.shop["accent"],
        width="100%",
        class_name="storefront-header",
        id="shop-header",
    )


def shop_body(*children: rx.Component) -> rx.Component:
    return rx.box(
        *children,
        max_width=PAGE_WIDTH,
        margin_x="auto",
        padding="1rem",
        width="100%",
    )


def shop_footer() -> rx.Component:
    """The shop's name and line, its pages and the cart; prices' currency; who runs the shop."""
    return rx.el.footer(
        rx.flex(
            rx.vstack(
                rx.text(F.shop["name"], weight="bold"),
                rx.cond(F.shop["tagline"] != "", rx.text(F.shop["tagline"], size="2")),
                rx.text(
                    "Prices in ", F.shop["currency"], ", taxes as shown at checkout.", size="1"
                ),
                spacing="1",
            ),
            rx.el.nav(
                rx.hstack(
                    rx.link("All products", href="/s/" + F.slug, size="2"),
                    rx.link("Check out", href=checkout_href(), size="2"),
                    spacing="4",
                    wrap="wrap",
                ),
                aria_label="Shop",
            ),
            justify="between",
            gap="4",
            wrap="wrap",
            max_width=PAGE_WIDTH,
            margin_x="auto",
            padding="1.5rem 1rem",
            width="100%",
        ),
        rx.text(
            "© ",
            F.shop["name"],
            " · Shop powered by BizQ",
            size="1",
            align="center",
            color="var(--gray-11)",
            padding_bottom="1.5rem",
        ),
        border_top="1px solid var(--gray-a5)",
        margin_top="2rem",
        width="100%",
        id="shop-footer",
    )
