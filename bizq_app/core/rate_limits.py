"""Rate limits and plan quotas, counted in Redis so every web process shares them (in this
process's memory on the embedded default), with the ``limits`` library's sliding window.

Each rule has a name and a rate such as ``30/minute``; ``BIZQ_RATE_LIMITS`` (JSON)
overrides any of ``DEFAULTS``. The ``channel_*`` rules pace BizQ's own calls to a
marketplace (``pace``: wait for room instead of being refused), at the rate the
marketplace documents, shared by every process that calls it. A rule counts per key: an
IP address, an account, a store. Going over answers 429 with how long to wait; nothing is
ever locked for good — every count drains with its window.

Where several rules apply to one request, the narrowest key goes first (the address, then
the account or the store) and a request one rule refuses is not counted by the rules
after it: one address over its own limit cannot use up a whole store's or account's
allowance and so shut everybody else out.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter

from bizq_app.core.errors import BizQError
from bizq_app.core.settings import get_settings

DEFAULTS = {
    "login_ip": "30/minute",  # log-in attempts from one address
    "login_account_ip": "10/15 minutes",  # wrong passwords for one account from one address
    "login_account": "50/15 minutes",  # ... from every address: a distributed guess
    "password_account": "5/15 minutes",  # wrong current passwords when changing it
    "signup_ip": "20/hour",
    "signup_notice_email": "3/day",  # e-mails telling an account of a sign-up with its address
    "password_reset_ip": "10/hour",  # password-reset links asked for from one address
    "password_reset_email": "3/hour",  # ... and for one e-mail address: no inbox flooding
    "checkout_ip": "30/minute",
    "checkout_store": "600/minute",
    "declines_ip": "5/10 minutes",  # declined cards from one address: card testing
    "storefront_events_ip": "120/minute",
    "health_round_trip": "10/minute",
    "webhook": "600/minute",  # order webhooks to one channel connection: a busy shop's burst
    "ebay_public_key": "5/minute",  # eBay keys fetched for unknown key ids, per connection
    "plan_free": "120/minute",  # API requests of a signed-in user, by their stores' best plan
    "plan_growth": "600/minute",
    "plan_scale": "3000/minute",
    # Calls to a marketplace, a little under what it documents (so that the clocks' and the
    # network's jitter never meets a refusal):
    "channel_amazon": "4/second",  # SP-API Listings Items: a token bucket, 5/s, burst 5
    "channel_etsy": "8/second",  # Open API v3: 10 requests a second per app
}


class TooManyRequests(BizQError):
    """Over a rate limit; ``retry_after`` says in how many seconds to try again."""

    code = "too_many_requests"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Usage:
    """Where a key stands under a rule: the IETF ``RateLimit`` header fields."""

    rule: str
    limit: int
    window: int  # seconds
    remaining: int
    reset: int  # seconds until the count has room again

    @property
    def policy_header(self) -> str:
        return f'"{self.rule}";q={self.limit};w={self.window}'

    @property
    def header(self) -> str:
        return f'"{self.rule}";r={self.remaining};t={self.reset}'


def hit(rule: str, *key: str) -> Usage:
    """Count one request under ``rule`` for ``key``.

    Raises:
        TooManyRequests: the key was already at the limit (this one is not counted).
    """
    item = _item(rule)
    allowed = _limiter().hit(item, rule, *key)
    usage = _usage(rule, item, key)
    if not allowed:
        raise TooManyRequests(_too_many(rule, usage.reset), usage.reset)
    return usage


def take(rule: str, *key: str) -> None:
    """``hit`` for a caller that shows no usage: one round trip to Redis while under
    the limit.

    Raises:
        TooManyRequests: the key was already at the limit (this one is not counted).
    """
    item = _item(rule)
    if not _limiter().hit(item, rule, *key):
        reset = _usage(rule, item, key).reset
        raise TooManyRequests(_too_many(rule, reset), reset)


def check(rule: str, *key: str) -> Usage:
    """Where ``key`` stands, without counting.

    Raises:
        TooManyRequests: the key is at the limit.
    """
    item = _item(rule)
    usage = _usage(rule, item, key)
    if usage.remaining <= 0:
        raise TooManyRequests(_too_many(rule, usage.reset), usage.reset)
    return usage


def count(rule: str, *key: str) -> None:
    """Count one event (a failed log-in, a declined card) without refusing anything."""
    _limiter().hit(_item(rule), rule, *key)


def remember(name: str, *key: str, days: int) -> None:
    """Note ``key`` under ``name`` for ``days`` from its first note (an address an account
    logged in from), kept where the counts are, so every process sees it."""
    _storage().incr(_note(name, key), days * 24 * 3600)


def remembered(name: str, *key: str) -> bool:
    """Whether ``key`` was noted under ``name`` and the note still lasts."""
    return bool(_storage().get(_note(name, key)))


def _note(name: str, key: tuple[str, ...]) -> str:
    return "/".join(("bizq-note", name, *key))


def pace(rule: str, *key: str, most_seconds: float = 30.0) -> float:
    """Wait until one more call under ``rule`` fits its rate for ``key`` (a moving window:
    never more in any window than the rule allows), then count it; returns the seconds
    waited. After ``most_seconds`` the call is let through: the channel's own refusal,
    and its back-off, take over."""
    item, limiter, waited = _item(rule), _pacer(), 0.0
    while not limiter.hit(item, rule, *key) and waited < most_seconds:
        reset = limiter.get_window_stats(item, rule, *key).reset_time
        pause = min(max(reset - time.time(), 0.01), 1.0)
        time.sleep(pause)
        waited += pause
    return waited


def _usage(rule: str, item: RateLimitItem, key: tuple[str, ...]) -> Usage:
    stats = _limiter().get_window_stats(item, rule, *key)
    reset_in = max(1, math.ceil(stats.reset_time - time.time()))
    return Usage(rule, item.amount, item.get_expiry(), max(0, stats.remaining), reset_in)


def _too_many(rule: str, seconds: int) -> str:
    return f"Too many requests ({rule.replace('_', ' ')}); try again in {seconds} seconds."


def _item(rule: str) -> RateLimitItem:
    return _parsed(rule, rates().get(rule, ""))


def rates() -> dict[str, str]:
    """Every rule's rate: the defaults, with ``BIZQ_RATE_LIMITS`` on top."""
    return {**DEFAULTS, **get_settings().rate_limits}


@lru_cache(maxsize=64)
def _parsed(rule: str, rate: str) -> RateLimitItem:
    if not rate:
        raise KeyError(f"no rate limit rule called {rule!r}")
    return parse(rate)


@lru_cache(maxsize=1)
def _pacer() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(_storage())  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _limiter() -> SlidingWindowCounterRateLimiter:
    return SlidingWindowCounterRateLimiter(_storage())  # type: ignore[arg-type]


_STORAGE_LOCK = threading.Lock()  # the limits library's Redis storage is not safe to build
# from two threads at once, and the first calls may come from several


@lru_cache(maxsize=1)
def _storage() -> Any:
    with _STORAGE_LOCK:
        url = get_settings().redis_url
        return storage_from_string(url if url else "memory://")
