"""Operator views of the live engine and the protocol: queue stats and frame schemas."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter

from application.access import Principal
from interfaces.deps import ServicesDep, require
from interfaces.protocol import protocol_schema
from interfaces.routes.errors import AUTHENTICATED

router = APIRouter(tags=["operations"])
Operator = Annotated[Principal, require("operator", "analyst")]


@router.get("/api/queue/stats", responses=AUTHENTICATED)
def queue_stats(services: ServicesDep, principal: Operator) -> dict[str, Any]:
    """Live queue of this process: the caller's shop's sessions, and the process totals."""
    engine = services.engine
    sessions = {
        session_id: session.queue_status(with_tasks=False)
        for session_id, session in list(engine.sessions.items())
        if session.shop == principal.shop
    }
    return {"sessions": sessions, "process": engine.process_stats()}


@router.get("/api/protocol")
def protocol() -> dict[str, Any]:
    """JSON Schema of every WebSocket frame: `client` (to the server) and `server` (to clients)."""
    return protocol_schema()
