"""Fencing: a change is applied only to a copy this process claimed last (OwnerClaimed). The
group commit applies a change again after a refused save; on the reloaded copy a stale owner
meets the newer claim and is refused (NotOwner) instead of succeeding."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest

from application.sessions.commit import GroupCommit
from application.sessions.engine import SessionEngine, _Conversations, fenced
from application.sessions.ownership import LocalOwnership
from application.store import EventStore
from domain.conversation import Conversation
from domain.errors import NotOwner
from domain.language import parse
from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


class Copy:
    """A session as group commit sees it: its copy of the conversation, reloaded on demand."""

    def __init__(self, store: EventStore, conversation: Conversation) -> None:
        self.store = store
        self.conversation = conversation

    def reload(self) -> None:
        self.conversation = self.store.get(self.conversation.id, Conversation)


def claimed(store: EventStore, owner: str, conversation_id: Any = None) -> Conversation:
    """A conversation as `owner` activates it: loaded (or started), claimed, saved."""
    if conversation_id is None:
        conversation = Conversation.start("s1", NOW, uuid4())
    else:
        conversation = store.get(conversation_id, Conversation)
    conversation.claim(owner, NOW)
    store.save(conversation)
    return conversation


def names(store: EventStore, conversation_id: Any) -> list[str]:
    return [type(e).__name__ for e in store.events.get(conversation_id)]


def listen(conversation: Conversation) -> None:
    conversation.start_listening(stt="client", language=None, at=NOW)


def test_a_stale_owner_is_refused_on_the_reloaded_copy() -> None:
    store = EventStore()
    old = claimed(store, "p1")
    claimed(store, "p2", old.id)  # another process took the shop over: epoch 2
    stale = Copy(store, old)  # p1 still holds its copy of epoch 1 in memory

    async def change() -> None:
        commits = GroupCommit(_Conversations(store))
        await commits.submit(stale, partial(fenced, mutate=listen, owner="p1", epoch=1))

    with pytest.raises(NotOwner):
        asyncio.run(change())
    assert names(store, old.id) == ["Started", "OwnerClaimed", "OwnerClaimed"]
    assert stale.conversation.owner == "p2" and stale.conversation.epoch == 2


def test_the_last_claimant_writes_and_an_earlier_claim_of_its_own_does_not() -> None:
    store = EventStore()
    first = claimed(store, "p1")
    again = claimed(store, "p1", first.id)  # the same process claimed it once more

    async def change(copy: Copy, epoch: int) -> None:
        commits = GroupCommit(_Conversations(store))
        await commits.submit(copy, partial(fenced, mutate=listen, owner="p1", epoch=epoch))

    with pytest.raises(NotOwner):
        asyncio.run(change(Copy(store, first), 1))
    asyncio.run(change(Copy(store, again), 2))
    assert names(store, first.id)[-1] == "ListeningStarted"


class SwitchedOwnership(LocalOwnership):
    """Several processes' ownership, reduced to a switch the test turns: it owns what it
    holds, and its writes are fenced."""

    fenced = True

    def __init__(self) -> None:
        super().__init__("p1")
        self.released: list[str] = []

    def owns(self, shop: str) -> bool:
        return shop in self.held

    def confirm(self, shop: str) -> bool:
        return shop in self.held

    def release(self, shop: str) -> None:
        super().release(shop)
        self.released.append(shop)


def engine_on(tmp_path: Path, ownership: SwitchedOwnership) -> SessionEngine:
    services = bootstrap(Settings(database_url=f"sqlite:///{tmp_path / 'b.db'}"))
    services.projections.stop()
    services.khata.open_shop("s1", "s1")
    return SessionEngine(
        services.store, services.khata, services.reports, services.clock, parse,
        ownership=ownership,
    )  # fmt: skip


def test_a_session_whose_conversation_another_process_claimed_stores_nothing(
    tmp_path: Path,
) -> None:
    ownership = SwitchedOwnership()
    engine = engine_on(tmp_path, ownership)
    closed: list[str] = []

    async def close(shop: str) -> None:
        closed.append(shop)

    engine.moved.append(close)

    async def scenario() -> Sequence[str]:
        session = await engine.open("s1")
        await session.start_listening("client")
        claimed(engine.store, "p2", session.conversation.id)  # taken over meanwhile
        with pytest.raises(NotOwner):
            await session.stop_listening()
        await asyncio.gather(*engine.tasks)
        return names(engine.store, session.conversation.id)

    stored = asyncio.run(scenario())
    assert stored == ["Started", "OwnerClaimed", "ListeningStarted", "OwnerClaimed"]
    assert engine.fenced_writes == 1
    assert closed == ["s1"] and not engine.sessions  # its sockets closed (4409), forgotten


def test_a_hand_over_lets_the_shop_go_after_closing_its_sockets(tmp_path: Path) -> None:
    ownership = SwitchedOwnership()
    engine = engine_on(tmp_path, ownership)
    closed: list[str] = []

    async def close(shop: str) -> None:
        assert "s1" in ownership.held  # closed before the lock goes
        closed.append(shop)

    engine.moved.append(close)

    async def scenario() -> None:
        session = await engine.open("s1")
        await engine.hand_over("s1")
        with pytest.raises(NotOwner):
            await session.start_listening("client")

    asyncio.run(scenario())
    assert closed == ["s1"] and ownership.released == ["s1"] and engine.handovers == 1
