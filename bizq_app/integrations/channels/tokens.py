"""A connection's access token, shared by every client of it in every process.

A channel that rotates its refresh token (Etsy, TikTok Shop) retires the one used at each
grant: two clients that refresh at once with the same one leave one of them refused, and
whichever saves last may save a retired token, signing the connection out. So each
connection has one refresh at a time:

- the access token is kept in Redis, encrypted (``core.crypto``), until shortly before
  it expires, and every client uses it meanwhile;
- without one, a client takes the connection's Redis lock, looks again (another may have
  just refreshed), reads the refresh token saved *now* — not its own copy —, runs the
  grant, and has a rotated refresh token saved only in place of the one it used
  (``SavedRefreshToken.replace``, a compare-and-swap), so a re-connect's new secrets
  saved meanwhile are kept, and the access token it got is then not shared.

A channel whose refresh token does not rotate shares its access token the same way: its
grant hands back no refresh token (eBay) or the one it was given (Login with Amazon), so
nothing is saved and ``replace`` is never called. A token got without a refresh token —
Walmart's client credentials, eBay's application token — has a grant that ignores the
one it is given; a second token of a connection (eBay's application token beside the
seller's) is shared under a name of its own (``SharedTokens.beside``), reading and saving
no refresh token at all. A token the channel refuses before it should expire (revoked,
or a clock ahead) is dropped (``SharedTokens.drop``), so the next client asks again.
"""

from __future__ import annotations

from typing import Protocol

from redis import Redis
from redis.client import Pipeline
from redis.exceptions import LockError, WatchError
from redis.lock import Lock

from bizq_app.core import crypto
from bizq_app.core.errors import Unavailable
from bizq_app.core.queue import get_redis
from bizq_app.integrations.channels import TOKEN_MARGIN_SECONDS, Grant, RefreshGrant

PURPOSE = "channel-access-token"
TOKEN_KEY = "bizq:channel-token:{}"
LOCK_KEY = "bizq:channel-token-lock:{}"
BESIDE = ("application",)  # the other tokens a connection may have (``SharedTokens.beside``)
LOCK_SECONDS = 90  # longer than a grant's call may take; a crashed holder's lock lapses
WAIT_SECONDS = 60  # how long a client waits for another's refresh


class SavedRefreshToken(Protocol):
    """Where a connection's refresh token is saved (the channels domain's row)."""

    def current(self) -> str:
        """The refresh token saved now."""
        ...

    def replace(self, used: str, new: str) -> bool:
        """Save ``new`` in place of ``used`` only while ``used`` is the one saved; False
        when another was saved meanwhile (a re-connect), which is then kept."""
        ...


class NoRefreshToken:
    """The ``SavedRefreshToken`` of a token got without one (client credentials)."""

    def current(self) -> str:
        return ""

    def replace(self, used: str, new: str) -> bool:
        return False


class SharedTokens:
    """The ``TokenSource`` of a connection's clients (see the module's docstring)."""

    def __init__(self, key: str, saved: SavedRefreshToken, redis: Redis | None = None) -> None:
        self._key, self._saved = key, saved
        self._redis = redis if redis is not None else get_redis()

    def beside(self, name: str) -> SharedTokens:
        """The connection's other token ``name`` (one of ``BESIDE``), got without a refresh
        token and shared the same way."""
        assert name in BESIDE, name
        return SharedTokens(f"{self._key}:{name}", NoRefreshToken(), self._redis)

    def drop(self, refused: str) -> None:
        """Stop sharing ``refused``, an access token the channel no longer takes, unless
        another client has shared a new one meanwhile."""
        key = TOKEN_KEY.format(self._key)
        with self._redis.pipeline() as pipe:
            try:
                pipe.watch(key)
                if self._cached_in(pipe) == refused:
                    pipe.multi()
                    pipe.delete(key)
                    pipe.execute()
            except WatchError:  # shared anew meanwhile: that one is kept
                pass

    def access_token(self, grant: RefreshGrant) -> str:
        cached = self._cached()
        if cached:
            return cached
        lock = self._redis.lock(
            LOCK_KEY.format(self._key), timeout=LOCK_SECONDS, blocking_timeout=WAIT_SECONDS
        )
        if not lock.acquire():
            raise Unavailable("The channel's sign-in is taking long; try again shortly.")
        try:
            return self._cached() or self._refreshed(grant)
        finally:
            _release(lock)

    def _refreshed(self, grant: RefreshGrant) -> str:
        used = self._saved.current()
        got = grant(used)
        rotated = bool(got.refresh_token) and got.refresh_token != used
        if not rotated or self._saved.replace(used, got.refresh_token):
            self._share(got)
        return got.access_token

    def _cached(self) -> str:
        return self._cached_in(self._redis)

    def _cached_in(self, redis: Redis | Pipeline) -> str:
        found = redis.get(TOKEN_KEY.format(self._key))
        if not found:
            return ""
        text = found.decode() if isinstance(found, bytes) else str(found)
        return crypto.decrypt(text, PURPOSE)

    def _share(self, got: Grant) -> None:
        seconds = got.expires_in - TOKEN_MARGIN_SECONDS
        if seconds > 0:
            sealed = crypto.encrypt(got.access_token, PURPOSE)
            self._redis.set(TOKEN_KEY.format(self._key), sealed, ex=seconds)


def forget(key: str, redis: Redis | None = None) -> None:
    """Drop the connection's shared access tokens (its credentials were replaced)."""
    keys = [TOKEN_KEY.format(key), *(TOKEN_KEY.format(f"{key}:{name}") for name in BESIDE)]
    (redis if redis is not None else get_redis()).delete(*keys)


def _release(lock: Lock) -> None:
    try:
        lock.release()
    except LockError:  # it lapsed during a very slow grant: another may hold it now
        pass
