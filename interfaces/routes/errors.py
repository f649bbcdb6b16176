"""The error answers of the HTTP API, as the OpenAPI document publishes them.

FastAPI lists only 200 and 422 by itself; a client (or Schemathesis) must also learn the 401,
403 and 404 each route really gives, with the body it really sends: `{"detail": "…"}`, the
shape of FastAPI's HTTPException. A 422 is FastAPI's own validation error (`detail` a list).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from interfaces.protocol import MAX_SEQ

# Offsets and sequence numbers: at most 2^53 − 1, as over the WebSocket; more is a 422.
MAX_INT = MAX_SEQ


class Problem(BaseModel):
    """Why the request was refused, in words."""

    detail: str


UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {
        "model": Problem,
        "description": "No token, or not a valid one (bearer header or `?token=`).",
        "headers": {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}},
    }
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": Problem, "description": "The token's role may not read this."}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "None of your shop's (another shop's looks the same)."}
}
AUTHENTICATED = UNAUTHORIZED | FORBIDDEN
