"""The public storefront at ``/s/{store-slug}``, laid out phone first as sellers know
from Shopify's Dawn theme: a sticky header in the brand's colour (its text colour
chosen for contrast) with a cart button that opens the cart drawer, a product grid two
across on phones, and checkout on its own page (``/s/{store-slug}/checkout``)."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.storefront.checkout_page import CHECKOUT_ON_LOAD, checkout_page
from bizq_app.ui.storefront.shop_frame import (
    brand_style,
    product_href,
    shop_body,
    shop_footer,
    shop_header,
)
from bizq_app.ui.storefront.storefront_state import StorefrontState

F = StorefrontState
# What an image in the grid is drawn at: half the screen on phones, a third or a
# quarter on wider ones (the browser picks the file size from it).
GRID_IMAGE_SIZES = "(max-width: 767px) 50vw, (max-width: 1023px) 33vw, 25vw"


def _picture(p: rx.Var) -> rx.Component:
    return rx.cond(
        p["image"] != "",
        rx.el.img(
            src=p["image"],
            alt=p["title"],
            loading="lazy",
            decoding="async",
            sizes=GRID_IMAGE_SIZES,
            width="400",
            height="400",
            class_name="storefront-image",
        ),
        rx.center(
            rx.icon("package", size=32, color="var(--gray-11)", aria_hidden="true"),
            class_name="storefront-image",
            background="var(--gray-3)",
        ),
    )


def _product(p: rx.Var) -> rx.Component:
    sold_out = p["in_stock"] == "0"
    return rx.card(
        rx.vstack(
            rx.link(_picture(p), href=product_href(p["id"]), tab_index=-1, aria_hidden="true"),
            rx.link(
                rx.heading(p["title"], size="3", as_="h2"),
                href=product_href(p["id"]),
                color="var(--gray-12)",
            ),
            rx.text(rx.cond(p["options"] != "", "From ", ""), p["shown"], weight="bold"),
            rx.text(
                rx.cond(sold_out, "Sold out — check back soon", p["availability"]),
                size="1",
                color="var(--gray-11)",
            ),
            rx.cond(
                p["options"] != "",
                rx.link(
                    rx.button(
                        "Choose ",
                        p["options"],
                        variant="soft",
                        width="100%",
                        disabled=sold_out,
                        tab_index=-1,
                    ),
                    href=product_href(p["id"]),
                    width="100%",
                    aria_label="Choose " + p["options"] + " of " + p["title"],
                ),
                rx.button(
                    rx.cond(sold_out, "Sold out", "Add to cart"),
                    on_click=F.add(p["id"]),
                    disabled=sold_out,
                    aria_label="Add " + p["title"] + " to cart",
                    width="100%",
                ),
            ),
            spacing="2",
            height="100%",
        ),
        class_name="storefront-product",
    )


def storefront_page() -> rx.Component:
    shop = rx.box(
        shop_header(),
        rx.el.main(
            shop_body(
                rx.vstack(
                    rx.heading(F.shop["name"], size="7", as_="h1"),
                    rx.cond(F.shop["tagline"] != "", rx.text(F.shop["tagline"], size="3")),
                    rx.form(
                        rx.hstack(
                            rx.input(
                                name="q",
                                placeholder="Search products",
                                aria_label="Search products",
                                type="search",
                                width="100%",
                            ),
                            rx.button("Search", type="submit", variant="soft"),
                            width="100%",
                            max_width="28rem",
                        ),
                        on_submit=F.search,
                        reset_on_submit=False,
                        role="search",
                    ),
                    rx.cond(
                        F.products.length() > 0,
                        rx.grid(
                            rx.foreach(F.products, _product),
                            columns=rx.breakpoints(initial="2", sm="3", lg="4"),
                            spacing=rx.breakpoints(initial="3", sm="4"),
                            width="100%",
                            id="products",
                        ),
                        rx.text(
                            "Nothing here yet. Try another search, or come back soon.",
                            id="no-products",
                        ),
                    ),
                    spacing="4",
                    width="100%",
                ),
            )
        ),
        shop_footer(),
        width="100%",
        style=brand_style(),
        class_name=rx.cond(F.shop.length() > 0, "shop-ready", ""),  # the first paint goes
    )
    return rx.cond(
        F.missing,
        rx.center(rx.heading("No store here.", as_="h1"), height="50vh", class_name="shop-ready"),
        shop,
    )


ON_LOAD = [StorefrontState.load]
__all__ = ["CHECKOUT_ON_LOAD", "ON_LOAD", "checkout_page", "storefront_page"]
