"""Reflex configuration, derived from BizQ's settings (see README.md)."""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from bizq_app.core.settings import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="bizq_app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    frontend_port=_settings.port,
    backend_port=_settings.port,
    # With BIZQ_REDIS_URL set, Reflex keeps page state in Redis so several
    # web processes can serve the same users.
    redis_url=_settings.redis_url,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="iris", radius="medium"))],
    disable_plugins=[SitemapPlugin],
)
