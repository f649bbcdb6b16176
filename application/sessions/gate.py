"""Who a spoken command is about, and whether it may write: the safety gate's application side.

Pure, like the intake that calls it: the directory and the rate limiter's room come in.

Per command of a final transcript (README, "Safety"):
- a write the parser marked SKIP is queued and failed at once (`not_written`), with a reply
  that says why; a write marked ASK with no amount to read back is failed the same way;
- "sabko" / "dono" / "teeno" (`customer_ref` "all", "recent:2", "recent:3") become one task
  per customer, sharing a group with the commands the parser split from one sentence;
- a customer is a spoken name, the one in focus, or a question back (`clarify` of kind
  "customer"); an unknown name on a write offers the close names and a new customer;
- then, per group, a write that is unsure (ASK), large (at or above the confirm threshold),
  touches more than two customers or closes a khata is read back once (`clarify` of kind
  "confirm") and its tasks wait for a yes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from application.replies import (
    confirm_options,
    new_customer_option,
    reply_confirm,
    reply_failed,
    reply_not_written,
)
from domain.conversation import QUEUED, Conversation
from domain.intents import (
    CUSTOMER_INTENTS,
    WRITES,
    Command,
    Decision,
    Intent,
    priority_of,
)
from domain.language.names import SUGGEST, DirectoryEntry, resolve
from domain.money import to_paise

CLARIFY_OPTIONS = 5
SUGGESTED = 3
NEW = "new"  # the option that makes the spoken name a new customer
# Writes that may name someone who is not a customer yet: "Naya customer: X" is offered.
MAY_CREATE = frozenset(
    {Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CREATE_INVOICE, Intent.CREATE_REMINDER}
)
# Writes whose spoken amount is money that moves now: the confirm threshold applies.
MONEY_WRITES = frozenset({Intent.ADD_CREDIT, Intent.RECORD_PAYMENT, Intent.CREATE_INVOICE})
# More customers than this in one write are read back first.
GROUP_LIMIT = 2
# A negation as spoken, quoted back in the reply ("aapne 'mat' kaha").
# Strongest first: "mat" is quoted rather than a "na" earlier in the sentence.
NEGATIONS = tuple(
    re.compile(rf"(?<![\w']){word}(?![\w'])", re.IGNORECASE)
    for word in ("mat", "मत", "don't", "do not", "never", "nahi", "nahin", "नहीं", "नही", "na", "ना")
)
QUESTION = {
    "hinglish": "Kaun sa grahak? {names}",
    "en": "Which customer? {names}",
    "hi": "कौन सा ग्राहक? {names}",
}

Customer = tuple[str, str]  # customer id, name


@dataclass
class Planned:
    """One task queued for an utterance, and the group it is confirmed with."""

    task_id: str
    command: Command
    group: str
    live: bool  # still queued: not refused at once


@dataclass
class Admission:
    """The rate limit as one intake sees it: a copy of each customer's room, counted down.

    Made afresh for every run of the intake, so a run repeated after a refused batch counts
    nothing twice; `admitted` is what the session counts in the real limiter once stored."""

    room: Mapping[str, int]
    limit: int
    admitted: list[str] = field(default_factory=list)

    def admit(self, customer_id: str) -> bool:
        left = self.room.get(customer_id, self.limit) - self.admitted.count(customer_id)
        if left <= 0:
            return False
        self.admitted.append(customer_id)
        return True


@dataclass
class Found:
    customer_id: str | None = None
    name: str | None = None
    question: list[dict[str, Any]] | None = None
    failure: tuple[str, str] | None = None
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    confirm_above_paise: int  # a money write this large is read back first
    max_amount_paise: int  # above what one entry may hold it fails when run: no read-back


class Resolver:
    def __init__(self, thresholds: Thresholds) -> None:
        self.confirm_above = thresholds.confirm_above_paise
        self.max_amount = thresholds.max_amount_paise

    # One command: refused, or one task per customer

    def queue(
        self,
        conversation: Conversation,
        admission: Admission,
        task_id: str,
        utterance_id: str,
        command: Command,
        depends_on: str | None,
        directory: list[dict[str, Any]],
        now: datetime,
        *,
        index: int = 0,
        text: str = "",
    ) -> list[Planned]:
        """Queue the command's tasks; refuse, expand or ask as the gate says."""
        group = f"g{command.group}" if command.group is not None else f"c{index}"
        refusal = self._refusal(command)
        if refusal is not None:
            reason, code = refusal
            self._queue_one(conversation, task_id, utterance_id, command, depends_on, None, now)
            self._refuse(conversation, task_id, command, reason, code, text, now)
            return [Planned(task_id, command, group, live=False)]
        members = self._members(conversation, command, directory)
        if members is None:  # no expansion: one task, its customer resolved below
            live = self._queue_resolved(
                conversation, admission, task_id, utterance_id, command, depends_on, directory, now
            )
            return [Planned(task_id, command, group, live)]
        if not members:
            self._queue_one(conversation, task_id, utterance_id, command, depends_on, None, now)
            ref = command.entities.get("customer_ref")
            message = f"no customers for {ref!r} in this conversation"
            reply = reply_failed("customer_not_found", message, conversation.language)
            language = conversation.language
            conversation.fail_task(task_id, "customer_not_found", message, reply, language, now)
            return [Planned(task_id, command, group, live=False)]
        planned = []
        for k, customer in enumerate(members):
            member_id = task_id if len(members) == 1 else f"{task_id}-{k + 1}"
            self._queue_one(
                conversation, member_id, utterance_id, command, depends_on, customer, now
            )
            live = self._admit(conversation, admission, member_id, customer[0], now)
            planned.append(Planned(member_id, command, f"x{index}", live))
        return planned

    @staticmethod
    def _refusal(command: Command) -> tuple[str, str] | None:
        """Why a write must not be carried out as heard: (reason, code), or None."""
        if command.intent not in WRITES:
            return None  # reads never carry a decision; nothing to refuse
        if command.decision is Decision.SKIP:
            return command.reason or "unclear", "not_written"
        unsure_amount = command.intent in MONEY_WRITES and "amount" not in command.entities
        if command.decision is Decision.ASK and unsure_amount and not command.entities.get("items"):
            return command.reason or "unclear", "not_written"  # nothing to read back
        return None

    @staticmethod
    def _refuse(
        conversation: Conversation,
        task_id: str,
        command: Command,
        reason: str,
        code: str,
        text: str,
        now: datetime,
    ) -> None:
        entities = command.entities
        name = entities.get("customer")
        if not name and entities.get("customer_ref") == "active" and conversation.focus:
            name = conversation.focus["name"]
        spoken = (
            next((m for m in (n.search(text) for n in NEGATIONS) if m), None)
            if reason == "negation"
            else None
        )
        language = conversation.language
        reply = reply_not_written(
            command.intent.value,
            str(name) if name else None,
            entities.get("amount"),
            reason,
            spoken.group(0) if spoken else None,
            language,
        )
        message = f"nothing was written: {reason}"
        conversation.fail_task(task_id, code, message, reply, language, now)

    @staticmethod
    def _members(
        conversation: Conversation, command: Command, directory: list[dict[str, Any]]
    ) -> list[Customer] | None:
        """The customers "sabko" / "dono" / "teeno" mean, or None for a single customer."""
        ref = command.entities.get("customer_ref")
        if command.intent not in CUSTOMER_INTENTS or not isinstance(ref, str):
            return None
        if ref == "all":
            return [(str(row["customer_id"]), str(row["name"])) for row in directory]
        if ref.startswith("recent:") and ref[7:].isdigit():
            count = int(ref[7:])
            recent = conversation.recent_customers(count)
            if len(recent) < count:
                return []  # "dono" with one customer talked about: do not guess the other
            return [(str(f["customer_id"]), str(f["name"])) for f in recent]
        return None

    @staticmethod
    def _queue_one(
        conversation: Conversation,
        task_id: str,
        utterance_id: str,
        command: Command,
        depends_on: str | None,
        customer: Customer | None,
        now: datetime,
    ) -> None:
        conversation.queue_task(
            task_id=task_id,
            utterance_id=utterance_id,
            intent=command.intent.value,
            entities=dict(command.entities),
            priority=int(priority_of(command.intent)),
            depends_on=depends_on,
            customer_id=customer[0] if customer else None,
            customer_name=customer[1] if customer else None,
            at=now,
        )

    @staticmethod
    def _admit(
        conversation: Conversation,
        admission: Admission,
        task_id: str,
        customer_id: str | None,
        now: datetime,
    ) -> bool:
        if customer_id and not admission.admit(customer_id):
            message = "more than the allowed tasks for one customer in a minute"
            language = conversation.language
            reply = reply_failed("rate_limited", message, language)
            conversation.fail_task(task_id, "rate_limited", message, reply, language, now)
            return False
        return True

    def _queue_resolved(
        self,
        conversation: Conversation,
        admission: Admission,
        task_id: str,
        utterance_id: str,
        command: Command,
        depends_on: str | None,
        directory: list[dict[str, Any]],
        now: datetime,
    ) -> bool:
        """Queue one task with its customer; ask or fail when there is none. True if queued."""
        entities = dict(command.entities)
        found = Found()
        if command.intent is Intent.CREATE_CUSTOMER:
            entities["customer_key"] = f"new:{str(entities.get('customer') or '').lower()}"
        elif command.intent in CUSTOMER_INTENTS:
            found = self._customer(conversation, command, directory, now)
        conversation.queue_task(
            task_id=task_id,
            utterance_id=utterance_id,
            intent=command.intent.value,
            entities=entities,
            priority=int(priority_of(command.intent)),
            depends_on=depends_on,
            customer_id=found.customer_id,
            customer_name=found.name,
            at=now,
        )
        language = conversation.language
        if found.question:
            names = ", ".join(option["name"] for option in found.question)
            conversation.ask_clarification(
                task_id=task_id,
                utterance_id=utterance_id,
                question=QUESTION.get(language, QUESTION["hinglish"]).format(names=names),
                options=found.question,
                at=now,
            )
            return True
        if found.failure is not None:
            code, message = found.failure
            spoken = command.entities.get("customer")
            reply = reply_failed(
                code,
                message,
                language,
                name=str(spoken) if spoken else None,
                suggestions=found.suggestions,
            )
            conversation.fail_task(task_id, code, message, reply, language, now)
            return False
        return self._admit(conversation, admission, task_id, found.customer_id, now)

    def _customer(
        self,
        conversation: Conversation,
        command: Command,
        directory: list[dict[str, Any]],
        now: datetime,
    ) -> Found:
        entities = command.entities
        spoken = entities.get("customer")
        if spoken:
            return self._named(conversation, command, str(spoken), directory, now)
        reference = (
            conversation.previous_focus
            if entities.get("customer_ref") == "previous"
            else conversation.focus
        )
        if reference:
            return Found(str(reference["customer_id"]), str(reference["name"]))
        options = [{"customer_id": r["customer_id"], "name": r["name"]} for r in directory]
        if not options:
            return Found(failure=("customer_not_found", "this shop has no customers yet"))
        return Found(question=options[:CLARIFY_OPTIONS])

    @staticmethod
    def _named(
        conversation: Conversation,
        command: Command,
        spoken: str,
        directory: list[dict[str, Any]],
        now: datetime,
    ) -> Found:
        entries = [DirectoryEntry(row["customer_id"], row["name"]) for row in directory]
        found = resolve(spoken, entries)
        if found.status == "match" and found.customer_id:
            name = next(r["name"] for r in directory if r["customer_id"] == found.customer_id)
            if (conversation.focus or {}).get("customer_id") != found.customer_id:
                conversation.focus_customer(
                    customer_id=found.customer_id,
                    name=name,
                    confidence=round(found.score, 3),
                    reason="named",
                    at=now,
                )
            return Found(found.customer_id, name)
        if found.status == "ambiguous":
            options = [{"customer_id": o.customer_id, "name": o.name} for o in found.options]
            return Found(question=options[:CLARIFY_OPTIONS])
        close = [o for o in found.options if o.score >= SUGGEST][:SUGGESTED]
        options = [{"customer_id": o.customer_id, "name": o.name} for o in close]
        if command.intent in MAY_CREATE:
            return Found(question=[*options, new_customer_option(spoken, conversation.language)])
        if command.intent in WRITES and options:
            return Found(question=options)
        hint = ", ".join(o["name"] for o in options)
        message = f"no customer called {spoken!r}" + (f"; did you mean {hint}?" if hint else "")
        return Found(
            failure=("customer_not_found", message),
            suggestions=tuple(o["name"] for o in options),
        )

    # The utterance as a whole: read back what must wait for a yes

    def confirm(
        self,
        conversation: Conversation,
        utterance_id: str,
        planned: list[Planned],
        now: datetime,
    ) -> list[str]:
        """One confirm per group that needs it; returns the tasks that now wait for a yes."""
        groups: dict[str, list[Planned]] = {}
        for plan in planned:
            groups.setdefault(plan.group, []).append(plan)
        waiting: list[str] = []
        for members in groups.values():
            writes = [
                p
                for p in members
                if p.live
                and p.command.intent in WRITES
                and conversation.task(p.task_id).status == QUEUED
            ]
            if not writes or not self._needs_confirm(writes):
                continue
            records = [conversation.task(p.task_id) for p in writes]
            names = [r.customer_name or str(r.entities.get("customer") or "?") for r in records]
            first = writes[0].command
            question = reply_confirm(
                first.intent.value, names, first.entities.get("amount"), conversation.language
            )
            task_ids = [p.task_id for p in writes]
            conversation.ask_confirmation(
                utterance_id=utterance_id,
                task_ids=task_ids,
                question=question,
                options=confirm_options(conversation.language),
                at=now,
            )
            waiting += task_ids
        return waiting

    def _needs_confirm(self, writes: list[Planned]) -> bool:
        if len(writes) > GROUP_LIMIT:
            return True
        for plan in writes:
            command = plan.command
            if command.decision is Decision.ASK or command.intent is Intent.DELETE_CUSTOMER:
                return True
            amount = command.entities.get("amount")
            paise = to_paise(amount) if isinstance(amount, int | float) else 0
            # Above what one entry may hold it fails at once when run: nothing to read back.
            large = self.confirm_above <= paise <= self.max_amount
            if command.intent in MONEY_WRITES and large:
                return True
        return False
