"""Which customer a spoken command is about: a name, the one in focus, or a question back."""

from __future__ import annotations

import time
from datetime import datetime
from typing import TYPE_CHECKING, Any

from application.khata import Khata
from application.replies import reply_failed
from domain.conversation import Conversation
from domain.intents import CUSTOMER_INTENTS, Command, Intent, priority_of
from domain.language.names import DirectoryEntry, resolve

if TYPE_CHECKING:
    from application.sessions import Session

CLARIFY_OPTIONS = 5
CONFIRM_CLOSE = {
    "hinglish": "{name} ka khata band karna hai? Haan ho to naam chuniye.",
    "en": "Close {name}'s account? Choose the name to confirm.",
    "hi": "{name} का खाता बंद करना है? हाँ हो तो नाम चुनिए।",
}
QUESTION = {
    "hinglish": "Kaun se customer? {names}",
    "en": "Which customer? {names}",
    "hi": "कौन से ग्राहक? {names}",
}


class Resolver:
    def __init__(self, khata: Khata) -> None:
        self.khata = khata

    def queue(
        self,
        conversation: Conversation,
        session: Session,
        task_id: str,
        utterance_id: str,
        command: Command,
        depends_on: str | None,
        directory: list[dict[str, Any]],
        now: datetime,
    ) -> None:
        """Queue the command's task with its customer; ask or fail when there is none."""
        entities = dict(command.entities)
        customer_id: str | None = None
        name: str | None = None
        question: list[dict[str, Any]] = []
        failure: tuple[str, str] | None = None
        if command.intent is Intent.CREATE_CUSTOMER:
            name = str(entities.get("customer") or "")
            entities["customer_key"] = f"new:{name.lower()}"
        elif command.intent in CUSTOMER_INTENTS:
            customer_id, name, question, failure = self._customer(
                conversation, entities, directory, now
            )
        conversation.queue_task(
            task_id=task_id,
            utterance_id=utterance_id,
            intent=command.intent.value,
            entities=entities,
            priority=int(priority_of(command.intent)),
            depends_on=depends_on,
            customer_id=customer_id,
            customer_name=name,
            at=now,
        )
        language = conversation.language
        if question:
            names = ", ".join(option["name"] for option in question)
            conversation.ask_clarification(
                task_id=task_id,
                utterance_id=utterance_id,
                question=QUESTION.get(language, QUESTION["hinglish"]).format(names=names),
                options=question,
                at=now,
            )
        elif command.intent is Intent.DELETE_CUSTOMER and customer_id and name:
            # Closing a khata cannot be taken back by voice: it waits for a yes (the one option).
            conversation.ask_clarification(
                task_id=task_id,
                utterance_id=utterance_id,
                question=CONFIRM_CLOSE.get(language, CONFIRM_CLOSE["hinglish"]).format(name=name),
                options=[{"customer_id": customer_id, "name": name}],
                at=now,
            )
        elif failure is not None:
            code, message = failure
            reply = reply_failed(code, message, language)
            conversation.fail_task(task_id, code, message, reply, language, now)
        elif customer_id and not session.engine.limiter.admit(customer_id, time.monotonic()):
            message = "more than the allowed tasks for one customer in a minute"
            reply = reply_failed("rate_limited", message, language)
            conversation.fail_task(task_id, "rate_limited", message, reply, language, now)

    def _customer(
        self,
        conversation: Conversation,
        entities: dict[str, Any],
        directory: list[dict[str, Any]],
        now: datetime,
    ) -> tuple[str | None, str | None, list[dict[str, Any]], tuple[str, str] | None]:
        spoken = entities.get("customer")
        if spoken:
            entries = [DirectoryEntry(row["customer_id"], row["name"]) for row in directory]
            found = resolve(str(spoken), entries)
            if found.status == "match" and found.customer_id:
                name = next(r["name"] for r in directory if r["customer_id"] == found.customer_id)
                focus = conversation.focus or {}
                if focus.get("customer_id") != found.customer_id:
                    conversation.focus_customer(
                        customer_id=found.customer_id,
                        name=name,
                        confidence=round(found.score, 3),
                        reason="named",
                        at=now,
                    )
                return found.customer_id, name, [], None
            options = [{"customer_id": o.customer_id, "name": o.name} for o in found.options]
            if found.status == "ambiguous":
                return None, None, options[:CLARIFY_OPTIONS], None
            hint = ", ".join(o["name"] for o in options)
            message = f"no customer called {spoken!r}" + (f"; did you mean {hint}?" if hint else "")
            return None, None, [], ("customer_not_found", message)
        reference = (
            conversation.previous_focus
            if entities.get("customer_ref") == "previous"
            else conversation.focus
        )
        if reference:
            return str(reference["customer_id"]), str(reference["name"]), [], None
        options = [{"customer_id": r["customer_id"], "name": r["name"]} for r in directory]
        if not options:
            return None, None, [], ("customer_not_found", "this shop has no customers yet")
        return None, None, options[:CLARIFY_OPTIONS], None
