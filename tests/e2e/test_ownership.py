"""Shop ownership across real `bolkhata serve` processes on one PostgreSQL (loopback): a hung
owner replaced and fenced off, a live hand-over while tasks run, a kill -9 mid-burst. Each
task ends once, each credit lands once, frames arrive in `seq` order, and a conversation
holds one OwnerClaimed per activation."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from domain.ledger import CustomerAccount
from infrastructure.settings import Settings
from interfaces.bootstrap import Services, bootstrap
from tests.e2e.processes import healthy, landing, spawned, start, wait_for
from tests.e2e.server import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ENDED = ("task:completed", "task:failed", "task:cancelled")
ENDINGS = ("TaskCompleted", "TaskFailed", "TaskCancelled")
MOVED = 4409
ENV = {
    "BOLKHATA_PROJECTIONS": "external",
    "BOLKHATA_CUSTOMER_RATE_PER_MINUTE": "100000",
    "BOLKHATA_CONFIRM_ABOVE_RUPEES": "100000",
}
# Servers and workers share PostgreSQL's connections with whatever else runs there.
SMALL_POOLS = {"BOLKHATA_POSTGRES_POOL_SIZE": "3", "BOLKHATA_POSTGRES_MAX_OVERFLOW": "5"}
Children = list[tuple[subprocess.Popen[bytes], Path]]


@dataclass
class Shop:
    name: str
    token: str
    customer_id: str


def shops_in(url: str, count: int) -> list[Shop]:
    """Shops each with one customer, Rahul Sharma, and an operator token."""
    services = open_store(url)
    try:
        shops = []
        for n in range(count):
            name = f"s{n:02d}"
            services.khata.open_shop(name, name)
            made = services.khata.register_customer(name, "Rahul Sharma", f"seed-{name}")
            token = services.access.issue(name, "operator")
            shops.append(Shop(name, token, str(made["customer_id"])))
        return shops
    finally:
        services.close()


def open_store(url: str) -> Services:
    services = bootstrap(Settings(database_url=url), create_tables=False)
    services.projections.stop()
    return services


@contextlib.contextmanager
def cluster(url: str, tmp_path: Path, **env: str) -> Iterator[list[tuple[int, Any]]]:
    """A projection worker and two servers: [(port, process), …]."""
    with spawned(tmp_path) as children:
        full = {**ENV, **SMALL_POOLS, **env, "BOLKHATA_DATABASE_URL": url}
        start(children, tmp_path, "worker", "projections", "run", env=full)
        servers = []
        for name in ("a", "b"):
            port = free_port()
            servers.append(
                (port, start(children, tmp_path, name, "serve", "--port", str(port), env=full))
            )
        for port, _ in servers:
            wait_for(lambda port=port: healthy(port), 60, f"server on {port}")
        yield servers


def metric(port: int, name: str) -> float:
    text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    match = re.search(rf"^{name} (\S+)$", text, re.MULTILINE)
    return float(match[1]) if match else 0.0


@dataclass
class Shopkeeper:
    """One shop's client: says credits, keeps every stored frame once, resumes by URL."""

    shop: Shop
    conversation: str | None = None
    frames: dict[int, dict[str, Any]] = field(default_factory=dict)
    arrived: list[int] = field(default_factory=list)  # seqs in the order they came
    servers: list[str] = field(default_factory=list)
    closes: list[int | None] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)  # monotonic time of each session:ready

    def url(self, port: int) -> str:
        url = f"ws://127.0.0.1:{port}/ws/voice?token={self.shop.token}&shop={self.shop.name}"
        if self.conversation is not None:
            url += f"&resume={self.conversation}&after_seq={self.last_seq}"
        return url

    @property
    def last_seq(self) -> int:
        return max(self.frames, default=0)

    def count(self, *kinds: str) -> int:
        return sum(f["type"] in kinds for f in self.frames.values())

    def take(self, frame: dict[str, Any]) -> None:
        if "seq" in frame:
            assert frame["seq"] not in self.frames, f"seq {frame['seq']} twice"
            self.frames[frame["seq"]] = frame
            self.arrived.append(frame["seq"])

    async def connect(self, port: int) -> Any:
        ws = await websockets.connect(self.url(port), subprotocols=["bolkhata"], open_timeout=20)  # type: ignore[list-item]
        ready = json.loads(await asyncio.wait_for(ws.recv(), 20))
        assert ready["type"] == "session:ready", ready
        assert ready["resumed"] == (self.conversation is not None), ready
        self.conversation = ready["conversation_id"]
        self.servers.append(ready["server"])
        self.opened.append(time.monotonic())
        return ws

    async def say(self, ws: Any, amounts: list[int]) -> None:
        for amount in amounts:
            text = f"Rahul ko {amount} rupay udhaar do"
            await ws.send(json.dumps({"type": "transcript", "text": text, "final": True}))

    async def read(self, ws: Any, until: Callable[[], bool], seconds: float = 60) -> bool:
        """Frames until `until()` (True) or the socket closes (False, its code kept)."""
        deadline = time.monotonic() + seconds
        try:
            while not until():
                left = deadline - time.monotonic()
                assert left > 0, f"{self.shop.name}: waited in vain; {self.seen()}"
                with contextlib.suppress(TimeoutError):
                    self.take(json.loads(await asyncio.wait_for(ws.recv(), min(left, 1))))
            return True
        except ConnectionClosed:
            self.closes.append(ws.close_code)
            return False

    async def resume_until(self, port: int, until: Callable[[], bool]) -> None:
        """Resume on `port` (again if the socket goes) until `until()`."""
        for _ in range(20):
            try:
                ws = await self.connect(port)
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                await asyncio.sleep(0.5)
                continue
            try:
                if await self.read(ws, until):
                    return
            finally:
                await ws.close()
        raise AssertionError(f"{self.shop.name}: never done; {self.seen()}")

    def seen(self) -> list[tuple[int, str]]:
        return [(seq, f["type"]) for seq, f in sorted(self.frames.items())]


