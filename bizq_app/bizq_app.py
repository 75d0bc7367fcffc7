"""The Reflex entry point: the app, its pages and the REST API in front of them."""

import reflex as rx

from bizq_app.api.app import build_api
from bizq_app.core.logging import configure_logging
from bizq_app.core.settings import get_settings
from bizq_app.jobs.sweeper import sweep_forever
from bizq_app.jobs.worker import start_embedded_worker
from bizq_app.ui import errors, live
from bizq_app.ui.pages import add_pages
from bizq_app.ui.storefront.first_paint import FirstPaint

configure_logging()

app = rx.App(
    # The REST API in front of the app, and in front of both the shop's first paint.
    api_transformer=[build_api(), FirstPaint],
    stylesheets=["/bizq.css"],
    backend_exception_handler=errors.shown,
)

add_pages(app)

app.register_lifespan_task(sweep_forever)
app.register_lifespan_task(live.relay)
if get_settings().uses_embedded_redis:
    app.register_lifespan_task(lambda: start_embedded_worker())
