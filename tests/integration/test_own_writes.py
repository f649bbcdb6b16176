"""The owner's reads: a process that alone writes a shop's ledger reads it from its aggregate
cache (no query for newer events), always sees its own writes, and reads afresh once told that
another process may have written (a shop taken over). On both stores, with a second store
object on the same database standing for another process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast
from uuid import UUID

import pytest

from application.khata import Khata
from application.store import EventStore
from domain.ids import customer_id_for, shop_id_of
from domain.ledger import CustomerAccount
from domain.limits import DEFAULT_LIMITS
from domain.shop import Shop
from infrastructure.eventstore import open_event_store
from infrastructure.settings import Settings
from interfaces.bootstrap import bootstrap
from tests.conftest import FixedClock


@pytest.fixture
def stores(database_url: str) -> Iterator[tuple[EventStore, EventStore]]:
    settings = Settings(database_url=database_url)
    ours, theirs = (
        open_event_store(database_url, settings),
        open_event_store(database_url, settings),
    )
    yield ours, theirs
    ours.close()
    theirs.close()


def khata_of(store: EventStore, *, sole: bool) -> Khata:
    return Khata(store, FixedClock(), sole_writer=lambda shop: sole)


def seed(khata: Khata) -> str:
    khata.open_shop("s1", "Shop")
    return str(khata.register_customer("s1", "Rahul", "c1")["customer_id"])


@pytest.fixture
def owner_and_other(stores: tuple[EventStore, EventStore]) -> tuple[Khata, Khata, str]:
    """The shop's owner (this process) and another process; Rahul registered by the owner."""
    ours, theirs = stores
    owner = khata_of(ours, sole=True)
    return owner, khata_of(theirs, sole=False), seed(owner)


def test_the_sole_writer_reads_its_cache_and_sees_its_own_writes(
    owner_and_other: tuple[Khata, Khata, str],
) -> None:
    owner, other, rahul = owner_and_other
    assert owner.account("s1", rahul, cached=True).balance == 0  # now cached

    other.give_credit("s1", rahul, 500, "elsewhere")  # a write this process cannot see
    owner.give_credit("s1", rahul, 100, "here")  # a write decides on a fresh read

    # Its own write is seen, and the other's (read by the write) with it.
    assert owner.account("s1", rahul, cached=True).balance == 600
    other.give_credit("s1", rahul, 50, "elsewhere-again")
    assert owner.account("s1", rahul, cached=True).balance == 600  # no query: not seen
    assert owner.account("s1", rahul).balance == 650  # a write's read asks the store
    assert owner.account("s1", rahul, cached=True).balance == 650


def test_a_write_from_a_stale_copy_is_refused_and_applied_once_from_a_fresh_one(
    owner_and_other: tuple[Khata, Khata, str],
) -> None:
    """The same task applied by another process meanwhile (the shop's last owner, say)."""
    owner, other, rahul = owner_and_other
    owner.account("s1", rahul, cached=True)  # cached at version 1
    other.give_credit("s1", rahul, 100, "t1")

    result = owner.give_credit("s1", rahul, 100, "t1")

    assert result["balance"] == 100
    assert [entry.task_id for entry in owner.account("s1", rahul).entries] == ["t1"]


def test_a_reader_that_is_not_the_sole_writer_always_asks_the_store(
    stores: tuple[EventStore, EventStore],
) -> None:
    ours, theirs = stores
    reader, writer = khata_of(ours, sole=False), khata_of(theirs, sole=False)
    rahul = seed(writer)
    assert reader.account("s1", rahul, cached=True).balance == 0
    writer.give_credit("s1", rahul, 100, "t1")
    assert reader.account("s1", rahul, cached=True).balance == 100


def test_forgetting_the_cache_reads_what_another_process_wrote(
    owner_and_other: tuple[Khata, Khata, str],
) -> None:
    owner, other, rahul = owner_and_other
    assert [row["name"] for row in owner.directory("s1")] == ["Rahul"]
    other.register_customer("s1", "Priya", "c2")
    other.give_credit("s1", rahul, 100, "t1")
    assert [row["name"] for row in owner.directory("s1")] == ["Rahul"]

    owner.store.forget_cached()

    assert sorted(row["name"] for row in owner.directory("s1")) == ["Priya", "Rahul"]
    assert owner.account("s1", rahul, cached=True).balance == 100


def test_an_older_copy_put_after_a_save_is_not_trusted(
    stores: tuple[EventStore, EventStore],
) -> None:
    """A read begun before a save may put its older copy into the cache after the save."""
    ours, _ = stores
    owner = khata_of(ours, sole=True)
    rahul = seed(owner)
    older = cast(CustomerAccount, ours.repository.get(customer_id_for("s1", "c1")))
    owner.give_credit("s1", rahul, 100, "t1")
    assert ours.repository.cache is not None
    ours.repository.cache.put(older.id, older)

    assert owner.account("s1", rahul, cached=True).balance == 100


def test_a_cached_copy_changed_after_its_save_is_read_again(
    stores: tuple[EventStore, EventStore],
) -> None:
    """Whoever saved an aggregate keeps it: a change made to it afterwards, never saved, is
    not a state of the store and reaches no reader."""
    ours, _ = stores
    owner = khata_of(ours, sole=True)
    rahul = seed(owner)
    owner.give_credit("s1", rahul, 100, "t1")
    assert ours.repository.cache is not None
    kept = cast(CustomerAccount, ours.repository.cache.get(UUID(rahul)))
    kept.give_credit(99_900, "never-saved", FixedClock().now(), DEFAULT_LIMITS)

    assert owner.account("s1", rahul, cached=True).balance == 100
    assert owner.account("s1", rahul).balance == 100


def test_a_server_reads_balances_from_its_cache_and_a_tool_does_not(database_url: str) -> None:
    """One server process (no shop ownership between processes) owns every shop."""
    settings = Settings(database_url=database_url)
    server = bootstrap(settings, clock=FixedClock(), serving=True)
    tool = bootstrap(settings, clock=FixedClock())
    try:
        rahul = seed(tool.khata)
        assert server.reports.balance("s1", rahul)["balance"] == 0
        tool.khata.give_credit("s1", rahul, 100, "t1")
        assert server.reports.balance("s1", rahul)["balance"] == 0
        assert tool.reports.balance("s1", rahul)["balance"] == 100
        assert server.store.known(shop_id_of("s1"), Shop) is not None
        assert server.store.known(shop_id_of("s1"), CustomerAccount) is None
    finally:
        server.close()
        tool.close()
