"""uvicorn's WebSocket protocol with less kept per open socket: the one `bolkhata serve` runs.

uvicorn's websockets (sans-I/O) protocol keeps, for the socket's whole life, an asyncio.Queue
for the messages to the app (three deques and an Event, about 3 KB, for what is one message at a
time), an asyncio.Event for write flow control (its deque, 760 bytes) and the handshake's request
and response with their headers (about 3 KB), which nothing reads once the handshake is
answered. Here the queue is a Mailbox, the Event a Gate (application/mailbox.py) and the
handshake is let go once answered. Everything else is uvicorn's own code.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn._types import ASGIReceiveEvent, ASGISendEvent
from uvicorn.config import Config
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState

from application.mailbox import Gate, Mailbox


class SlimWebSocketProtocol(WebSocketsSansIOProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        # uvicorn uses put_nowait, get and empty (one reader: the app's receive), and wait,
        # set and clear of the gate.
        self.queue: Mailbox[ASGIReceiveEvent] = Mailbox()  # type: ignore[assignment]
        self.writable: Gate = Gate()  # type: ignore[assignment]

    async def send(self, message: ASGISendEvent) -> None:
        await super().send(message)
        if self.handshake_complete and "response" in self.__dict__:
            self._forget_handshake()

    def _forget_handshake(self) -> None:
        """The handshake is answered (accepted or refused): nothing reads it again."""
        del self.response
        request = self.__dict__.pop("request", None)
        if request is not None:
            # websockets' parser generator keeps the request object itself (a local of its
            # frame): emptying its headers is what lets them go.
            request.headers.clear()
