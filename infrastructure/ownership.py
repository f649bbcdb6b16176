"""Shop ownership on PostgreSQL: one advisory lock per owned shop, on a dedicated connection.

A process owns a shop while its lock connection holds `pg_try_advisory_lock(hash64(shop))`
(libpq keepalives on, so a vanished peer's locks are freed). A second connection LISTENs on
the control channel: a process that wants a shop NOTIFYs there, the owner hands it over and
unlocks; past the deadline the asker terminates the holder's lock backend. The watcher thread
looks at the lock connection every `check_seconds`: when it is gone (terminated, a database
restart) it takes the locks again on a new one, and the shops another process took are lost.
Memory says "owned" only while the last look is recent (`lease`), so a process that was
frozen learns it lost its shops before it writes (the conversations' claims fence it anyway).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from typing import Any

import psycopg

from application.sessions.ownership import OwnershipEvents, ShopUnavailable
from infrastructure.schema import connect, lock_key

log = logging.getLogger("bolkhata.ownership")

CHECK_SECONDS = 2.0  # how often the lock connection is looked at
HANDOVER_SECONDS = 3.0  # how long an owner has to hand a shop over before it is cut off
POLL_SECONDS = 0.05  # how often an asker tries the lock while the owner hands over
OUTAGE_SECONDS = 30.0  # how long shops stay held, unconfirmed, while the database is away
WAKE_SECONDS = 0.25  # how soon the watcher notices stop()

KEY = "hashtextextended(%s, 0)"
# The backend holding a shop's lock: a bigint advisory key is (classid, objid) = (high, low).
HOLDER = f"""
SELECT l.pid FROM pg_locks l, (SELECT {KEY} AS k) key
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND l.classid::bigint = (key.k >> 32) & 4294967295 AND l.objid::bigint = key.k & 4294967295
"""


def process_name() -> str:
    """This process, as `session:ready.server` and `OwnerClaimed.owner` name it."""
    return f"{socket.gethostname()}:{os.getpid()}"


class PostgresOwnership:
    """The shops this process owns, and the hand-over protocol between processes."""

    fenced = True

    def __init__(
        self,
        database_url: str,
        schema: str,
        *,
        name: str | None = None,
        check_seconds: float = CHECK_SECONDS,
        handover_seconds: float = HANDOVER_SECONDS,
    ) -> None:
        self.database_url = database_url
        self.schema = schema
        self.name = name or process_name()
        self.check_seconds = check_seconds
        self.handover_seconds = handover_seconds
        self.lease = 3 * check_seconds
        self.channel = f"bolkhata_shops_{schema}"[:63]
        self.held: dict[str, str] = {}  # shop → lock key
        self.confirmed = time.monotonic()
        self.terminated = 0  # holders cut off after the deadline
        self._mutex = threading.RLock()  # the lock connection: one statement at a time
        self._connection: psycopg.Connection[Any] | None = None
        self._events: OwnershipEvents | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="shop-ownership", daemon=True)

    def _key(self, shop: str) -> str:
        return lock_key("shop", self.schema, shop)

    # The port

    def start(self, events: OwnershipEvents) -> None:
        self._events = events
        self._thread.start()

    def owns(self, shop: str) -> bool:
        return shop in self.held and time.monotonic() - self.confirmed < self.lease

    def confirm(self, shop: str) -> bool:
        """Through a database outage this waits (up to OUTAGE_SECONDS), like a save."""
        deadline = time.monotonic() + OUTAGE_SECONDS
        while True:
            self._check()
            if shop not in self.held or self.owns(shop):
                return shop in self.held
            if time.monotonic() > deadline:
                return False
            time.sleep(0.5)

    def owned(self) -> list[str]:
        return sorted(self.held)

    def acquire(self, shop: str) -> bool:
        key = self._key(shop)
        asked, deadline = False, time.monotonic() + self.handover_seconds
        cut_off = False
        try:
            while True:
                with self._mutex:
                    if shop in self.held:
                        return False
                    if self._try_lock(key):
                        self.held[shop] = key
                        log.info("shop=%s owned", shop)
                        return True
                if not asked:
                    self._ask(shop)
                    asked = True
                elif time.monotonic() > deadline:
                    if cut_off:
                        raise ShopUnavailable(f"shop {shop} is held and its holder stays")
                    self._cut_off(key, shop)
                    cut_off, deadline = True, time.monotonic() + self.handover_seconds
                time.sleep(POLL_SECONDS)
        except psycopg.Error as error:
            with self._mutex:
                self._drop_connection()  # the watcher takes the other shops' locks again
            raise ShopUnavailable(f"shop {shop}: {error}") from error

    def release(self, shop: str) -> None:
        with self._mutex:
            key = self.held.pop(shop, None)
            if key is None or self._connection is None:
                return
            try:
                self._connection.execute(f"SELECT pg_advisory_unlock({KEY})", (key,))
                log.info("shop=%s handed over", shop)
            except psycopg.Error:
                self._drop_connection()  # unlocked with it; the others are taken again

    def close(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(5)
        with self._mutex:
            if self._connection is not None:
                self._connection.close()
            self._connection = None
            self.held.clear()

    # The lock connection

    def _lock_connection(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed:
            self._connection = connect(self.database_url, f"bolkhata owner {self.name}")
        return self._connection

    def _drop_connection(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self._connection = None

    def _try_lock(self, key: str) -> bool:
        row = (
            self._lock_connection()
            .execute(f"SELECT pg_try_advisory_lock({KEY})", (key,))
            .fetchone()
        )
        return bool(row and row[0])

    def _ask(self, shop: str) -> None:
        payload = json.dumps({"shop": shop, "by": self.name})
        with self._mutex:  # on the lock connection: no connection per request
            self._lock_connection().execute("SELECT pg_notify(%s, %s)", (self.channel, payload))

    def _cut_off(self, key: str, shop: str) -> None:
        """Past the deadline: the holder's lock backend is terminated (its locks go with it)."""
        with self._mutex:
            connection = self._lock_connection()
            for (pid,) in connection.execute(HOLDER, (key,)).fetchall():
                connection.execute("SELECT pg_terminate_backend(%s)", (pid,))
                self.terminated += 1
                log.warning("shop=%s holder backend %s terminated after the deadline", shop, pid)

    def _check(self) -> None:
        with self._mutex:
            if not self.held:
                self.confirmed = time.monotonic()
                return
            try:
                if self._connection is not None and not self._connection.closed:
                    self._connection.execute("SELECT 1")
                    self.confirmed = time.monotonic()
                    return
            except psycopg.Error:
                self._drop_connection()
            self._relock()

    def _relock(self) -> None:
        """The lock connection broke, and its locks went with it: take them again on a new one.
        A shop another process took meanwhile is lost (its sessions go, sockets closed 4409);
        while the database is away the shops stay held, unconfirmed, for OUTAGE_SECONDS. A
        shop taken, used and let go by another meanwhile is fenced by its claims."""
        try:
            lost = [shop for shop, key in self.held.items() if not self._try_lock(key)]
        except psycopg.Error:
            self._drop_connection()
            if time.monotonic() - self.confirmed > OUTAGE_SECONDS:
                self._lose(sorted(self.held))
            return
        self.confirmed = time.monotonic()
        self._lose(lost)

    def _lose(self, shops: list[str]) -> None:
        for shop in shops:
            self.held.pop(shop, None)
        if shops:
            log.warning("lock connection lost: shops %s dropped", ", ".join(shops))
            if self._events is not None:
                self._events.shops_lost(shops)

    # The watcher: hand-over requests, and a look at the locks every check_seconds

    def _watch(self) -> None:
        while not self._stopping.is_set():
            try:
                with connect(self.database_url, f"bolkhata listener {self.name}") as listener:
                    listener.execute(f'LISTEN "{self.channel}"')
                    self._listen(listener)
            except Exception:  # a lost listener: log, pause, listen again
                log.exception("ownership listener failed; listening again")
                self._stopping.wait(1.0)

    def _listen(self, listener: psycopg.Connection[Any]) -> None:
        checked = time.monotonic()
        while not self._stopping.is_set():
            for notify in listener.notifies(timeout=WAKE_SECONDS, stop_after=1):
                self._asked(notify.payload)
            if time.monotonic() - checked >= self.check_seconds:
                self._check()
                checked = time.monotonic()

    def _asked(self, payload: str) -> None:
        try:
            request = json.loads(payload)
        except ValueError:
            return
        shop = request.get("shop")
        if shop in self.held and request.get("by") != self.name and self._events is not None:
            log.info("shop=%s hand-over asked by %s", shop, request.get("by"))
            self._events.hand_over_requested(shop)
