"""Helpers for tests with real processes on loopback: starting and stopping them, waiting on
them, the projection workers' metrics and positions, where HAProxy sends each shop, the read
models' rows, and a large backlog of events written straight into the store."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import httpx
import psycopg
import websockets
from eventsourcing.persistence import StoredEvent
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from domain.conversation import Conversation
from interfaces.readcli import open_services
from tests.conftest import POSTGRES_URL, postgres_schema_url
from tests.e2e.server import BIN

PROJECTIONS = {"conversation_index", "task_metrics", "customer_balances", "outbox", "bill_numbers"}


SUBPROTOCOLS = ["bolkhata"]


@contextlib.contextmanager
def fresh_schema() -> Iterator[str]:
    """A new, empty (unmigrated) schema."""
    schemas = postgres_schema_url()
    try:
        yield next(schemas)
    finally:
        next(schemas, None)


@contextlib.contextmanager
def spawned(tmp_path: Path) -> Iterator[list[tuple[subprocess.Popen[bytes], Path]]]:
    """Processes started by the test (with their logs); all stopped at the end."""
    children: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        yield children
    finally:
        for child, _ in children:
            if child.poll() is None:
                child.terminate()
        for child, log in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            print(f"--- {log.name}", *log.read_text(errors="replace").splitlines()[-40:], sep="\n")


def start(
    children: list[tuple[subprocess.Popen[bytes], Path]],
    tmp_path: Path,
    name: str,
    *args: str,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    log = tmp_path / f"{name}.log"
    with log.open("wb") as out:
        child = subprocess.Popen(
            [str(BIN / "bolkhata"), *args],
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    children.append((child, log))
    return child


def wait_for(check: Any, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if found := check():
                return found
        except (httpx.TransportError, OSError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def healthy(port: int) -> bool:
    return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200


def worker_metrics(port: int) -> dict[str, dict[str, float]]:
    """{metric: {projection: value}} from a worker's own endpoint."""
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    found: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        match = re.match(r'(bolkhata_projection_\w+)\{projection="(\w+)",[^}]*\} (\S+)', line)
        if match:
            found.setdefault(match[1], {})[match[2]] = float(match[3])
    return found


def leaders(ports: list[int]) -> dict[str, list[int]]:
    """For each projection, the metrics ports of the workers leading it."""
    out: dict[str, list[int]] = {name: [] for name in PROJECTIONS}
    for port in ports:
        for name, value in worker_metrics(port).get("bolkhata_projection_leader", {}).items():
            if value == 1:
                out[name].append(port)
    return out


def one_leader_each(ports: list[int]) -> dict[str, int] | None:
    found = leaders(ports)
    if all(len(ports_) == 1 for ports_ in found.values()):
        return {name: ports_[0] for name, ports_ in found.items()}
    return None


def caught_up(port: int) -> bool:
    lag = worker_metrics(port).get("bolkhata_projection_lag_events", {})
    return set(lag) == PROJECTIONS and not any(lag.values())


def positions(database_url: str) -> dict[str, int]:
    schema = parse_qs(urlparse(database_url).query)["schema"][0]
    found = {}
    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        for name in PROJECTIONS:
            # The library keeps a '__migration__' row in every tracking table: not a position.
            row = connection.execute(
                f'SELECT max(notification_id) FROM "{schema}"."rm_{name}_tracking" '  # noqa: S608
                "WHERE application_name <> '__migration__'"
            ).fetchone()
            found[name] = row[0] if row and row[0] is not None else 0
    return found


async def ready_frame(url: str) -> dict[str, Any]:
    async with websockets.connect(url, subprotocols=SUBPROTOCOLS, open_timeout=10) as ws:  # type: ignore[arg-type]
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
        return frame


async def landing(haproxy: int, tokens: dict[str, str]) -> dict[str, str]:
    """Which server each shop's connection lands on (connections that fail are tried again)."""
    gate = asyncio.Semaphore(10)

    async def one(shop: str) -> tuple[str, str]:
        url = f"ws://127.0.0.1:{haproxy}/ws/voice?token={tokens[shop]}&shop={shop}"
        for _ in range(50):
            async with gate:
                try:
                    return shop, (await ready_frame(url))["server"]
                except (OSError, ConnectionClosed, InvalidHandshake, InvalidStatus, TimeoutError):
                    pass
            await asyncio.sleep(0.2)
        # A TimeoutError (an OSError): wait_for() tries the landing again while the ring settles.
        raise TimeoutError(f"shop {shop} found no server")

    return dict(await asyncio.gather(*(one(shop) for shop in tokens)))


def read_models(database_url: str, *, rebuild: bool = False) -> dict[str, list[Any]]:
    services = open_services(database_url)
    try:
        if rebuild:
            services.projections.rebuild()
        dump: dict[str, list[Any]] = {}
        for projection in services.projections.projections.values():
            for table in projection.tables:
                rows = projection.view.select(table)
                dump[table.name] = sorted(rows, key=lambda row: repr(table.key_of(row)))
        return dump
    finally:
        services.close()


def write_backlog(database_url: str, events: int) -> int:
    """`events` events of closed conversations (100 each), stored in a few large inserts.

    One conversation is built through the domain and mapped once; the others are its stored
    events under new ids (quicker than building 1,000 aggregates). Returns the last
    notification id."""
    services = open_services(database_url)
    try:
        at = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Kolkata"))
        model = Conversation.start("backlog", at, uuid.uuid4())
        for minute in range(49):
            moment = at + timedelta(minutes=minute)
            model.start_listening("client", None, moment)
            model.stop_listening(moment + timedelta(seconds=30))
        model.end(at + timedelta(hours=1))
        stored = [services.store.mapper.to_stored_event(e) for e in model.collect_events()]
        assert len(stored) == 100
        recorder = services.store.recorder
        batch: list[StoredEvent] = []
        for _ in range(events // len(stored)):
            originator = uuid.uuid4()
            batch += [
                StoredEvent(originator, s.originator_version, s.topic, s.state) for s in stored
            ]
            if len(batch) >= 10_000:
                recorder.insert_events(batch)
                batch = []
        if batch:
            recorder.insert_events(batch)
        return recorder.max_notification_id() or 0
    finally:
        services.close()
