"""The process-wide delivery worker: due reminders and queued messages, shop sessions or not.

One asyncio task, started in the server's lifespan. Each round it marks due reminders sent
(which queues their messages, application/khata.py) and sends every queued message whose time
has come, a few at once. It sleeps until the next due time, at most a second, and wakes early
when a message is queued in this process. A restart loses nothing: the work is found again in
the store (application/projections/messages.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import to_thread

from application.outbox import Job, Outbox
from application.ports import Clock, MessageSender
from domain.messages import SendAnswer

log = logging.getLogger("bolkhata.delivery")
T = TypeVar("T")

TICK_SECONDS = 1.0  # the longest sleep: the first attempt goes out well within 5 s
PARALLEL_SENDS = 4


class DeliveryWorker:
    def __init__(
        self, outbox: Outbox, sender: MessageSender | None, clock: Clock, language: str = "hi"
    ) -> None:
        self.outbox = outbox
        self.sender = sender  # None: nothing is sent; messages stay queued (share links)
        self.clock = clock
        self.language = language
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()
        self._limit = asyncio.Semaphore(PARALLEL_SENDS)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._busy: set[str] = set()  # message ids with a send running in this process
        self._out: dict[str, Job] = {}  # claimed attempts whose answer has not come back
        # Store calls still running in worker threads: a cancelled await does not stop its
        # thread, and the store must not close under one (SQLite would crash the process).
        self._in_threads = 0
        self._closed = False
        self._threads_idle = threading.Condition()

    async def _blocking(self, function: Callable[..., T], *args: Any) -> T:
        return await to_thread.run_sync(self._counted, function, *args)

    def _counted(self, function: Callable[..., T], *args: Any) -> T:
        with self._threads_idle:
            if self._closed:
                raise RuntimeError("the delivery worker has stopped")
            self._in_threads += 1
        try:
            return function(*args)
        finally:
            with self._threads_idle:
                self._in_threads -= 1
                self._threads_idle.notify_all()

    def _close_threads(self) -> None:
        """No store call runs, or will run, on a worker thread after this returns."""
        with self._threads_idle:
            self._closed = True
            self._threads_idle.wait_for(lambda: self._in_threads == 0, timeout=30)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._task = asyncio.create_task(self._run(), name="bolkhata-delivery")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for send in list(self._sends):
            send.cancel()
        await asyncio.gather(*self._sends, return_exceptions=True)
        # Sends cut short by the stop: retried soon by the next server, not after the lease.
        # The API may have taken them, so each may repeat once (README: the repeat caveat).
        stopped = SendAnswer(answered=False, reason="the server stopped mid-send")
        for job in list(self._out.values()):
            log.warning(
                "message %s: attempt %d cut short by the stop; sending again may repeat it once",
                job.message_id,
                job.attempt,
            )
            with contextlib.suppress(Exception):
                await self._blocking(self.outbox.record, job, stopped)
        self._out.clear()
        close = getattr(self.sender, "close", None)
        if close is not None:
            await close()  # the adapter's HTTP connections
        await to_thread.run_sync(self._close_threads)

    def poke(self) -> None:
        """Something was queued or scheduled (called from any thread)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake.set)

    async def _run(self) -> None:
        while True:
            try:
                await self.round()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database away, say: try again next round
                log.exception("delivery round failed; trying again")
            await self._sleep()

    async def _sleep(self) -> None:
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), TICK_SECONDS)

    async def round(self) -> None:
        """Mark due reminders, then start a send for each queued message whose time came."""
        now = self.clock.now()
        for row in await self._blocking(self.outbox.due_reminders, now):
            await self._blocking(self.outbox.mark_due, row)
        if self.sender is None:
            return
        for row in await self._blocking(self.outbox.pending, self.clock.now()):
            if row["message_id"] in self._busy:
                continue
            self._busy.add(row["message_id"])
            send = asyncio.create_task(
                self._deliver(row["shop"], row["customer_id"], row["message_id"])
            )
            self._sends.add(send)
            send.add_done_callback(self._sends.discard)

    async def _deliver(self, shop: str, customer_id: str, message_id: str) -> None:
        try:
            async with self._limit:
                job = await self._blocking(
                    self.outbox.claim, shop, customer_id, message_id, self.language
                )
                if job is None:
                    return
                self._out[message_id] = job
                answer = await self._send(job)
                status = await self._blocking(self.outbox.record, job, answer)
                self._out.pop(message_id, None)
                log.info(
                    "message %s attempt %d: %s (%s)",
                    message_id,
                    job.attempt,
                    status,
                    answer.wa_message_id or answer.failure_code,
                )
            if status == "queued":
                self.poke()  # a retry is scheduled: the next round finds it when due
        except Exception:
            log.exception("delivering message %s failed; it stays queued", message_id)
        finally:
            self._busy.discard(message_id)

    async def _send(self, job: Job) -> SendAnswer:
        assert self.sender is not None
        return await self.sender.send(
            to=job.to, template=job.template, language=self.language, parameters=job.parameters
        )
