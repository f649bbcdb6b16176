"""Messages to customers: the shop's list, and WhatsApp's status webhooks (Meta's format).

The webhooks are Meta's contract, not a client's: they stay out of the OpenAPI document
(docs/protocol.md describes them). A POST is checked against `X-Hub-Signature-256` before
anything in it is read; unknown message ids and duplicates are answered 200 and change nothing,
so that Meta does not send them again.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

from application.access import Principal
from infrastructure.whatsapp import signature_ok, statuses_of
from interfaces.deps import ServicesDep, require
from interfaces.routes.errors import AUTHENTICATED, MAX_INT

log = logging.getLogger("bolkhata.webhooks")

router = APIRouter(tags=["messages"])
Operator = Annotated[Principal, require("operator")]
Analyst = Annotated[Principal, require("analyst")]
MAX_PAGE = 200


class MessageRow(BaseModel):
    message_id: str
    customer_id: str
    customer_name: str
    kind: Literal["reminder", "statement"]
    status: Literal["queued", "sent", "delivered", "read", "failed"]
    wa_message_id: str | None
    error_code: str | None
    error_reason: str | None
    attempts: int
    created_at: str
    updated_at: str


@router.get("/api/messages", response_model=list[MessageRow], responses=AUTHENTICATED)
def list_messages(
    services: ServicesDep,
    principal: Operator,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> list[dict[str, Any]]:
    """Your shop's messages to customers, newest first, with their delivery status."""
    assert services.outbox is not None
    return services.outbox.messages(principal.shop, limit, offset)


class MessageCounts(BaseModel):
    queued: int
    sent: int
    delivered: int
    read: int
    failed: int


@router.get("/api/analytics/messages", response_model=MessageCounts, responses=AUTHENTICATED)
def message_counts(services: ServicesDep, principal: Analyst) -> dict[str, int]:
    """How many of your shop's messages to customers are in each delivery status."""
    assert services.outbox is not None
    return services.outbox.counts(principal.shop)


@router.get("/webhooks/whatsapp", include_in_schema=False, response_class=PlainTextResponse)
def verify_webhook(
    services: ServicesDep,
    mode: Annotated[str | None, Query(alias="hub.mode")] = None,
    token: Annotated[str | None, Query(alias="hub.verify_token")] = None,
    challenge: Annotated[str | None, Query(alias="hub.challenge")] = None,
) -> PlainTextResponse:
    """Meta's subscription handshake: echo the challenge when the verify token matches."""
    expected = services.settings.whatsapp_verify_token
    if mode != "subscribe" or not expected or token != expected or challenge is None:
        raise HTTPException(403, "verification failed")
    return PlainTextResponse(challenge)


@router.post("/webhooks/whatsapp", include_in_schema=False)
async def status_webhook(request: Request, services: ServicesDep) -> dict[str, str]:
    """Delivery statuses of sent messages; each applied only if it moves the message forward."""
    body = await request.body()
    header = request.headers.get("x-hub-signature-256")
    if not signature_ok(body, header, services.settings.whatsapp_app_secret):
        raise HTTPException(403, "bad or missing signature")
    try:
        payload = json.loads(body)
    except ValueError:
        return {"status": "ignored"}  # signed but not JSON: nothing Meta would resend
    assert services.outbox is not None
    for status in statuses_of(payload):
        name = str(status.get("status", ""))
        errors = [e for e in status.get("errors") or [] if isinstance(e, dict)]
        changed = await to_thread.run_sync(services.outbox.apply_status, status["id"], name, errors)
        log.info("webhook: %s %s (%s)", status["id"], name, "applied" if changed else "ignored")
    return {"status": "ok"}