def stored(url: str, conversation_id: str) -> list[Any]:
    services = open_store(url)
    try:
        return list(services.store.events.get(uuid.UUID(conversation_id)))
    finally:
        services.close()


def entries(url: str, customer_id: str) -> list[Any]:
    services = open_store(url)
    try:
        account = services.store.get(uuid.UUID(customer_id), CustomerAccount)
        assert account is not None
        return [e for e in account.entries if e.kind == "credit"]
    finally:
        services.close()


def claims(events: list[Any]) -> list[tuple[str, int]]:
    return [(e.owner, e.epoch) for e in events if type(e).__name__ == "OwnerClaimed"]


def assert_each_task_ended_once_and_credited_once(
    url: str, keeper: Shopkeeper, amounts: list[int]
) -> list[Any]:
    events = stored(url, keeper.conversation or "")
    queued = [e.task_id for e in events if type(e).__name__ == "TaskQueued"]
    ended = Counter(e.task_id for e in events if type(e).__name__ in ENDINGS)
    assert len(queued) == len(amounts) and ended == Counter(queued), (queued, ended)
    assert all(type(e).__name__ != "TaskFailed" for e in events), keeper.seen()
    credits = entries(url, keeper.shop.customer_id)
    assert Counter(e.task_id for e in credits) == Counter(queued)  # each credit landed once
    assert sorted(e.effect for e in credits) == sorted(100 * a for a in amounts)
    assert keeper.arrived == sorted(set(keeper.arrived))  # every frame once, in seq order
    return events


def assert_one_claim_per_activation(events: list[Any], keeper: Shopkeeper) -> None:
    """One claim at the start and one by each process taking over, epochs counting up."""
    owners = [owner for owner, _ in claims(events)]
    assert owners == keeper.servers[: len(owners)], (owners, keeper.servers)
    assert len(owners) == len(set(keeper.servers)), (owners, keeper.servers)
    assert [epoch for _, epoch in claims(events)] == list(range(1, len(owners) + 1))


