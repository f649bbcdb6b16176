"""The outbox's use cases: what is due, claiming an attempt, recording its answer, statuses.

Every change is a load-decide-save on the customer's account, so the account stays the one
truth and two workers (two processes on one PostgreSQL) never both claim one attempt: the
second save of the same version is stale and that worker leaves the message alone.
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from eventsourcing.persistence import IntegrityError

from application.khata import Khata, Result
from application.projections import DUE_REMINDERS, MESSAGES, Projections
from application.projections.runner import READ_WAIT_SECONDS
from domain.errors import DomainError
from domain.messages import (
    OPTED_OUT,
    TEMPLATES,
    SendAnswer,
    backoff_cap,
    may_try_again,
    whatsapp_number,
)
from domain.money import format_rupees

log = logging.getLogger("bolkhata.delivery")

# The scanner leaves a just-due reminder to a live session's own timer for this long, so that
# the session announces it; after that, whoever marks it sent first queues its message.
SCAN_GRACE = timedelta(seconds=5)


@dataclass(frozen=True)
class Job:
    """One claimed attempt: everything the sender needs, nothing it must look up."""

    shop: str
    customer_id: str
    message_id: str
    attempt: int
    to: str
    template: str
    parameters: list[str]


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _by(text: str | None, moment: datetime) -> bool:
    """Whether the ISO time `text` is at or before `moment` (never, without a time)."""
    when = _when(text)
    return when is not None and when <= moment


class Outbox:
    def __init__(
        self,
        khata: Khata,
        projections: Projections,
        *,
        lease: timedelta = timedelta(seconds=30),
        jitter: Callable[[float], float] = lambda cap: random.uniform(0, cap),
    ) -> None:
        self.khata = khata
        self.store = khata.store
        self.clock = khata.clock
        self.projections = projections
        self.lease = lease  # an attempt with no answer after this long counts as lost
        self.jitter = jitter

    def _view(self) -> Any:
        self.projections.catch_up(wait=READ_WAIT_SECONDS)
        return self.projections["outbox"].view

    # Finding work

    def _scan(self) -> Any:
        """The delivery worker's view. With projection workers it reads what is there: it
        looks again within a second, and what it acts on is checked on the aggregate (mark_due
        and claim are idempotent). Waiting for this process's last write polled the positions
        every 10 ms for up to 2 s on each round while a busy server's writes kept ahead (a tenth
        of a server's busy samples in bench/processes.py, each poll five queries)."""
        if self.projections.is_external:
            return self.projections["outbox"].view
        return self._view()

    def due_reminders(self, now: datetime) -> list[dict[str, Any]]:
        rows = self._scan().select(DUE_REMINDERS, {"status": "scheduled"})
        return [r for r in rows if _by(r["due_at"], now - SCAN_GRACE)]

    def pending(self, now: datetime) -> list[dict[str, Any]]:
        rows = self._scan().select(MESSAGES, {"status": "queued"}, order_by=("position",))
        return [r for r in rows if _by(r["next_attempt_at"], now)]

    def mark_due(self, row: dict[str, Any]) -> None:
        """The same task id as the live session's timer: the reminder is marked once."""
        with contextlib.suppress(DomainError):  # cancelled or sent meanwhile
            self.khata.mark_reminder_sent(
                row["shop"],
                row["customer_id"],
                row["reminder_id"],
                f"reminder-due:{row['reminder_id']}",
            )

    # One attempt

    def claim(self, shop: str, customer_id: str, message_id: str, language: str) -> Job | None:
        """Record the next attempt (or the end of trying) and return what to send, if any."""
        for _ in range(3):
            try:
                return self._claim(shop, customer_id, message_id)
            except IntegrityError:
                continue  # someone wrote the account meanwhile: read it again
        return None

    def _claim(self, shop: str, customer_id: str, message_id: str) -> Job | None:
        now = self.clock.now()
        account = self.khata.account(shop, customer_id)
        message = account.messages.get(message_id)
        if message is None or message.status != "queued":
            return None
        if message.next_attempt_at is not None and message.next_attempt_at > now:
            return None  # not yet, or another worker's attempt is still out
        if message.in_flight:
            # The last attempt never reported back (the worker died or hung mid-send): the API
            # may have accepted it, so the attempt below may deliver the message a second time.
            log.warning(
                "message %s: attempt %d was lost in flight; sending again may repeat it once",
                message_id,
                message.attempts,
            )
        if account.opted_out:
            account.fail_message(message_id, OPTED_OUT, "the customer opted out", now)
            self.store.save(account)
            return None
        if not may_try_again(message.attempts, message.created_at, now):
            code = message.error_code or "gave_up"
            reason = message.error_reason or "no answer after the last attempt"
            account.fail_message(
                message_id, code, f"gave up after {message.attempts}: {reason}", now
            )
            self.store.save(account)
            return None
        attempt = account.begin_attempt(message_id, now, now + self.lease)
        self.store.save(account)
        shop_name = self.khata.shop(shop).name
        parameters = [account.name, format_rupees(max(account.balance, 0)), shop_name]
        assert account.phone is not None  # queued only with a phone (domain/ledger.py)
        return Job(
            shop,
            customer_id,
            message_id,
            attempt,
            whatsapp_number(account.phone),
            TEMPLATES[message.kind],
            parameters,
        )

    def record(self, job: Job, answer: SendAnswer) -> str:
        """Apply one attempt's answer; returns the message's status afterwards."""

        def attempt() -> str:
            now = self.clock.now()
            account = self.khata.account(job.shop, job.customer_id)
            message = account.messages[job.message_id]
            if message.status != "queued" or message.attempts != job.attempt:
                return message.status  # already settled (a late answer to an old attempt)
            if answer.accepted:
                assert answer.wa_message_id is not None
                account.message_sent(job.message_id, answer.wa_message_id, now)
            elif answer.worth_retrying and may_try_again(message.attempts, message.created_at, now):
                pause = timedelta(seconds=self.jitter(backoff_cap(message.attempts)))
                account.schedule_retry(
                    job.message_id, answer.failure_code, answer.reason, now + pause, now
                )
            else:
                account.fail_message(job.message_id, answer.failure_code, answer.reason, now)
            self.store.save(account)
            return account.messages[job.message_id].status

        return self.store.retrying(attempt)

    # Webhooks and reading

    def apply_status(
        self, wa_message_id: str, status: str, errors: list[dict[str, Any]], patience: float = 1.0
    ) -> bool:
        """A status the API reported; unknown ids and steps backwards change nothing.

        A webhook can overtake the send's own answer: an id not known yet is looked up again
        for up to `patience` seconds before the status is let go."""
        deadline = time.monotonic() + patience
        while not (rows := self._view().select(MESSAGES, {"wa_message_id": wa_message_id})):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
        row = rows[0]

        def attempt() -> bool:
            now = self.clock.now()
            account = self.khata.account(row["shop"], row["customer_id"])
            if status == "failed":
                error = errors[0] if errors else {}
                code = str(error.get("code", "failed"))
                reason = str(error.get("title") or error.get("message") or "failed")
                changed = account.fail_message(row["message_id"], code, reason, now)
            else:
                changed = account.report_status(row["message_id"], status, now)
            if changed:
                self.store.save(account)
            return changed

        return self.store.retrying(attempt)

    def messages(self, shop: str, limit: int = 50, offset: int = 0) -> list[Result]:
        rows = self._view().select(
            MESSAGES, {"shop": shop}, order_by=("-position",), limit=limit, offset=offset
        )
        return [
            {
                key: row[key]
                for key in MESSAGES.column_names
                if key not in ("shop", "position", "next_attempt_at")
            }
            | {"attempts": row["attempts"] or 0}
            for row in rows
        ]

    def counts(self, shop: str) -> dict[str, int]:
        counts = dict.fromkeys(("queued", "sent", "delivered", "read", "failed"), 0)
        for row in self._view().select(MESSAGES, {"shop": shop}):
            counts[row["status"]] = counts.get(row["status"], 0) + 1
        return counts

    def customer_messages(self, shop: str, customer_id: str) -> list[Result]:
        rows = self._view().select(MESSAGES, {"shop": shop, "customer_id": customer_id})
        rows.sort(key=lambda r: -int(r["position"]))
        return [
            {key: row[key] for key in ("message_id", "kind", "status", "error_code", "created_at")}
            for row in rows
        ]
