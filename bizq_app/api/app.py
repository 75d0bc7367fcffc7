"""The REST API, mounted in front of Reflex under ``/api``."""

from __future__ import annotations

from fastapi import FastAPI

from bizq_app.api import auth, health, problems, stores

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
    for router in (health.router, auth.router, stores.router):
        api.include_router(router, prefix=API_PREFIX)
    problems.install(api)
    return api
