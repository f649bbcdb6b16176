"""The intents of DESIGN.md (contract names) and the command the parser makes of each."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Intent(StrEnum):
    CHECK_BALANCE = "CHECK_BALANCE"
    ADD_CREDIT = "ADD_CREDIT"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    CREATE_INVOICE = "CREATE_INVOICE"
    CANCEL_INVOICE = "CANCEL_INVOICE"
    CREATE_REMINDER = "CREATE_REMINDER"
    CANCEL_REMINDER = "CANCEL_REMINDER"
    MODIFY_REMINDER = "MODIFY_REMINDER"
    CREATE_CUSTOMER = "CREATE_CUSTOMER"
    GET_CUSTOMER_INFO = "GET_CUSTOMER_INFO"
    SEND_STATEMENT = "SEND_STATEMENT"
    # Extension: the customer asks for no messages ("Rahul ko message mat bhejna"), or again.
    STOP_MESSAGES = "STOP_MESSAGES"
    ALLOW_MESSAGES = "ALLOW_MESSAGES"
    UPDATE_CUSTOMER_PHONE = "UPDATE_CUSTOMER_PHONE"
    DELETE_CUSTOMER = "DELETE_CUSTOMER"
    UNDO_LAST_ENTRY = "UNDO_LAST_ENTRY"
    CHECK_STOCK = "CHECK_STOCK"
    UPDATE_STOCK = "UPDATE_STOCK"
    LIST_REMINDERS = "LIST_REMINDERS"
    DAILY_SUMMARY = "DAILY_SUMMARY"
    TOTAL_PENDING_AMOUNT = "TOTAL_PENDING_AMOUNT"
    LIST_CUSTOMER_BALANCES = "LIST_CUSTOMER_BALANCES"
    CANCEL_TASK = "CANCEL_TASK"
    SET_FOCUS = "SET_FOCUS"
    HELP = "HELP"
    UNKNOWN = "UNKNOWN"
    # Extension: "haan" / "nahi" answering the session's pending confirmation.
    ANSWER = "ANSWER"
    # Extension: routines, named sequences of commands (README "Routines"). A run never
    # becomes a task: the session puts the routine's commands in its place.
    CREATE_ROUTINE = "CREATE_ROUTINE"
    CHANGE_ROUTINE = "CHANGE_ROUTINE"
    DELETE_ROUTINE = "DELETE_ROUTINE"
    LIST_ROUTINES = "LIST_ROUTINES"
    RUN_ROUTINE = "RUN_ROUTINE"


class Decision(StrEnum):
    """What the safety gate lets a command do (see README, "Safety")."""

    ACT = "act"  # intent, customer, amount and mode are each sure
    ASK = "ask"  # read it back and run only on a yes
    SKIP = "skip"  # write nothing and say why (negation, question, promise, report, ...)


class Priority(IntEnum):
    """Lower value runs first."""

    HIGH = 0
    NORMAL = 1
    LOW = 2


MONEY_MOVEMENTS = frozenset(
    {
        Intent.ADD_CREDIT,
        Intent.RECORD_PAYMENT,
        Intent.CREATE_INVOICE,
        Intent.CANCEL_INVOICE,
        Intent.UNDO_LAST_ENTRY,
    }
)

# Intents that change the ledger, stock, reminders or customers: these pass the safety gate.
WRITES = frozenset(
    {
        Intent.ADD_CREDIT,
        Intent.RECORD_PAYMENT,
        Intent.CREATE_INVOICE,
        Intent.CANCEL_INVOICE,
        Intent.CREATE_REMINDER,
        Intent.CANCEL_REMINDER,
        Intent.MODIFY_REMINDER,
        Intent.CREATE_CUSTOMER,
        Intent.UPDATE_CUSTOMER_PHONE,
        Intent.DELETE_CUSTOMER,
        Intent.UNDO_LAST_ENTRY,
        Intent.UPDATE_STOCK,
        Intent.SEND_STATEMENT,  # it sends to the customer: as sure as any write
        Intent.ALLOW_MESSAGES,
        # Not STOP_MESSAGES: its "mat" is the command, and a wrong one only withholds messages.
    }
)

BACKGROUND = frozenset(
    {
        Intent.CREATE_REMINDER,
        Intent.CANCEL_REMINDER,
        Intent.MODIFY_REMINDER,
        Intent.LIST_REMINDERS,
        Intent.LIST_CUSTOMER_BALANCES,
        Intent.DAILY_SUMMARY,
        Intent.TOTAL_PENDING_AMOUNT,
    }
)

# Intents that act on one existing customer (named, or the one in focus).
CUSTOMER_INTENTS = frozenset(
    {
        Intent.CHECK_BALANCE,
        Intent.ADD_CREDIT,
        Intent.RECORD_PAYMENT,
        Intent.CREATE_INVOICE,
        Intent.CANCEL_INVOICE,
        Intent.CREATE_REMINDER,
        Intent.CANCEL_REMINDER,
        Intent.MODIFY_REMINDER,
        Intent.GET_CUSTOMER_INFO,
        Intent.SEND_STATEMENT,
        Intent.STOP_MESSAGES,
        Intent.ALLOW_MESSAGES,
        Intent.UPDATE_CUSTOMER_PHONE,
        Intent.DELETE_CUSTOMER,
        Intent.UNDO_LAST_ENTRY,
        Intent.SET_FOCUS,
    }
)


def priority_of(intent: Intent) -> Priority:
    if intent in MONEY_MOVEMENTS:
        return Priority.HIGH
    if intent in BACKGROUND:
        return Priority.LOW
    return Priority.NORMAL


@dataclass(frozen=True)
class Command:
    """One command understood in an utterance.

    `entities` holds JSON-ready values exactly as `bolkhata parse --json` prints them
    (docs/language.md). `after_previous` marks an explicit "aur phir" dependency on the
    command before it in the same utterance. `decision` is the safety gate's verdict and
    `reason` its cause when it is not ACT (negation, correction, question, promise, report,
    to_customer, unclear, mode, …); `confidence` (0..1) and `used` (the words the command was built from)
    say how sure the parser is. Commands split from one write naming several customers share
    `group` (the index of the first of them in the utterance).
    """

    intent: Intent
    entities: dict[str, Any] = field(default_factory=dict)
    after_previous: bool = False
    decision: Decision = Decision.ACT
    reason: str | None = None
    confidence: float = 1.0
    used: tuple[str, ...] = ()
    group: int | None = None

    @property
    def writes(self) -> bool:
        return self.intent in WRITES

    def to_json(self) -> dict[str, Any]:
        """The labelled form: intent and entities, and the gate's verdict when it is not ACT."""
        out: dict[str, Any] = {"intent": self.intent.value, "entities": dict(self.entities)}
        if self.decision is not Decision.ACT:
            out["decision"] = self.decision.value
            out["reason"] = self.reason
        return out
