"""Mailbox and Gate: the asyncio.Queue and asyncio.Event behaviour the connection and the live feed rely on."""

from __future__ import annotations

import asyncio

import pytest

from application.mailbox import Gate, Mailbox


def run(coroutine: object) -> None:
    asyncio.run(coroutine)  # type: ignore[arg-type]


def test_items_come_out_in_order_and_a_reader_waits_for_the_next() -> None:
    async def main() -> None:
        box: Mailbox[int] = Mailbox()
        box.put_nowait(1)
        await box.put(2)
        assert box.qsize() == 2
        assert [await box.get(), await box.get()] == [1, 2]
        reader = asyncio.create_task(box.get())
        await asyncio.sleep(0)
        assert not reader.done()
        box.put_nowait(3)
        assert await reader == 3
        assert box.qsize() == 0 and box._items is None  # idle: no deque kept
        with pytest.raises(asyncio.QueueEmpty):
            box.get_nowait()
        box.put_nowait(4)
        assert not box.empty() and box.get_nowait() == 4 and box.empty()

    run(main())


def test_a_full_mailbox_refuses_put_nowait_and_holds_writers_in_order() -> None:
    async def main() -> None:
        box: Mailbox[str] = Mailbox(1)
        box.put_nowait("a")
        assert box.full()
        with pytest.raises(asyncio.QueueFull):
            box.put_nowait("b")
        writers = [asyncio.create_task(box.put(x)) for x in "bcd"]
        await asyncio.sleep(0)
        assert not any(w.done() for w in writers)
        got = [await box.get() for _ in range(4)]
        await asyncio.gather(*writers)
        assert got == ["a", "b", "c", "d"]

    run(main())


def test_a_cancelled_writer_or_reader_leaves_the_mailbox_working() -> None:
    async def main() -> None:
        box: Mailbox[int] = Mailbox(1)
        box.put_nowait(0)
        cancelled = asyncio.create_task(box.put(1))
        waiting = asyncio.create_task(box.put(2))
        await asyncio.sleep(0)
        cancelled.cancel()
        assert await box.get() == 0
        await waiting
        assert await box.get() == 2
        reader = asyncio.create_task(box.get())
        await asyncio.sleep(0)
        reader.cancel()
        await asyncio.gather(reader, return_exceptions=True)
        box.put_nowait(5)
        assert await asyncio.wait_for(box.get(), 1) == 5

    run(main())


def test_two_readers_at_once_are_refused() -> None:
    async def main() -> None:
        box: Mailbox[int] = Mailbox()
        first = asyncio.create_task(box.get())
        await asyncio.sleep(0)
        with pytest.raises(RuntimeError):
            await box.get()
        box.put_nowait(1)
        assert await first == 1

    run(main())


def test_a_gate_starts_open_and_holds_waiters_until_it_is_set() -> None:
    async def main() -> None:
        gate = Gate()
        assert gate.is_set() and await gate.wait()
        gate.clear()
        assert not gate.is_set()
        first = asyncio.create_task(gate.wait())
        second = asyncio.create_task(gate.wait())
        await asyncio.sleep(0)
        assert not first.done() and not second.done()
        gate.set()
        assert await first and await second
        assert gate._waiters is None  # open again: no list kept

    run(main())


def test_a_cancelled_gate_waiter_leaves_the_others_waiting() -> None:
    async def main() -> None:
        gate = Gate()
        gate.clear()
        leaving = asyncio.create_task(gate.wait())
        staying = asyncio.create_task(gate.wait())
        await asyncio.sleep(0)
        leaving.cancel()
        with pytest.raises(asyncio.CancelledError):
            await leaving
        assert gate._waiters is not None and len(gate._waiters) == 1
        gate.set()
        assert await staying

    run(main())
