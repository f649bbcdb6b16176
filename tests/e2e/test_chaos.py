"""Chaos: the database server restarted under load, and the app server SIGKILLed while its
projections catch up. A real `bolkhata serve`, real WebSocket clients, the real database.

The restart is `pg_ctlcluster … restart` of the local cluster: every connection of every
client of that server breaks. With BOLKHATA_CHAOS_DISRUPT=proxy the app server reaches the
database through a TCP proxy that goes down for 3 s instead (open connections cut, new ones
refused), which breaks nobody else's run; the suite and CI use the real restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from application.demo import CUSTOMERS
from domain.ids import customer_id_for
from domain.ledger import CustomerAccount
from interfaces.readcli import open_services
from tests.conftest import POSTGRES_URL
from tests.e2e.processes import read_models, write_backlog
from tests.e2e.server import (
    BIN,
    bolkhata,
    create_token,
    free_port,
    server_process,
    wait_until_healthy,
)

pytestmark = [pytest.mark.e2e]
ENDED = ("task:completed", "task:failed", "task:cancelled")
SESSIONS = 20
CREDITS_PER_SESSION = 5
FIRST_NAMES = [name.split()[0] for name, _ in CUSTOMERS]
LOAD_ENV = {
    "BOLKHATA_CUSTOMER_RATE_PER_MINUTE": "100000",  # 100 credits on 5 customers in seconds
    "BOLKHATA_WORK_DELAY_MS": "400",  # tasks in flight while the database goes away
}


def amount_of(session: int, number: int) -> int:
    """Each credit says a different amount, so every ledger entry names its utterance."""
    return 100 + 10 * session + number


def credit_text(session: int, number: int) -> str:
    name = FIRST_NAMES[session % len(FIRST_NAMES)]
    return f"{name} ko {amount_of(session, number)} rupay udhaar do"


class Client:
    """One shopkeeper: says its credits, loses the socket, resumes until every task ended."""

    def __init__(self, url: str, token: str, index: int) -> None:
        self.url, self.token, self.index = url, token, index
        self.conversation: str | None = None
        self.frames: dict[int, dict[str, Any]] = {}  # by seq: a resume never doubles one
        self.errors: list[dict[str, Any]] = []
        self.resumes = 0
        self.dropped_with_work = False

    def take(self, frame: dict[str, Any]) -> None:
        if frame.get("type") == "error":
            self.errors.append(frame)
        elif "seq" in frame:
            assert self.frames.setdefault(frame["seq"], frame) == frame, "one seq, two frames"

    def count(self, *kinds: str) -> int:
        return sum(f["type"] in kinds for f in self.frames.values())

    def done(self) -> bool:
        return self.count(*ENDED) >= CREDITS_PER_SESSION  # each credit is one task

    @property
    def last_seq(self) -> int:
        return max(self.frames, default=0)

    async def talk(self, disrupted: asyncio.Event) -> None:
        """Say the credits, read until the database has been disrupted, then drop."""
        async with websockets.connect(
            self.url, subprotocols=["bolkhata", f"bearer.{self.token}"]
        ) as ws:
            ready = json.loads(await ws.recv())
            self.conversation = ready["conversation_id"]
            for number in range(CREDITS_PER_SESSION):
                text = credit_text(self.index, number)
                await ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))
            while not disrupted.is_set() and not self.done():
                try:
                    self.take(json.loads(await asyncio.wait_for(ws.recv(), 0.2)))
                except TimeoutError:
                    continue

    async def resume(self, deadline: float) -> None:
        """Reconnect and resume after the last seq seen, again and again, until all ended."""
        while not self.done():
            if time.monotonic() > deadline:
                seen = [(seq, f["type"]) for seq, f in sorted(self.frames.items())]
                raise AssertionError(f"client {self.index} saw no end: {seen} {self.errors}")
            try:
                async with websockets.connect(
                    self.url, subprotocols=["bolkhata", f"bearer.{self.token}"]
                ) as ws:
                    await ws.recv()  # session:ready of a fresh conversation
                    resume = {
                        "type": "session:resume",
                        "conversation_id": self.conversation,
                        "after_seq": self.last_seq,
                    }
                    await ws.send(json.dumps(resume))
                    self.resumes += 1
                    while not self.done():
                        frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
                        if frame["type"] == "error" and frame.get("ref") == "session:resume":
                            break  # the database is still away: try again
                        self.take(frame)
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                pass
            if not self.done():
                await asyncio.sleep(0.5)


@contextlib.contextmanager
def logged_server(
    database_url: str, env: dict[str, str], log_path: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A live server whose output goes to `log_path`; its tail is printed (shown on failure)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log_path.open("w+b") as log:
        process = subprocess.Popen(
            [str(BIN / "bolkhata"), "serve", "--port", str(port), "--database-url", database_url],
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_healthy(base, process, log)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            lines = log_path.read_text(errors="replace").splitlines()
            interesting = [line for line in lines if not line.startswith("INFO:")]
            print("server log, all but INFO lines:", *interesting[-150:], sep="\n")


def restart_postgres() -> None:
    clusters = os.listdir("/etc/postgresql")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "restart"],
        check=True,
        timeout=120,
        capture_output=True,
    )


def backends(application_name: str) -> set[int]:
    """The server processes of PostgreSQL serving one app server's connections."""
    with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", (application_name,)
        ).fetchall()
    return {row[0] for row in rows}


