"""The server's logging: uvicorn's lines and ours, with tokens taken out of every line.

Scripts may still pass `?token=` in a URL, and uvicorn writes each request's path (HTTP access
lines, WebSocket "accepted"/"403" lines): the filter on every handler replaces the value
before the line is written, whichever logger it came from. Task lines (`bolkhata.tasks`) are
key=value; see application/telemetry.py.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

# token=… in a query string, and "Bearer …" should a header ever be logged.
SECRETS = re.compile(r"(?i)(\btoken=)[^&\s\"']*|(\bbearer[ .])[A-Za-z0-9._~+/=-]+")
REDACTED = "REDACTED"


def redact(text: str) -> str:
    return SECRETS.sub(lambda m: (m.group(1) or m.group(2)) + REDACTED, text)


class RedactTokens(logging.Filter):
    """Rewrites the parts of a record that hold a token; never drops a line.

    The arguments are redacted one by one rather than merged into the message, because
    uvicorn's access formatter reads them (client, method, path, version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True


def log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's own configuration, plus the filter on each handler and our loggers at INFO."""
    config: dict[str, Any] = {
        **LOGGING_CONFIG,
        "filters": {"redact_tokens": {"()": RedactTokens}},
        "handlers": {
            name: {**handler, "filters": ["redact_tokens"]}
            for name, handler in LOGGING_CONFIG["handlers"].items()
        },
        "loggers": {
            **LOGGING_CONFIG["loggers"],
            "bolkhata": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "application": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "interfaces": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "infrastructure": {
                "handlers": ["default"],
                "level": level.upper(),
                "propagate": False,
            },
        },
    }
    return config
