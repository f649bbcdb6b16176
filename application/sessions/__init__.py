"""The live sessions of this process, data flowing one way:

engine (registry, fair share, the host of every session) → session (one conversation's
lifecycle, through the narrow `SessionHost` protocol) → intake and gate (pure: command →
tasks), commit (group commit), reminders, views, feed → host (the protocol, settings, errors).
"""

from application.sessions.engine import SessionEngine
from application.sessions.feed import LiveFeed, PartialTranscript, Subscription
from application.sessions.host import (
    ConversationNotFound,
    EngineConfig,
    NotAllowedNow,
    SessionHost,
    WorkDelay,
    percentile,
)
from application.sessions.session import Session

__all__ = [
    "ConversationNotFound",
    "EngineConfig",
    "LiveFeed",
    "NotAllowedNow",
    "PartialTranscript",
    "Session",
    "SessionEngine",
    "SessionHost",
    "Subscription",
    "WorkDelay",
    "percentile",
]