def test_a_hung_owner_is_replaced_and_stores_nothing_after_the_claim(
    postgres_url: str, tmp_path: Path
) -> None:
    (shop,) = shops_in(postgres_url, 1)
    amounts = [101, 102, 103]
    with cluster(postgres_url, tmp_path, BOLKHATA_WORK_DELAY_MS="1500") as servers:
        (a, owner), (b, _) = servers
        keeper = Shopkeeper(shop)

        async def scenario() -> tuple[int, int]:
            old = await keeper.connect(a)
            await keeper.say(old, amounts)
            await keeper.read(old, lambda: keeper.count("task:started") == 3)
            owner.send_signal(signal.SIGSTOP)  # hung, its tasks waiting on their work
            try:
                await keeper.resume_until(b, lambda: keeper.count(*ENDED) == 3)
                before = len(stored(postgres_url, keeper.conversation or ""))
                credited = len(entries(postgres_url, shop.customer_id))
            finally:
                owner.send_signal(signal.SIGCONT)
            # It wakes: it learns it lost the shop and closes its socket with 4409.
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await asyncio.wait_for(old.recv(), 30)
            assert old.close_code == MOVED
            return before, credited

        before, credited = asyncio.run(scenario())
        wait_for(lambda: metric(a, "bolkhata_shops_owned") == 0, 30, "the old owner to let go")
        time.sleep(2)  # its tasks' work delay is over: anything it would store, it has tried
        events = assert_each_task_ended_once_and_credited_once(postgres_url, keeper, amounts)
        assert len(events) == before and len(entries(postgres_url, shop.customer_id)) == credited
        assert [owner_ for owner_, _ in claims(events)] == keeper.servers[:2]
        assert [epoch for _, epoch in claims(events)] == [1, 2]


def test_a_live_hand_over_while_the_owner_is_busy(postgres_url: str, tmp_path: Path) -> None:
    (shop,) = shops_in(postgres_url, 1)
    amounts = [201, 202, 203, 204, 205, 206]
    with cluster(postgres_url, tmp_path, BOLKHATA_WORK_DELAY_MS="600") as servers:
        (a, _), (b, _) = servers
        keeper = Shopkeeper(shop)

        async def scenario() -> None:
            old = await keeper.connect(a)
            await keeper.say(old, amounts)
            await keeper.read(old, lambda: keeper.count("task:started") >= 1)
            # The same conversation, resumed on the other server while tasks run here.
            moving = asyncio.ensure_future(
                keeper.resume_until(b, lambda: keeper.count(*ENDED) == len(amounts))
            )
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await asyncio.wait_for(old.recv(), 30)  # its frames come again on b
            assert old.close_code == MOVED
            await moving

        asyncio.run(scenario())
        assert metric(a, "bolkhata_shop_handovers_total") == 1
        assert metric(a, "bolkhata_shops_owned") == 0 and metric(b, "bolkhata_shops_owned") == 1
        events = assert_each_task_ended_once_and_credited_once(postgres_url, keeper, amounts)
        assert [epoch for _, epoch in claims(events)] == [1, 2]


