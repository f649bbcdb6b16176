"""SlimWebSocketProtocol: uvicorn's WebSocket protocol, driven by hand, still shakes hands,
carries messages both ways and closes, and keeps no handshake once it is answered."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.config import Config
from uvicorn.server import ServerState
from websockets.frames import Frame, Opcode

from application.mailbox import Gate, Mailbox
from interfaces.socket_protocol import SlimWebSocketProtocol

HANDSHAKE = (
    b"GET /ws/voice?token=t HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\n"
    b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: bolkhata\r\n\r\n"
)


class Transport:
    """What the protocol asks of an asyncio transport: its writes are kept."""

    def __init__(self) -> None:
        self.written = bytearray()
        self.closing = False

    def get_extra_info(self, name: str) -> Any:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 5000)}.get(name)

    def write(self, data: bytes) -> None:
        self.written += data

    def close(self) -> None:
        self.closing = True

    def is_closing(self) -> bool:
        return self.closing

    def pause_reading(self) -> None: ...

    def resume_reading(self) -> None: ...


async def echo(scope: dict[str, Any], receive: Any, send: Any) -> None:
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept", "subprotocol": "bolkhata"})
    message = await receive()
    await send({"type": "websocket.send", "text": "echo " + message["text"]})
    await send({"type": "websocket.close", "code": 4401})


def client_text(text: str) -> bytes:
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=True, extensions=[])


def test_it_accepts_echoes_and_closes_with_a_mailbox_a_gate_and_no_handshake_kept() -> None:
    async def main() -> None:
        config = Config(app=echo, ws="websockets-sansio", lifespan="off", log_config=None)
        config.load()
        protocol = SlimWebSocketProtocol(config, ServerState(), {})
        assert isinstance(protocol.queue, Mailbox) and isinstance(protocol.writable, Gate)
        transport = Transport()
        protocol.connection_made(transport)  # type: ignore[arg-type]
        protocol.data_received(HANDSHAKE)
        for _ in range(20):
            if b"101 Switching Protocols" in transport.written:
                break
            await asyncio.sleep(0)
        assert b"Sec-WebSocket-Protocol: bolkhata" in transport.written
        assert "response" not in vars(protocol) and "request" not in vars(protocol)
        protocol.data_received(client_text("hello"))
        await asyncio.gather(*protocol.tasks)  # the app: it echoed and closed
        assert b"echo hello" in transport.written
        assert (4401).to_bytes(2, "big") in transport.written  # the close frame's code
        close = Frame(Opcode.CLOSE, (4401).to_bytes(2, "big"))
        protocol.data_received(close.serialize(mask=True, extensions=[]))  # the client's echo
        assert transport.closing
        protocol.connection_lost(None)

    asyncio.run(main())