class FlakyProxy:
    """A TCP proxy in front of PostgreSQL that goes down as a restarting server does: every
    open connection is cut, new ones are refused for a while, then it listens again. Only the
    app server behind it sees the outage, so it runs beside other PostgreSQL tests."""

    def __init__(self, host: str = "127.0.0.1", port: int = 5432) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.Server | None = None
        self.open: set[asyncio.StreamWriter] = set()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._call(self._listen())

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(30)

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._pipe, "127.0.0.1", self.port)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.open |= {writer, up_writer}

        async def copy(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, asyncio.CancelledError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(copy(reader, up_writer), copy(up_reader, writer))
        self.open -= {writer, up_writer}

    async def _down(self) -> None:
        assert self.server is not None
        self.server.close()  # refuse new connections
        for writer in list(self.open):
            writer.transport.abort()  # cut the open ones, as a server going away does
        self.open.clear()

    def outage(self, seconds: float) -> None:
        self._call(self._down())
        time.sleep(seconds)
        self._call(self._listen())

    def url(self, database_url: str) -> str:
        return database_url.replace("127.0.0.1:5432", f"127.0.0.1:{self.port}")

    def close(self) -> None:
        self._call(self._down())
        self._call(self._quiet())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()

    async def _quiet(self) -> None:
        """Let the cut pipes finish before the loop stops."""
        assert self.server is not None
        await self.server.wait_closed()
        current = asyncio.current_task()
        rest = [t for t in asyncio.all_tasks() if t is not current]
        for task in rest:
            task.cancel()
        await asyncio.gather(*rest, return_exceptions=True)


async def run_load(url: str, token: str, disrupt: Any) -> list[Client]:
    clients = [Client(url, token, index) for index in range(SESSIONS)]
    disrupted = asyncio.Event()
    talking = [asyncio.ensure_future(c.talk(disrupted)) for c in clients]
    await asyncio.sleep(1.0)  # every session has spoken; tasks are queued and running
    disrupted.set()  # the clients lose their sockets as the database goes: all must resume
    await asyncio.gather(*talking)
    for client in clients:
        client.dropped_with_work = not client.done()
    await asyncio.to_thread(disrupt)
    await resume_all(clients, time.monotonic() + 90)
    return clients


async def resume_all(clients: list[Client], deadline: float) -> None:
    await asyncio.gather(*(c.resume(deadline) for c in clients))


def check_ledgers(database_url: str, clients: list[Client]) -> Counter[str]:
    """Every completed credit is in its customer's ledger exactly once, with its amount; a
    credit that did not complete is in no ledger."""
    outcomes: Counter[str] = Counter()
    services = open_services(database_url)
    try:
        entries: Counter[str] = Counter()
        effects: dict[str, int] = {}
        for name, _ in CUSTOMERS:
            key = customer_id_for("demo", f"demo-seed:customer:{name}")
            account = services.store.get(key, CustomerAccount)
            assert account is not None
            for entry in account.entries:
                entries[entry.task_id] += 1
                effects[entry.task_id] = entry.effect
        for client in clients:
            frames = list(client.frames.values())
            queued = [f["task"] for f in frames if f["type"] == "task:queued"]
            assert len(queued) == CREDITS_PER_SESSION, (client.index, client.errors)
            ended = {f["task_id"]: f for f in frames if f["type"] in ENDED}
            spoken = {
                f["utterance_id"]: f["text"] for f in frames if f["type"] == "transcript:final"
            }
            for task in queued:
                outcome = ended[task["task_id"]]["type"]
                outcomes[outcome] += 1
                assert task["intent"] == "ADD_CREDIT", task
                if outcome == "task:completed":
                    assert entries[task["task_id"]] == 1, task
                    said = spoken[task["utterance_id"]]  # "Rahul ko 123 rupay udhaar do"
                    rupees = int(said.split(" ko ")[1].split()[0])
                    assert effects[task["task_id"]] == rupees * 100, (task, said)
                else:
                    assert entries[task["task_id"]] == 0, (task, ended[task["task_id"]])
        said = {amount_of(c.index, n) * 100 for c in clients for n in range(CREDITS_PER_SESSION)}
        assert {effects[t] for t in effects if not t.startswith("demo-seed")} <= said
    finally:
        services.close()
    return outcomes


@pytest.fixture
def restartable_postgres_url() -> Iterator[str]:
    """A fresh schema, created and dropped on connections of their own: the database server
    restarts in between, which would break a connection held across the test."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI and cannot be reached: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    try:
        yield f"{POSTGRES_URL}?schema={schema}"
    finally:
        deadline = time.monotonic() + 60
        while True:
            try:
                with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as admin:
                    admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
                break
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


@pytest.mark.postgres
def test_database_restart_under_load(restartable_postgres_url: str, tmp_path: Path) -> None:
    postgres_url = restartable_postgres_url
    log_path = tmp_path / "server.log"
    mode = os.environ.get("BOLKHATA_CHAOS_DISRUPT", "restart")  # or "proxy"
    if mode == "restart" and not (
        shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir()
    ):
        if os.environ.get("CI") == "true":
            pytest.fail("the chaos test needs the local cluster's pg_ctlcluster in CI")
        pytest.skip("no local PostgreSQL cluster to restart")
    bolkhata("demo", "seed", "--database-url", postgres_url)
    token = create_token(postgres_url)
    name = f"bolkhata-chaos-{uuid.uuid4().hex[:8]}"
    env = LOAD_ENV | {"PGAPPNAME": name}
    proxy = FlakyProxy() if mode == "proxy" else None
    served = proxy.url(postgres_url) if proxy else postgres_url
    before: set[int] = set()

    def disrupt() -> None:
        before.update(backends(name))
        if proxy is not None:
            for _ in range(int(os.environ.get("BOLKHATA_CHAOS_OUTAGES", "1"))):
                proxy.outage(float(os.environ.get("BOLKHATA_CHAOS_OUTAGE_SECONDS", "3")))
                time.sleep(0.7)
        else:
            restart_postgres()

    try:
        with logged_server(served, env, log_path) as (base, process):
            url = base.replace("http://", "ws://") + "/ws/voice"
            clients = asyncio.run(run_load(url, token, disrupt))
            assert process.poll() is None  # recovered without a restart
            after = backends(name)
            assert before and after and not before & after  # every connection was lost, and remade
            assert httpx.get(f"{base}/healthz", timeout=10).status_code == 200
            stats = httpx.get(
                f"{base}/api/queue/stats", headers={"Authorization": f"Bearer {token}"}
            )
            retries = [
                line
                for line in httpx.get(f"{base}/metrics", timeout=10).text.splitlines()
                if line.startswith(("bolkhata_store_retries_total", "bolkhata_tasks_failed_total"))
            ]
            print("after the outage:", retries)
            totals = stats.json()["process"]
            assert totals["running"] == 0 and totals["queued"] == 0, totals
    finally:
        if proxy is not None:
            proxy.close()
    dropped = [c for c in clients if c.dropped_with_work]
    assert dropped and all(c.resumes for c in dropped)  # each came back through session:resume
    outcomes = check_ledgers(postgres_url, clients)
    # The server retries through the outage: nothing is lost to it.
    assert outcomes == {"task:completed": SESSIONS * CREDITS_PER_SESSION}, outcomes


BACKLOG_BATCHES = 8


def projection_lag(base: str) -> int:
    text = httpx.get(f"{base}/metrics", timeout=10).text
    return max(
        int(float(line.rsplit(" ", 1)[1]))
        for line in text.splitlines()
        if line.startswith("bolkhata_projection_lag_events")
    )


@pytest.mark.parametrize(
    "database_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_sigkill_while_projections_catch_up(database_url: str) -> None:
    bolkhata("demo", "seed", "--database-url", database_url)
    token = create_token(database_url)
    port = free_port()
    # Tasks hold 1.5 s: they are still saving (and so waking the projections) at the kill.
    env = LOAD_ENV | {"BOLKHATA_WORK_DELAY_MS": "1500"}
    with server_process(database_url, env, port=port) as (base, process):
        url = base.replace("http://", "ws://") + "/ws/voice"
        clients = [Client(url, token, index) for index in range(SESSIONS)]
        never = asyncio.Event()

        async def burst() -> tuple[int, int]:
            talking = [asyncio.ensure_future(c.talk(never)) for c in clients]
            # Every utterance stored and its task queued; then a backlog lands from outside.
            while not all(c.count("task:queued") == CREDITS_PER_SESSION for c in clients):
                assert not all(t.done() for t in talking), [c.errors for c in clients]
                await asyncio.sleep(0.02)
            # Batches land until a scrape finds the projections behind (a fast machine may catch
            # up on one batch before the scrape); then the kill, once they are seen moving.
            first = lag = 0
            for _ in range(BACKLOG_BATCHES):
                await asyncio.to_thread(write_backlog, database_url, 5_000)
                first = lag = await asyncio.to_thread(projection_lag, base)
                until = time.monotonic() + 5
                while first and not 0 < lag < first and time.monotonic() < until:
                    lag = await asyncio.to_thread(projection_lag, base)
                if 0 < lag < first:
                    break
            os.kill(process.pid, signal.SIGKILL)
            await asyncio.gather(*talking, return_exceptions=True)
            return first, lag

        first, lag = asyncio.run(burst())
        print(f"projection lag: {first} events after the backlog, {lag} at the kill")
        assert 0 < lag < first
        process.wait(10)
    with server_process(database_url, env, port=port) as (base, _):
        deadline = time.monotonic() + 90
        asyncio.run(resume_all(clients, deadline))
        while projection_lag(base) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert projection_lag(base) == 0
    outcomes = check_ledgers(database_url, clients)
    assert outcomes == {"task:completed": SESSIONS * CREDITS_PER_SESSION}, outcomes
    live = read_models(database_url)
    backlog = [row for row in live["rm_conversations"] if row["shop"] == "backlog"]
    assert len(backlog) >= 50  # at least the first batch's sessions are in
    assert live == read_models(database_url, rebuild=True)