def test_a_kill_mid_burst_loses_nothing_and_doubles_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    shops = shops_in(postgres_url, 6)
    credits = 8
    with cluster(postgres_url, tmp_path, BOLKHATA_WORK_DELAY_MS="300") as servers:
        (a, owner), (b, _) = servers
        keepers = [Shopkeeper(shop) for shop in shops]
        on_a = keepers[::2]  # the other half lives on b throughout

        def amounts(keeper: Shopkeeper) -> list[int]:
            n = keepers.index(keeper)
            return [100 + 10 * n + k for k in range(credits)]

        async def burst(keeper: Shopkeeper, port: int, halfway: asyncio.Event) -> None:
            ws = await keeper.connect(port)
            await keeper.say(ws, amounts(keeper))
            done = lambda: keeper.count(*ENDED) == credits  # noqa: E731
            if port == a:
                await keeper.read(ws, lambda: done() or halfway.is_set())
                await ws.close()
                await keeper.resume_until(b, done)  # the owner died: on to the other one
            else:
                assert await keeper.read(ws, done)
                await ws.close()

        async def killer(halfway: asyncio.Event) -> None:
            total = credits * len(on_a)
            # The clients' own counts, polled: ~40% of the doomed owner's tasks have ended.
            while sum(k.count(*ENDED) for k in on_a) < 0.4 * total:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            owner.send_signal(signal.SIGKILL)
            halfway.set()

        async def scenario() -> None:
            halfway = asyncio.Event()
            await asyncio.gather(
                killer(halfway),
                *(burst(k, a if k in on_a else b, halfway) for k in keepers),
            )

        asyncio.run(scenario())
        owner.wait()
        for keeper in keepers:
            events = assert_each_task_ended_once_and_credited_once(
                postgres_url, keeper, amounts(keeper)
            )
            assert_one_claim_per_activation(events, keeper)


def test_reminders_falling_due_across_a_kill_are_each_announced_once_per_conversation(
    postgres_url: str, tmp_path: Path
) -> None:
    shops = shops_in(postgres_url, 20)
    per_shop = 10  # 200 reminders, due one every 10 ms: all within 2 s
    lead = timedelta(seconds=10)  # time to open the 20 sessions before the first falls due
    first_due = datetime.now(UTC) + lead
    due: dict[str, list[str]] = {}
    services = open_store(postgres_url)
    try:
        for n, shop in enumerate(shops):
            due[shop.name] = []
            for k in range(per_shop):
                at = first_due + timedelta(milliseconds=10 * (k * len(shops) + n))
                reminder_id = f"r-{shop.name}-{k}"
                services.khata.schedule_reminder(shop.name, shop.customer_id, at, reminder_id)
                due[shop.name].append(reminder_id)
    finally:
        services.close()
    with cluster(postgres_url, tmp_path) as servers:
        (a, owner), (b, _) = servers
        keepers = [Shopkeeper(shop) for shop in shops]
        on_a = keepers[::2]  # the other half lives on b throughout

        def told(keeper: Shopkeeper) -> bool:
            return keeper.count("reminder:due") >= per_shop

        async def listen(keeper: Shopkeeper, ws: Any, killed: asyncio.Event) -> None:
            if keeper in on_a:
                await keeper.read(ws, lambda: told(keeper) or killed.is_set())
                await ws.close()
                await keeper.resume_until(b, lambda: told(keeper))
            else:
                assert await keeper.read(ws, lambda: told(keeper))
                await ws.close()

        async def killer(killed: asyncio.Event) -> None:
            kill_at = first_due + timedelta(seconds=1)
            await asyncio.sleep(max(0.0, (kill_at - datetime.now(UTC)).total_seconds()))
            owner.send_signal(signal.SIGKILL)
            killed.set()

        async def scenario() -> None:
            sockets = [await k.connect(a if k in on_a else b) for k in keepers]
            assert datetime.now(UTC) < first_due, "the sessions opened too late for the test"
            killed = asyncio.Event()
            listening = [listen(k, ws, killed) for k, ws in zip(keepers, sockets, strict=True)]
            await asyncio.gather(*listening, killer(killed))

        asyncio.run(scenario())
        owner.wait()
        # The kill fell inside the window: the doomed owner announced some, its successor the rest.
        before, after = 0, 0
        for keeper in on_a:
            events = stored(postgres_url, keeper.conversation or "")
            names = [type(e).__name__ for e in events]
            second_claim = [i for i, name in enumerate(names) if name == "OwnerClaimed"][1]
            before += names[:second_claim].count("ReminderDue")
            after += names[second_claim:].count("ReminderDue")
        print(f"announced by the killed owner: {before}, after the take-over: {after}")
        assert before > 0 and after > 0
        for keeper in keepers:
            announced = Counter(
                e.reminder_id
                for e in stored(postgres_url, keeper.conversation or "")
                if type(e).__name__ == "ReminderDue"
            )
            assert announced == Counter(due[keeper.shop.name]), (keeper.shop.name, announced)
            frames = [
                f["reminder_id"] for f in keeper.frames.values() if f["type"] == "reminder:due"
            ]
            assert sorted(frames) == sorted(due[keeper.shop.name])
            assert keeper.arrived == sorted(set(keeper.arrived))


