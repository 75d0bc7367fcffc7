"""The Reflex entry point: the app, its pages and the REST API in front of them."""

import reflex as rx

from bizq_app.api.app import build_api
from bizq_app.core.logging import configure_logging
from bizq_app.core.settings import get_settings
from bizq_app.jobs.sweeper import sweep_forever
from bizq_app.jobs.worker import start_embedded_worker
from bizq_app.ui import live, routes
from bizq_app.ui.pages import (
    approvals,
    auth,
    automations,
    builder,
    customers,
    dashboard,
    emails,
    marketplace,
    order_status,
    orders,
    products,
    settings,
    setup,
    storefront,
    storefront_product,
    suppliers,
    tasks,
    templates,
    workers,
)
from bizq_app.ui.pages.stores import stores_page
from bizq_app.ui.state import SessionState

configure_logging()

app = rx.App(
    api_transformer=build_api(),
    stylesheets=["/bizq.css"],
)

signed_in = SessionState.load_session
app.add_page(auth.login_page, route=routes.LOGIN, title="Log in · BizQ", on_load=auth.ON_LOAD)
app.add_page(auth.signup_page, route=routes.SIGNUP, title="Sign up · BizQ", on_load=auth.ON_LOAD)
app.add_page(
    dashboard.dashboard_page,
    route=routes.DASHBOARD,
    title="Dashboard · BizQ",
    on_load=dashboard.ON_LOAD,
)
app.add_page(stores_page, route=routes.STORES, title="Stores · BizQ", on_load=signed_in)
app.add_page(
    settings.settings_page, route=routes.SETTINGS, title="Settings · BizQ", on_load=settings.ON_LOAD
)
app.add_page(tasks.tasks_page, route=routes.TASKS, title="Tasks · BizQ", on_load=tasks.ON_LOAD)
app.add_page(
    marketplace.marketplace_page,
    route=routes.MARKETPLACE,
    title="Marketplace · BizQ",
    on_load=marketplace.ON_LOAD,
)
app.add_page(
    workers.workers_page, route=routes.WORKERS, title="Workers · BizQ", on_load=workers.ON_LOAD
)
app.add_page(
    setup.setup_page, route=routes.SETUP, title="Quick setup · BizQ", on_load=setup.ON_LOAD
)
app.add_page(orders.orders_page, route=routes.ORDERS, title="Orders · BizQ", on_load=orders.ON_LOAD)
app.add_page(
    emails.emails_page, route=routes.EMAILS, title="E-mails · BizQ", on_load=emails.ON_LOAD
)
app.add_page(
    customers.customers_page,
    route=routes.CUSTOMERS,
    title="Customers · BizQ",
    on_load=customers.ON_LOAD,
)
app.add_page(
    storefront.storefront_page,
    route=routes.STOREFRONT,
    title="Shop",
    on_load=storefront.ON_LOAD,
)
app.add_page(
    storefront_product.storefront_product_page,
    route=routes.STOREFRONT_PRODUCT,
    title="Shop",
    on_load=storefront_product.ON_LOAD,
)
app.add_page(
    order_status.order_status_page,
    route=routes.ORDER_STATUS,
    title="Your order",
    on_load=order_status.ON_LOAD,
)
app.add_page(
    templates.templates_page,
    route=routes.TEMPLATES,
    title="Templates · BizQ",
    on_load=templates.ON_LOAD,
)
app.add_page(
    automations.automations_page,
    route=routes.AUTOMATIONS,
    title="Automations · BizQ",
    on_load=automations.ON_LOAD,
)
app.add_page(
    builder.builder_page,
    route=routes.BUILDER,
    title="Dashboard builder · BizQ",
    on_load=builder.ON_LOAD,
)
app.add_page(
    suppliers.suppliers_page,
    route=routes.SUPPLIERS,
    title="Suppliers · BizQ",
    on_load=suppliers.ON_LOAD,
)
app.add_page(
    approvals.approvals_page,
    route=routes.APPROVALS,
    title="Approvals · BizQ",
    on_load=approvals.ON_LOAD,
)
app.add_page(
    products.product_page, route=routes.PRODUCT, title="Product · BizQ", on_load=products.ON_LOAD
)
app.add_page(
    products.products_page,
    route=routes.PRODUCTS,
    title="Products · BizQ",
    on_load=products.LIST_ON_LOAD,
)

app.register_lifespan_task(sweep_forever)
app.register_lifespan_task(live.relay)
if get_settings().uses_embedded_redis:
    app.register_lifespan_task(lambda: start_embedded_worker())
