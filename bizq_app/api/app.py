"""The REST API, mounted in front of Reflex under ``/api``."""

from __future__ import annotations

from fastapi import FastAPI

import bizq_app.wiring  # noqa: F401  (registers what higher domains plug into lower ones)
from bizq_app.api import (
    approvals,
    billing,
    body_limits,
    channels,
    dashboards,
    health,
    payments,
    problems,
    quotas,
    setup,
    sourcing,
    storefront,
)
from bizq_app.api.accounts import auth, stores
from bizq_app.api.catalog import media, products
from bizq_app.api.sales import customers, emails, orders, reviews
from bizq_app.api.tasks import marketplace, tasks, workers

API_PREFIX = "/api"


def build_api() -> FastAPI:
    """The FastAPI app with every router and the problem+json error mapping."""
    api = FastAPI(
        title="BizQ API",
        version="1",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    routers = (
        health.router,
        auth.router,
        setup.router,
        stores.router,
        billing.router,
        marketplace.router,
        tasks.router,
        products.router,
        approvals.router,
        sourcing.router,
        media.router,
        orders.router,
        reviews.router,
        storefront.router,
        customers.router,
        emails.router,
        channels.router,
        payments.router,
        workers.router,
        dashboards.router,
    )
    for router in routers:
        api.include_router(router, prefix=API_PREFIX)
    problems.install(api)
    quotas.install(api)
    body_limits.install(api)  # outermost: before anything reads a body
    return api