def test_a_kill_through_haproxy_at_scale_moves_a_third_of_30_shops_and_loses_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    if shutil.which("haproxy") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("haproxy is required in CI (.ci/run installs it)")
        pytest.skip("haproxy is not installed")
    shops = shops_in(postgres_url, 30)
    credits = 10
    port = free_port()
    env = {**ENV, **SMALL_POOLS, "BOLKHATA_WORK_DELAY_MS": "300"}
    with spawned(tmp_path) as children:
        start(
            children, tmp_path, "cluster", "cluster", "--servers", "3", "--port", str(port),
            "--database-url", postgres_url, env=env,
        )  # fmt: skip
        tokens = {shop.name: shop.token for shop in shops}

        def settled() -> dict[str, str] | None:
            # Three servers in the ring, and twice the same: shops that landed while fewer
            # were up have moved to their own server (each landing takes its shop over).
            first = asyncio.run(landing(port, tokens))
            again = asyncio.run(landing(port, tokens))
            return first if len(set(first.values())) == 3 and first == again else None

        where = wait_for(settled, 120, "three servers behind HAProxy")
        doomed_server = Counter(where.values()).most_common()[1][0]  # the middle one
        keepers = [Shopkeeper(shop) for shop in shops]
        doomed = [k for k in keepers if where[k.shop.name] == doomed_server]
        killed_at: list[float] = []

        def amounts(keeper: Shopkeeper) -> list[int]:
            n = keepers.index(keeper)
            return [1000 + 10 * n + k for k in range(credits)]

        def done(keeper: Shopkeeper) -> bool:
            return keeper.count(*ENDED) == credits

        async def burst(keeper: Shopkeeper, killed: asyncio.Event) -> None:
            ws = await keeper.connect(port)
            await keeper.say(ws, amounts(keeper))
            if keeper in doomed:
                await keeper.read(ws, lambda: done(keeper) or killed.is_set())
                await ws.close()
                await keeper.resume_until(port, lambda: done(keeper))  # through HAProxy again
            elif not await keeper.read(ws, lambda: done(keeper)):
                # Closed all the same (4409: a busy owner cut off by a hand-over that took too
                # long drops all its shops): a client resumes, and nothing may be lost by it.
                await keeper.resume_until(port, lambda: done(keeper))
            else:
                await ws.close()

        async def killer(killed: asyncio.Event) -> None:
            total = credits * len(doomed)
            while sum(k.count(*ENDED) for k in doomed) < 0.4 * total:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
            os.kill(int(doomed_server.rsplit(":", 1)[1]), signal.SIGKILL)
            killed_at.append(time.monotonic())
            killed.set()

        async def scenario() -> None:
            killed = asyncio.Event()
            await asyncio.gather(killer(killed), *(burst(k, killed) for k in keepers))

        asyncio.run(scenario())
        closed = {k.shop.name: k.closes for k in keepers if k not in doomed and k.closes}
        print(f"sockets of the other shops closed (close codes): {closed}")
        moved = [k for k in doomed if len(k.opened) > 1]
        takeovers = sorted(k.opened[-1] - killed_at[0] for k in moved)
        print(
            f"{len(doomed)} of {len(shops)} shops on the killed server, {len(moved)} resumed "
            f"elsewhere; take-over (kill to session:ready) median {takeovers[len(takeovers) // 2]:.2f} s, "
            f"max {takeovers[-1]:.2f} s"
        )
        assert moved and all(doomed_server not in k.servers[1:] for k in moved)
        for keeper in keepers:
            events = assert_each_task_ended_once_and_credited_once(
                postgres_url, keeper, amounts(keeper)
            )
            assert_one_claim_per_activation(events, keeper)
