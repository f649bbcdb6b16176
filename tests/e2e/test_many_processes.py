"""Many processes on one PostgreSQL, as real processes on loopback: `migrate` then a racing
start, projection workers electing one leader each (and a standby taking over after kill -9),
a server leaving its read models to them yet reading its own writes, and HAProxy sending each
shop to one server (`bolkhata cluster`), moving only a dead server's shops."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import websockets
from websockets.exceptions import ConnectionClosed

from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from interfaces.readcli import open_services
from tests.conftest import POSTGRES_URL
from tests.e2e.processes import (
    PROJECTIONS,
    SUBPROTOCOLS,
    caught_up,
    fresh_schema,
    healthy,
    landing,
    one_leader_each,
    positions,
    read_models,
    spawned,
    start,
    wait_for,
    worker_metrics,
    write_backlog,
)
from tests.e2e.server import BIN, bolkhata, create_token, free_port, server_process

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]


def test_a_migrated_schema_takes_three_servers_and_two_workers_started_at_once(
    tmp_path: Path,
) -> None:
    for round_ in range(3):
        with fresh_schema() as url, spawned(tmp_path) as children:
            bolkhata("migrate", "--database-url", url)
            servers, metrics = [free_port() for _ in range(3)], [free_port() for _ in range(2)]
            env = {"BOLKHATA_DATABASE_URL": url, "BOLKHATA_PROJECTIONS": "external"}
            began = time.monotonic()
            for n, port in enumerate(servers):
                start(
                    children,
                    tmp_path,
                    f"r{round_}-server{n}",
                    "serve",
                    "--port",
                    str(port),
                    env=env,
                )
            for n, port in enumerate(metrics):
                start(
                    children, tmp_path, f"r{round_}-worker{n}",
                    "projections", "run", "--metrics-port", str(port), env=env,
                )  # fmt: skip
            assert time.monotonic() - began < 0.1  # the race the migration removes
            for port in servers:
                wait_for(lambda port=port: healthy(port), 60, f"server on {port}")
            wait_for(lambda m=metrics: one_leader_each(m), 60, "one leader per projection")
            assert all(child.poll() is None for child, _ in children)
        for child, log in children:
            # uvicorn ends by re-raising the SIGTERM it handled; the workers exit 0.
            assert child.returncode in (0, -signal.SIGTERM), log.read_text()
            assert "Traceback" not in log.read_text(), log.read_text()


def test_a_server_on_an_unmigrated_schema_says_to_migrate_first() -> None:
    with fresh_schema() as url:
        for args in (["serve", "--port", str(free_port())], ["projections", "run"]):
            done = subprocess.run(
                [str(BIN / "bolkhata"), *args, "--database-url", url],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert done.returncode == 2, done.stdout + done.stderr
            assert "bolkhata migrate" in done.stderr


def test_external_projections_on_sqlite_are_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [str(BIN / "bolkhata"), "serve", "--database-url", f"sqlite:///{tmp_path / 'x.db'}"],
        capture_output=True,
        text=True,
        env={**os.environ, "BOLKHATA_PROJECTIONS": "external"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "needs PostgreSQL" in done.stderr


def test_one_leader_per_projection_and_a_standby_takes_over(
    postgres_url: str, tmp_path: Path
) -> None:
    bolkhata("demo", "seed", "--database-url", postgres_url)
    write_backlog(postgres_url, 5_000)
    seen: list[dict[str, int]] = []
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            seen.append(positions(postgres_url))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        with spawned(tmp_path) as children:
            ports = [free_port(), free_port()]
            workers = {
                port: start(
                    children,
                    tmp_path,
                    f"worker{n}",
                    "projections",
                    "run",
                    "--metrics-port",
                    str(port),
                    "--database-url",
                    postgres_url,
                )  # fmt: skip
                for n, port in enumerate(ports)
            }
            led = wait_for(lambda: one_leader_each(ports), 60, "one leader per projection")
            # The leader of the busiest read model dies mid-catch-up, as abruptly as can be.
            victim = led["conversation_index"]
            workers[victim].send_signal(signal.SIGKILL)
            workers[victim].wait()
            survivor = next(port for port in ports if port != victim)
            services = open_services(postgres_url)
            try:
                rahul = next(
                    r for r in services.reports.balances("demo") if r["name"] == "Rahul Sharma"
                )
                for n in range(20):
                    services.khata.give_credit("demo", rahul["customer_id"], 100, f"t-more-{n}")
            finally:
                services.close()
            write_backlog(postgres_url, 1_000)
            wait_for(lambda: one_leader_each([survivor]), 30, "the standby leading everything")
            wait_for(lambda: caught_up(survivor), 60, "the standby caught up")
    finally:
        sampling.set()
        sampler.join()
    for before, after in zip(seen, seen[1:], strict=False):
        assert all(after[name] >= before[name] for name in PROJECTIONS), (before, after)
    assert read_models(postgres_url) == read_models(postgres_url, rebuild=True)


async def say_and_wait(url: str, text: str) -> tuple[str, list[dict[str, Any]]]:
    async with websockets.connect(url, subprotocols=SUBPROTOCOLS) as ws:  # type: ignore[arg-type]
        ready = json.loads(await ws.recv())
        assert ready["type"] == "session:ready" and not ready["resumed"]
        assert re.fullmatch(r".+:\d+", ready["server"])
        await ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))
        stored: list[dict[str, Any]] = []
        while not any(f["type"] in ("task:completed", "task:failed") for f in stored):
            frame = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if "seq" in frame:
                stored.append(frame)
        return ready["conversation_id"], stored


async def resumed_frames(url: str, last_seq: int) -> list[dict[str, Any]]:
    async with websockets.connect(url, subprotocols=SUBPROTOCOLS) as ws:  # type: ignore[arg-type]
        frames = [json.loads(await ws.recv())]
        while frames[-1].get("seq", 0) < last_seq:
            frames.append(json.loads(await asyncio.wait_for(ws.recv(), 10)))
        return frames


async def close_code(url: str) -> int | None:
    async with websockets.connect(url, subprotocols=SUBPROTOCOLS) as ws:  # type: ignore[arg-type]
        with contextlib.suppress(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 10)
        return ws.close_code


def test_a_server_with_external_projections_reads_its_own_writes(
    postgres_url: str, tmp_path: Path
) -> None:
    bolkhata("demo", "seed", "--database-url", postgres_url)
    token = create_token(postgres_url)
    env = {"BOLKHATA_PROJECTIONS": "external"}
    with spawned(tmp_path) as children:
        start(children, tmp_path, "worker", "projections", "run", "--database-url", postgres_url)
        with server_process(postgres_url, env) as (base, _):
            ws = base.replace("http", "ws") + f"/ws/voice?token={token}&shop=demo"
            conversation, stored = asyncio.run(say_and_wait(ws, "Rahul ko 200 rupay udhaar do"))
            assert stored[-1]["type"] == "task:completed", stored
            # Straight after the write: the read waits for the worker to project it.
            rows = httpx.get(f"{base}/api/customers", params={"token": token, "shop": "demo"})
            owed = {row["name"]: row["balance"] for row in rows.json()}
            assert owed["Rahul Sharma"] == 70_000
            other = httpx.get(f"{base}/api/customers", params={"token": token, "shop": "other"})
            assert other.status_code == 403
            bad_shop = base.replace("http", "ws") + f"/ws/voice?token={token}&shop=other"
            assert asyncio.run(close_code(bad_shop)) == 4401
            # Resuming from the URL: ready (resumed) first, then every stored frame after seq 1.
            first = stored[0]["seq"]
            resume = f"{ws}&resume={conversation}&after_seq={first}"
            frames = asyncio.run(resumed_frames(resume, stored[-1]["seq"]))
            assert frames[0]["type"] == "session:ready" and frames[0]["resumed"] is True
            assert frames[0]["conversation_id"] == conversation
            assert [f for f in frames[1:] if "seq" in f] == stored[1:]


def test_haproxy_sends_each_shop_to_one_server_and_moves_only_a_dead_ones(tmp_path: Path) -> None:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("haproxy is required in CI (.ci/run installs it)")
        pytest.skip("haproxy is not installed")
    haproxy = free_port()
    with fresh_schema() as url, spawned(tmp_path) as children:
        cluster = start(
            children, tmp_path, "cluster", "cluster", "--servers", "3",
            "--port", str(haproxy), "--database-url", url,
        )  # fmt: skip
        wait_for(lambda: healthy(haproxy), 90, "HAProxy and a first server")
        services = bootstrap(Settings(database_url=url), create_tables=False)
        try:
            services.projections.stop()
            tokens = {}
            for n in range(60):
                shop = f"shop{n:02d}"
                services.khata.open_shop(shop, shop)
                tokens[shop] = services.access.issue(shop, "operator")
        finally:
            services.close()

        def settled() -> dict[str, str] | None:
            # Until every server is up the ring has fewer members: wait for 3, twice the same.
            first = asyncio.run(landing(haproxy, tokens))
            again = asyncio.run(landing(haproxy, tokens))
            return first if len(set(first.values())) == 3 and first == again else None

        where = wait_for(settled, 120, "three servers behind HAProxy")
        assert asyncio.run(landing(haproxy, tokens)) == where  # every connection, same server
        dead = where["shop00"]
        os.kill(int(dead.rsplit(":", 1)[1]), signal.SIGKILL)

        def moved() -> dict[str, str] | None:
            now = asyncio.run(landing(haproxy, tokens))
            return now if dead not in now.values() else None

        after = wait_for(moved, 60, "HAProxy to take the dead server out")
        for shop, server in where.items():
            if server == dead:
                assert after[shop] != dead
            else:
                assert after[shop] == server, shop  # only the dead server's shops moved
        cluster.send_signal(signal.SIGINT)
        cluster.wait(30)
    assert cluster.returncode == 0


def test_a_worker_whose_connection_is_cut_starts_again_and_keeps_up(
    postgres_url: str, tmp_path: Path
) -> None:
    bolkhata("demo", "seed", "--database-url", postgres_url)
    with spawned(tmp_path) as children:
        port = free_port()
        worker = start(
            children, tmp_path, "worker", "projections", "run",
            "--metrics-port", str(port), "--database-url", postgres_url,
        )  # fmt: skip
        wait_for(lambda: one_leader_each([port]) and caught_up(port), 60, "the worker leading")
        with psycopg.connect(POSTGRES_URL, autocommit=True) as admin:
            cut = admin.execute(  # this worker's only: other runs may have workers too
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name LIKE %s",
                (f"bolkhata projection % {worker.pid}",),
            ).fetchall()
        assert len(cut) == len(PROJECTIONS)  # every LISTEN and lock connection, gone
        write_backlog(postgres_url, 500)
        wait_for(lambda: one_leader_each([port]) and caught_up(port), 60, "leading again")
        restarts = worker_metrics(port)["bolkhata_projection_worker_restarts"]
        assert all(restarts[name] >= 1 for name in PROJECTIONS), restarts
