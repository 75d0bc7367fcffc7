"""The REST API, mounted in front of Reflex under ``/api``."""

from __future__ import annotations

from fastapi import FastAPI

from bizq_app.api import (
    approvals,
    auth,
    credits,
    customers,
    health,
    marketplace,
    media,
    orders,
    problems,
    products,
    reviews,
    setup,
    storefront,
    stores,
    suppliers,
    tasks,
    templates,
    webhooks,
    workers,
)

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
        credits.router,
        marketplace.router,
        tasks.router,
        products.router,
        approvals.router,
        suppliers.router,
        media.router,
        orders.router,
        reviews.router,
        storefront.router,
        customers.router,
        webhooks.router,
        workers.router,
        templates.router,
    )
    for router in routers:
        api.include_router(router, prefix=API_PREFIX)
    problems.install(api)
    return api
