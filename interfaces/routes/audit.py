"""Audit of voice sessions: the shop's conversations, each one's events and its past state.

Auditors read every conversation of their shop; operators too (they can resume any session of
their shop over the WebSocket anyway); analysts read metrics only. Another shop's conversation
answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel

from application.access import Principal
from application.audit import Audit, UnknownConversation
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED, MAX_INT, NOT_FOUND

router = APIRouter(prefix="/api/conversations", tags=["audit"], responses=AUTHENTICATED)
Auditor = Annotated[Principal, require("auditor", "operator")]


class ConversationSummary(BaseModel):
    conversation_id: str
    shop: str
    language: str | None
    started_at: str
    ended_at: str | None
    duration_ms: int | None
    last_seq: int
    events: int
    transcripts: int
    commands: int
    tasks: int
    completed: int
    failed: int
    cancelled: int
    clarifications: int


class StoredEvent(BaseModel):
    seq: int
    time: str
    type: str
    payload: dict[str, Any]


class EventPage(BaseModel):
    conversation_id: str
    events: list[StoredEvent]
    next_after: int | None  # pass as `after` for the next page; null when this was the last


class TaskState(BaseModel):
    task_id: str
    utterance_id: str
    order: int
    intent: str
    entities: dict[str, Any]
    priority: int
    depends_on: str | None
    customer_id: str | None
    customer_name: str | None
    status: str
    queued_at: str
    started_at: str | None
    ended_at: str | None
    result: dict[str, Any] | None
    reply: str
    error_code: str | None
    error_message: str | None
    cancel_reason: str | None
    awaiting_clarification: bool
    awaiting_confirmation: bool = False  # a write read back, waiting for a yes
    new_customer: str | None = None  # "Naya customer: …" was chosen: made when it runs


class ConversationState(BaseModel):
    conversation_id: str
    seq: int
    shop: str
    language: str
    started_at: str
    ended_at: str | None
    listening: str | None
    focus: dict[str, Any] | None
    previous_focus: dict[str, Any] | None
    transcripts: list[dict[str, Any]]
    tasks: list[TaskState]


def audit_of(services: ServicesDep) -> Audit:
    return Audit(services.store, services.projections)


@router.get("", response_model=list[ConversationSummary])
def list_conversations(
    services: ServicesDep,
    principal: Auditor,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> list[dict[str, Any]]:
    """Your shop's conversations, newest first, with their counts and duration."""
    return audit_of(services).conversations(principal.shop, limit, offset)


ConversationId = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/{conversation_id}/events", response_model=EventPage, responses=NOT_FOUND)
def conversation_events(
    conversation_id: ConversationId,
    services: ServicesDep,
    principal: Auditor,
    after: Annotated[
        int, Query(ge=0, le=MAX_INT, description="Events with seq greater than this.")
    ] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """One conversation's stored events in order: seq, time, type and payload."""
    try:
        events = audit_of(services).events(
            conversation_id, shop=principal.shop, after=after, limit=limit
        )
    except UnknownConversation as error:
        raise HTTPException(404, str(error)) from None
    return {
        "conversation_id": conversation_id,
        "events": events,
        "next_after": events[-1]["seq"] if len(events) == limit else None,
    }


@router.get("/{conversation_id}/state", response_model=ConversationState, responses=NOT_FOUND)
def conversation_state(
    conversation_id: ConversationId,
    services: ServicesDep,
    principal: Auditor,
    at: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="The state after event SEQ.")
    ] = None,
) -> dict[str, Any]:
    """The conversation as it stood after event `at` (now, without it): tasks, focus, transcripts."""
    try:
        return audit_of(services).state(conversation_id, shop=principal.shop, at=at)
    except UnknownConversation as error:
        raise HTTPException(404, str(error)) from None
