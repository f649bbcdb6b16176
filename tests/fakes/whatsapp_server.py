"""A local stand-in of WhatsApp's Cloud API on 127.0.0.1, written from Meta's published formats.

`POST /{phone_number_id}/messages` takes a template message (bearer token, `messaging_product`,
`to`, `type: "template"`, `template.name/language.code/components[].parameters[]`) and answers
`{"messaging_product": "whatsapp", "contacts": [{"input", "wa_id"}], "messages": [{"id":
"wamid…"}]}`, or a Graph API error `{"error": {"message", "type", "code", "error_data":
{"messaging_product", "details"}, "fbtrace_id"}}` with its HTTP status. Tests script what the
next requests get (`ok`, an error, a 429 with code 130429, a stall longer than the client
waits) and post signed status webhooks (`entry[].changes[].value.statuses[]`) to the server.

It runs in a thread of the test process (`with FakeWhatsApp() as fake:`), so a test can use
it beside a real `bolkhata serve` process that it kills and restarts.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass(frozen=True)
class Reply:
    """What one send request gets: `ok`, an `error` (HTTP status, API code), or a `stall`
    (wait `seconds`, then answer `then`: accepted or not, the client has given up by then)."""

    kind: str = "ok"
    http_status: int = 200
    code: int = 0
    message: str = ""
    seconds: float = 0.0
    accept_after_stall: bool = False

    @classmethod
    def error(cls, http_status: int, code: int, message: str) -> Reply:
        return cls("error", http_status, code, message)

    @classmethod
    def rate_limited(cls) -> Reply:
        return cls("error", 429, 130429, "(#130429) Rate limit hit")

    @classmethod
    def stall(cls, seconds: float, accept: bool = False) -> Reply:
        return cls("stall", seconds=seconds, accept_after_stall=accept)


@dataclass
class Sent:
    wa_message_id: str
    to: str
    template: str
    language: str
    parameters: list[str]


@dataclass
class FakeWhatsApp:
    token: str = "test-whatsapp-token"
    phone_number_id: str = "1234567890"
    app_secret: str = "test-app-secret"
    script: deque[Reply] = field(default_factory=deque)
    requests: list[dict[str, Any]] = field(default_factory=list)
    accepted: list[Sent] = field(default_factory=list)
    port: int = 0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._stalling = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"

    def env(self) -> dict[str, str]:
        """The server settings that point Bolkhata at this stand-in."""
        return {
            "BOLKHATA_WHATSAPP_TOKEN": self.token,
            "BOLKHATA_WHATSAPP_PHONE_NUMBER_ID": self.phone_number_id,
            "BOLKHATA_WHATSAPP_BASE_URL": self.base_url,
            "BOLKHATA_WHATSAPP_APP_SECRET": self.app_secret,
            "BOLKHATA_WHATSAPP_VERIFY_TOKEN": "test-verify-token",
        }

    # The API

    async def _messages(self, request: Request) -> JSONResponse:
        if request.path_params["phone_number_id"] != self.phone_number_id:
            return _error(400, 100, "Unsupported post request. Object does not exist")
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return _error(401, 190, "Invalid OAuth access token - Cannot parse access token")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, 100, "Invalid parameter")
        with self._lock:
            self.requests.append(body)
            reply = self.script.popleft() if self.script else Reply()
        problem = _check(body)
        if problem:
            return _error(400, 100, f"Invalid parameter: {problem}")
        if reply.kind == "error":
            return _error(reply.http_status, reply.code, reply.message)
        if reply.kind == "stall":
            with self._lock:
                self._stalling += 1
            try:
                await asyncio.sleep(reply.seconds)
            finally:
                with self._lock:
                    self._stalling -= 1
            if not reply.accept_after_stall:
                return _error(503, 2, "Service temporarily unavailable")
        template = body["template"]
        sent = Sent(
            wa_message_id=f"wamid.FAKE{next(self._ids):08d}",
            to=body["to"],
            template=template["name"],
            language=template["language"]["code"],
            parameters=[p["text"] for c in template["components"] for p in c["parameters"]],
        )
        with self._lock:
            self.accepted.append(sent)
        return JSONResponse(
            {
                "messaging_product": "whatsapp",
                "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                "messages": [{"id": sent.wa_message_id, "message_status": "accepted"}],
            }
        )

    # Webhooks back to the server

    def webhook(self, statuses: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": "102290129340398",
                    "changes": [
                        {
                            "value": {
                                "messaging_product": "whatsapp",
                                "metadata": {
                                    "display_phone_number": "15550783881",
                                    "phone_number_id": self.phone_number_id,
                                },
                                "statuses": statuses,
                            },
                            "field": "messages",
                        }
                    ],
                }
            ],
        }

    @staticmethod
    def status(
        wa_message_id: str, status: str, recipient: str, errors: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": wa_message_id,
            "status": status,
            "timestamp": str(int(time.time())),
            "recipient_id": recipient,
        }
        if errors:
            entry["errors"] = errors
        return entry

    def sign(self, body: bytes, secret: str | None = None) -> str:
        key = (secret or self.app_secret).encode()
        return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()

    def post_statuses(
        self, url: str, statuses: list[dict[str, Any]], secret: str | None = None
    ) -> httpx.Response:
        body = json.dumps(self.webhook(statuses)).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": self.sign(body, secret),
        }
        return httpx.post(url, content=body, headers=headers, timeout=10)

    # Running

    def __enter__(self) -> FakeWhatsApp:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        app = Starlette(
            routes=[Route("/v21.0/{phone_number_id}/messages", self._messages, methods=["POST"])]
        )
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="warning", timeout_graceful_shutdown=1
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the WhatsApp stand-in did not start")
            time.sleep(0.02)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + 30
        while self._stalling and time.monotonic() < deadline:
            time.sleep(0.05)  # a stalled answer finishes, so no connection is cut mid-way
        self._server.should_exit = True
        self._thread.join(10)


def _error(http_status: int, code: int, message: str) -> JSONResponse:
    return JSONResponse(
        {
            "error": {
                "message": message,
                "type": "OAuthException",
                "code": code,
                "error_data": {"messaging_product": "whatsapp", "details": message},
                "fbtrace_id": "AbCdEfGhIjKlMnOp",
            }
        },
        status_code=http_status,
    )


def _check(body: Any) -> str:
    """The request as the Cloud API requires it for a template message; '' when it is."""
    if not isinstance(body, dict) or body.get("messaging_product") != "whatsapp":
        return "messaging_product must be whatsapp"
    to = body.get("to")
    if not isinstance(to, str) or not to.isdigit() or not 8 <= len(to) <= 15:
        return "to must be a phone number in international format"
    if body.get("type") != "template" or not isinstance(body.get("template"), dict):
        return "type must be template with a template object"
    template = body["template"]
    if not template.get("name") or not isinstance(template.get("language"), dict):
        return "template needs name and language"
    for component in template.get("components") or []:
        for parameter in component.get("parameters") or []:
            if parameter.get("type") != "text" or not isinstance(parameter.get("text"), str):
                return "body parameters must be text"
    return ""
