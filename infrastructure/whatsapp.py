"""WhatsApp Cloud API adapter: one template message per call, every outcome as an answer.

`POST {base_url}/{phone_number_id}/messages` with a bearer token. A 2xx answer carries
`messages[0].id` (the "wamid"); an error answer carries `error.code` and `error.message`
(Graph API errors). A connection refused, reset or timed out is an answer too, marked
`answered=False`: whether the API took the message is then unknown (domain/messages.py).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import httpx

from domain.messages import SendAnswer

log = logging.getLogger("bolkhata.whatsapp")


class WhatsAppCloud:
    def __init__(
        self,
        *,
        token: str,
        phone_number_id: str,
        base_url: str = "https://graph.facebook.com/v21.0",
        timeout: float = 10.0,
    ) -> None:
        self.url = f"{base_url.rstrip('/')}/{phone_number_id}/messages"
        self.client = httpx.AsyncClient(
            headers={"Authorization": f"Bearer {token}"}, timeout=httpx.Timeout(timeout)
        )

    async def close(self) -> None:
        await self.client.aclose()

    async def send(
        self, *, to: str, template: str, language: str, parameters: list[str]
    ) -> SendAnswer:
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": to,
            "type": "template",
            "template": {
                "name": template,
                "language": {"code": language},
                "components": [
                    {
                        "type": "body",
                        "parameters": [{"type": "text", "text": p} for p in parameters],
                    }
                ],
            },
        }
        try:
            response = await self.client.post(self.url, json=body)
        except httpx.TransportError as error:
            # Refused, reset, or timed out: if the request went out, the API may have it.
            return SendAnswer(answered=False, reason=f"{type(error).__name__}: {error}"[:300])
        return answer_of(response)


def answer_of(response: httpx.Response) -> SendAnswer:
    payload: Any
    try:
        payload = response.json()
    except ValueError:
        payload = {}
    if not isinstance(payload, dict):
        payload = {}
    if response.is_success:
        messages = payload.get("messages") or [{}]
        wa_id = messages[0].get("id") if isinstance(messages[0], dict) else None
        if wa_id:
            return SendAnswer(answered=True, http_status=response.status_code, wa_message_id=wa_id)
        return SendAnswer(
            answered=True, http_status=502, reason="a success answer without a message id"
        )
    error = payload.get("error") if isinstance(payload.get("error"), dict) else {}
    code = error.get("code")
    details = (
        (error.get("error_data") or {}).get("details")
        if isinstance(error.get("error_data"), dict)
        else None
    )
    reason = str(details or error.get("message") or response.reason_phrase or "error")
    return SendAnswer(
        answered=True,
        http_status=response.status_code,
        code=str(code) if code is not None else "",
        reason=reason[:500],
    )


def signature_ok(body: bytes, header: str | None, app_secret: str | None) -> bool:
    """Meta signs each webhook: `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body>`."""
    if not header or not app_secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


def statuses_of(payload: Any) -> list[dict[str, Any]]:
    """`entry[].changes[].value.statuses[]` of a webhook, whatever else it carries."""
    found: list[dict[str, Any]] = []
    if not isinstance(payload, dict):
        return found
    for entry in payload.get("entry") or []:
        for change in (entry or {}).get("changes") or [] if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for status in value.get("statuses") or []:
                if isinstance(status, dict) and isinstance(status.get("id"), str):
                    found.append(status)
    return found
