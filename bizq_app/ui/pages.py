"""Every page of the app in one table: address, what draws it, its title, what loads
it, and — for pages that update live — the state whose ``refresh`` redraws it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reflex as rx

from bizq_app.ui import live, routes
from bizq_app.ui.accounts import (
    auth,
    password_reset,
    settings,
    settings_account,
    settings_ai,
    settings_general,
    settings_members,
)
from bizq_app.ui.accounts.stores import stores_page
from bizq_app.ui.approvals import approvals
from bizq_app.ui.automations import automations
from bizq_app.ui.automations.automations_state import AutomationsState
from bizq_app.ui.billing import settings_credits
from bizq_app.ui.catalog import product, products
from bizq_app.ui.channels import settings_channels
from bizq_app.ui.dashboards import builder, dashboard, templates
from bizq_app.ui.dashboards.dashboard_state import DashboardState
from bizq_app.ui.sales import customers, emails, order, orders, settings_emails
from bizq_app.ui.sales.order_state import OrderState
from bizq_app.ui.sales.orders_state import OrdersState
from bizq_app.ui.setup import setup
from bizq_app.ui.setup.setup_state import SetupState
from bizq_app.ui.sourcing import suppliers
from bizq_app.ui.state import SessionState
from bizq_app.ui.storefront import order_status, storefront, storefront_product
from bizq_app.ui.storefront.storefront_state import ProductPageState, StorefrontState
from bizq_app.ui.tasks import marketplace, tasks, workers
from bizq_app.ui.tasks.tasks_state import TasksState

SHOP_DESCRIPTION = "Browse the shop's products, see prices and delivery, and order online."


@dataclass(frozen=True)
class Page:
    route: str
    component: Callable[[], rx.Component]
    title: str | rx.Var  # a shop's pages name the shop (and the product or the order)
    on_load: Any
    live: type[rx.State] | None = None  # refreshed when the store's events arrive
    description: str = "BizQ: start, run and grow an online store from one place."


PAGES = (
    Page(routes.LOGIN, auth.login_page, "Log in · BizQ", auth.ON_LOAD),
    Page(routes.SIGNUP, auth.signup_page, "Sign up · BizQ", auth.ON_LOAD),
    Page(
        routes.FORGOT_PASSWORD,
        password_reset.forgot_password_page,
        "Forgot your password? · BizQ",
        password_reset.ON_LOAD,
    ),
    Page(
        routes.RESET_PASSWORD,
        password_reset.reset_password_page,
        "Choose a new password · BizQ",
        password_reset.ON_LOAD,
    ),
    Page(
        routes.DASHBOARD,
        dashboard.dashboard_page,
        "Dashboard · BizQ",
        dashboard.ON_LOAD,
        DashboardState,
    ),
    Page(routes.STORES, stores_page, "Stores · BizQ", SessionState.load_session),
    Page(routes.SETTINGS, settings.settings_page, "Settings · BizQ", settings.ON_LOAD),
    Page(
        routes.SETTINGS_GENERAL,
        settings_general.general_page,
        "General · Settings · BizQ",
        settings_general.ON_LOAD,
    ),
    Page(
        routes.SETTINGS_PLAN,
        settings_credits.credits_page,
        "Plan and credits · Settings · BizQ",
        settings_credits.ON_LOAD,
    ),
    Page(routes.SETTINGS_AI, settings_ai.ai_page, "AI · Settings · BizQ", settings_ai.ON_LOAD),
    Page(
        routes.SETTINGS_EMAILS,
        settings_emails.emails_settings_page,
        "E-mails · Settings · BizQ",
        settings_emails.ON_LOAD,
    ),
    Page(
        routes.SETTINGS_MEMBERS,
        settings_members.members_page,
        "Members · Settings · BizQ",
        settings_members.ON_LOAD,
    ),
    Page(
        routes.SETTINGS_CHANNELS,
        settings_channels.channels_page,
        "Sales channels · Settings · BizQ",
        settings_channels.ON_LOAD,
    ),
    Page(
        routes.SETTINGS_ACCOUNT,
        settings_account.account_page,
        "Your account · Settings · BizQ",
        settings_account.ON_LOAD,
    ),
    Page(routes.TASKS, tasks.tasks_page, "Tasks · BizQ", tasks.ON_LOAD, TasksState),
    Page(
        routes.MARKETPLACE, marketplace.marketplace_page, "Marketplace · BizQ", marketplace.ON_LOAD
    ),
    Page(routes.WORKERS, workers.workers_page, "Workers · BizQ", workers.ON_LOAD),
    Page(routes.SETUP, setup.setup_page, "Quick setup · BizQ", setup.ON_LOAD, SetupState),
    Page(routes.ORDERS, orders.orders_page, "Orders · BizQ", orders.ON_LOAD, OrdersState),
    Page(routes.ORDER, order.order_page, "Order · BizQ", order.ON_LOAD, OrderState),
    Page(routes.EMAILS, emails.emails_page, "E-mails · BizQ", emails.ON_LOAD),
    Page(routes.CUSTOMERS, customers.customers_page, "Customers · BizQ", customers.ON_LOAD),
    Page(
        routes.STOREFRONT,
        storefront.storefront_page,
        StorefrontState.shop_title,
        storefront.ON_LOAD,
        description=SHOP_DESCRIPTION,
    ),
    Page(
        routes.STOREFRONT_CHECKOUT,
        storefront.checkout_page,
        StorefrontState.checkout_title,
        storefront.CHECKOUT_ON_LOAD,
    ),
    Page(
        routes.STOREFRONT_PRODUCT,
        storefront_product.storefront_product_page,
        ProductPageState.product_title,
        storefront_product.ON_LOAD,
        description=SHOP_DESCRIPTION,
    ),
    Page(
        routes.ORDER_STATUS,
        order_status.order_status_page,
        order_status.OrderStatusState.title,
        order_status.ON_LOAD,
    ),
    Page(routes.TEMPLATES, templates.templates_page, "Templates · BizQ", templates.ON_LOAD),
    Page(
        routes.AUTOMATIONS,
        automations.automations_page,
        "Automations · BizQ",
        automations.ON_LOAD,
        AutomationsState,
    ),
    Page(routes.BUILDER, builder.builder_page, "Dashboard builder · BizQ", builder.ON_LOAD),
    Page(routes.SUPPLIERS, suppliers.suppliers_page, "Suppliers · BizQ", suppliers.ON_LOAD),
    Page(routes.APPROVALS, approvals.approvals_page, "Approvals · BizQ", approvals.ON_LOAD),
    Page(routes.PRODUCT, product.product_page, "Product · BizQ", product.ON_LOAD),
    Page(routes.PRODUCTS, products.products_page, "Products · BizQ", products.LIST_ON_LOAD),
)


def add_pages(app: rx.App) -> None:
    """Register every page with the app, and the live ones with the live relay."""
    for page in PAGES:
        app.add_page(
            page.component,
            route=page.route,
            title=page.title,
            description=page.description,
            on_load=page.on_load,
        )
        if page.live is not None:
            live.LIVE_PAGES[page.route] = page.live
