"""A small asyncio queue for one reader and a small gate: what a connection or a subscription keeps while idle."""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Generic, TypeVar

T = TypeVar("T")


class Mailbox(Generic[T]):
    """asyncio.Queue's put, get, their _nowait forms, qsize, empty and full for one reader at a time, in about 100
    bytes while empty: an asyncio.Queue holds three deques and an Event (about 2.5 KB) from
    the start, and an idle server holds three of them per session. Items are kept in a deque
    made on the first put and dropped when the last item is taken; a waiting reader or writer
    costs one future while it waits. `maxsize` > 0 bounds it: put waits, put_nowait raises
    asyncio.QueueFull."""

    __slots__ = ("_items", "_maxsize", "_getter", "_putters")

    def __init__(self, maxsize: int = 0) -> None:
        self._items: deque[T] | None = None
        self._maxsize = maxsize
        self._getter: asyncio.Future[None] | None = None
        self._putters: deque[asyncio.Future[None]] | None = None

    def qsize(self) -> int:
        return len(self._items) if self._items is not None else 0

    def full(self) -> bool:
        return 0 < self._maxsize <= self.qsize()

    def put_nowait(self, item: T) -> None:
        if self.full():
            raise asyncio.QueueFull
        if self._items is None:
            self._items = deque()
        self._items.append(item)
        getter = self._getter
        if getter is not None and not getter.done():
            getter.set_result(None)

    async def put(self, item: T) -> None:
        while self.full():
            putter = asyncio.get_running_loop().create_future()
            if self._putters is None:
                self._putters = deque()
            self._putters.append(putter)
            try:
                await putter
            except BaseException:
                putter.cancel()
                if self._putters and putter in self._putters:
                    self._putters.remove(putter)
                if not self.full():
                    self._wake_putter()  # the room it was woken for goes to the next writer
                raise
        self.put_nowait(item)

    def get_nowait(self) -> T:
        if self._items is None:
            raise asyncio.QueueEmpty
        item = self._items.popleft()
        if not self._items:
            self._items = None  # an idle mailbox keeps no deque
        self._wake_putter()
        return item

    def empty(self) -> bool:
        return self._items is None

    async def get(self) -> T:
        while self._items is None:
            if self._getter is not None:
                raise RuntimeError("a Mailbox has one reader at a time")
            getter = asyncio.get_running_loop().create_future()
            self._getter = getter
            try:
                await getter
            finally:
                self._getter = None
        return self.get_nowait()

    def _wake_putter(self) -> None:
        while self._putters:
            putter = self._putters.popleft()
            if not putter.done():
                putter.set_result(None)
                break
        if not self._putters:
            self._putters = None


class Gate:
    """asyncio.Event's wait, set, clear and is_set, with no deque of waiters until somebody
    waits (an Event makes one, 760 bytes, at once): a connection's write gate is open nearly
    always and nobody waits on it. Starts open."""

    __slots__ = ("_open", "_waiters")

    def __init__(self) -> None:
        self._open = True
        self._waiters: list[asyncio.Future[None]] | None = None

    def is_set(self) -> bool:
        return self._open

    def set(self) -> None:
        self._open = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(None)

    def clear(self) -> None:
        self._open = False

    async def wait(self) -> bool:
        if self._open:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = []
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)  # cancelled before the gate opened
        return True
