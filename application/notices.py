"""What a shop's sessions have not heard: reminders that fell due unheard, messages that failed.

Candidates come from the outbox index (application/projections/messages.py); each is checked
against its customer's account, the one truth, and marked told there (`ShopkeeperTold`) once a
session heard it. So a notice is told once per shop, across restarts and processes, not once
per session.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from application.khata import Khata
from application.projections import DUE_REMINDERS, MESSAGES, Projections
from application.projections.runner import READ_WAIT_SECONDS
from domain.ledger import CustomerAccount
from domain.messages import NO_PHONE, OPTED_OUT

# Older news is not told: a shop away for longer, or one upgraded with a long history, would
# otherwise hear every reminder it ever had.
WINDOW = timedelta(days=7)
# A statement is asked for in a session, and its task's reply says these at once.
SAID_BY_THE_REPLY = frozenset({NO_PHONE, OPTED_OUT})


@dataclass(frozen=True)
class Notice:
    """A reminder that fell due (`reminder_id`) or a message that failed (`message_id`)."""

    key: str  # "reminder:<id>" | "message:<id>", as the account marks it told
    customer_id: str
    name: str
    at: str  # when it fell due, or when the message failed (ISO): the order they are told in
    reminder_id: str | None = None
    amount: int = 0
    message_id: str | None = None
    kind: str = ""  # the message's kind: reminder | statement
    code: str = ""
    reason: str = ""


def _recent(text: str | None, since: datetime) -> bool:
    return bool(text) and datetime.fromisoformat(str(text)) >= since


class Notices:
    def __init__(self, khata: Khata, projections: Projections, window: timedelta = WINDOW) -> None:
        self.khata = khata
        self.clock = khata.clock
        self.projections = projections
        self.window = window
        self.known_told: set[str] = set()  # a key told never becomes untold: saves loads

    def untold(self, shop: str, *, fresh: bool = True) -> list[Notice]:
        """The shop's notices nobody has heard yet, oldest first (blocking); `fresh` waits
        for the read models to reach this process's last write first."""
        since = self.clock.now() - self.window
        if fresh:
            self.projections.catch_up(wait=READ_WAIT_SECONDS, shop=shop)
        view = self.projections["outbox"].view
        customers: dict[str, list[str]] = defaultdict(list)
        for row in view.select(DUE_REMINDERS, {"shop": shop, "status": "sent"}):
            if _recent(row["due_at"], since):
                customers[row["customer_id"]].append(f"reminder:{row['reminder_id']}")
        for row in view.select(MESSAGES, {"shop": shop, "status": "failed"}):
            if _recent(row["updated_at"], since):
                customers[row["customer_id"]].append(f"message:{row['message_id']}")
        found: list[Notice] = []
        for customer_id, keys in customers.items():
            unknown = [key for key in keys if key not in self.known_told]
            if unknown:
                found.extend(self._check(self.khata.account(shop, customer_id), unknown))
        return sorted(found, key=lambda notice: notice.at)

    def _check(self, account: CustomerAccount, keys: Iterable[str]) -> list[Notice]:
        """The notices the account confirms and has not marked told."""
        found = []
        for key in keys:
            if key in account.told():
                self.known_told.add(key)
                continue
            kind, _, ident = key.partition(":")
            check = self._reminder if kind == "reminder" else self._failure
            notice = check(account, ident)
            if notice is not None:
                found.append(notice)
        return found

    @staticmethod
    def _reminder(account: CustomerAccount, reminder_id: str) -> Notice | None:
        reminder = account.reminders.get(reminder_id)
        if reminder is None or reminder.status != "sent":
            return None
        return Notice(
            key=f"reminder:{reminder_id}",
            customer_id=str(account.id),
            name=account.name,
            at=reminder.due_at.isoformat(),
            reminder_id=reminder_id,
            amount=reminder.amount,
        )

    @staticmethod
    def _failure(account: CustomerAccount, message_id: str) -> Notice | None:
        message = account.messages.get(message_id)
        if message is None or message.status != "failed":
            return None
        code = message.error_code or "failed"
        if message.kind == "statement" and code in SAID_BY_THE_REPLY:
            return None
        at = message.updated_at or message.created_at
        return Notice(
            key=f"message:{message_id}",
            customer_id=str(account.id),
            name=account.name,
            at=at.isoformat(),
            message_id=message_id,
            kind=message.kind,
            code=code,
            reason=message.error_reason or "",
        )

    def mark_told(self, shop: str, keys_by_customer: dict[str, list[str]]) -> None:
        """Record on each account that its notices were heard (blocking)."""
        for customer_id, keys in keys_by_customer.items():
            self.khata.store.retrying(partial(self._mark, shop, customer_id, keys))
            self.known_told.update(keys)

    def _mark(self, shop: str, customer_id: str, keys: list[str]) -> None:
        account = self.khata.account(shop, customer_id)
        if account.tell_shopkeeper(keys, self.clock.now()):
            self.khata.store.save(account)


def by_customer(notices: Iterable[Notice]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for notice in notices:
        grouped[notice.customer_id].append(notice.key)
    return dict(grouped)
