"""A subscription is read with `async for`, or drained with `take` when told of each offer: it
ends on close and on overflow, and a reader cancelled while waiting leaves no task behind."""

from __future__ import annotations

import asyncio

from application.sessions import LiveFeed


def test_iteration_yields_in_order_and_ends_on_close() -> None:
    async def scenario() -> list[int]:
        feed = LiveFeed(limit=10)
        subscription = feed.subscribe("c1")
        feed.publish("c1", [{"seq": 1}, {"seq": 2}])
        got: list[int] = []

        async def read() -> None:
            async for frame in subscription:
                got.append(frame["seq"])

        reader = asyncio.create_task(read())
        await asyncio.sleep(0)
        feed.publish("c1", [{"seq": 3}])
        await asyncio.sleep(0)
        subscription.close()  # wakes the waiting reader
        await asyncio.wait_for(reader, 1)
        assert "c1" not in feed.subscribers
        feed.publish("c1", [{"seq": 4}])  # after close: not kept
        return got

    assert asyncio.run(scenario()) == [1, 2, 3]


def test_overflow_ends_the_iteration() -> None:
    async def scenario() -> list[dict[str, int]]:
        feed = LiveFeed(limit=2)
        subscription = feed.subscribe("c1")
        feed.publish("c1", [{"seq": 1}, {"seq": 2}, {"seq": 3}])
        assert subscription.overflowed.is_set()
        return [frame async for frame in subscription]

    assert asyncio.run(scenario()) == []


def test_a_cancelled_reader_leaves_no_task() -> None:
    async def scenario() -> set[asyncio.Task[object]]:
        feed = LiveFeed(limit=2)
        subscription = feed.subscribe("c1")

        async def read() -> None:
            async for _ in subscription:
                pass

        reader = asyncio.create_task(read())
        await asyncio.sleep(0)
        reader.cancel()
        subscription.close()
        await asyncio.gather(reader, return_exceptions=True)
        return asyncio.all_tasks() - {asyncio.current_task()}  # type: ignore[operator]

    assert asyncio.run(scenario()) == set()


def test_take_drains_in_order_and_each_offer_is_told_also_the_overflow() -> None:
    feed = LiveFeed(limit=2)
    subscription = feed.subscribe("c1")
    told: list[int] = []
    subscription.offered = lambda: told.append(subscription.queue.qsize())
    feed.publish("c1", [{"seq": 1}, {"seq": 2}])
    assert told == [1, 2]
    assert subscription.take() == {"seq": 1}
    assert subscription.take() == {"seq": 2}
    assert subscription.take() is None  # none waits
    feed.publish("c1", [{"seq": 3}, {"seq": 4}, {"seq": 5}])
    assert told == [1, 2, 1, 2, 2] and subscription.overflowed.is_set()
    assert subscription.take() is None  # overflowed: ended, as `async for` sees it
    subscription.close()
    feed.publish("c1", [{"seq": 6}])
    assert len(told) == 5  # closed: nothing offered, nobody told
