"""A connection's secrets as saved (encrypted, ``core.crypto``), and the refresh token a
channel rotates, saved by compare-and-swap.

Every client of a connection gets its access token from the connection's shared tokens
(``integrations.channels.tokens.SharedTokens``); the one that refreshes reads the refresh
token saved now (``SavedTokens.current``) and, when the channel hands over a new one,
saves it only in place of the one it used: ``UPDATE … WHERE ciphertext = <the blob it
read>``, changing the refresh token alone. A re-connect that saved new secrets meanwhile
keeps them, and is never overwritten by a client's older copy.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col

from bizq_app.channels.models import ChannelConnection, SyncEntry
from bizq_app.core import crypto
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, session_scope
from bizq_app.integrations.channels import tokens

PURPOSE = "channel-credentials"
SWAP_TRIES = 5  # a write of the same row in between (a test, a rename) makes it read again


def read(row: ChannelConnection) -> dict[str, str]:
    """The connection's secrets, decrypted."""
    secrets: dict[str, str] = json.loads(crypto.decrypt(row.ciphertext, PURPOSE))
    return secrets


def sealed(secrets: dict[str, str]) -> str:
    """The secrets as the row keeps them."""
    return crypto.encrypt(json.dumps(secrets), PURPOSE)


def shared_tokens(
    connection_id: uuid.UUID, open_session: OpenSession = session_scope
) -> tokens.SharedTokens:
    """The tokens every client of the connection shares."""
    return tokens.SharedTokens(str(connection_id), SavedTokens(connection_id, open_session))


@dataclass(frozen=True)
class SavedTokens:
    """The connection's refresh token in its row (``tokens.SavedRefreshToken``); each read
    and write is a short unit of its own, made between the client's calls to the channel."""

    connection_id: uuid.UUID
    open_session: OpenSession = session_scope

    def current(self) -> str:
        with self.open_session() as session:
            row = session.get(ChannelConnection, self.connection_id)
            return read(row).get("refresh_token", "") if row is not None else ""

    def replace(self, used: str, new: str) -> bool:
        for _ in range(SWAP_TRIES):
            with self.open_session() as session:
                row = session.get(ChannelConnection, self.connection_id)
                secrets = read(row) if row is not None else {}
                if row is None or secrets.get("refresh_token") != used:
                    return False  # disconnected, or connected again with other secrets
                if _swapped(session, row, {**secrets, "refresh_token": new}, used):
                    return True
        return False


def _swapped(session: Session, row: ChannelConnection, secrets: dict[str, str], used: str) -> bool:
    """Save ``secrets`` if the row still holds the blob read (the last 4 shown follow the
    refresh token when they were its); the sync log says a new refresh token was kept,
    never what it is."""
    values: dict[str, object] = {"ciphertext": sealed(secrets), "updated_at": utcnow()}
    if row.last4 and row.last4 == used[-4:]:
        values["last4"] = secrets["refresh_token"][-4:]
    done = session.execute(
        update(ChannelConnection)
        .where(
            col(ChannelConnection.id) == row.id,
            col(ChannelConnection.ciphertext) == row.ciphertext,
        )
        .values(**values)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        return False
    session.add(
        SyncEntry(
            store_id=row.store_id,
            connection_id=row.id,
            kind="token",
            outcome="The channel handed over a new refresh token: kept.",
        )
    )
    return True
