"""The store's transcoder writes the library's JSONTranscoder's bytes and reads back exactly what
the library reads, from its own rows and from rows the library wrote (stores made before it)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import JSONTranscoder, TranscodingNotRegisteredError

from application.store import EventStore
from application.transcoder import FastJSONTranscoder
from domain.ledger import Entry
from tests.conftest import IST

AT = datetime(2026, 11, 25, 10, 0, 0, 200000, tzinfo=IST)
ID = UUID("12345678123456781234567812345678")


def transcoders() -> tuple[JSONTranscoder, FastJSONTranscoder]:
    library, fast = JSONTranscoder(), FastJSONTranscoder()
    store = EventStore.__new__(EventStore)  # only its register_transcodings is used
    store.register_transcodings(library)
    store.register_transcodings(fast)
    return library, fast


def an_entry() -> Entry:
    from dataclasses import fields

    values: dict[str, Any] = {}
    for field in fields(Entry):
        hint = str(field.type)
        values[field.name] = AT if "datetime" in hint else 5 if "int" in hint else "x"
    return Entry(**values)


STATES: list[Any] = [
    {"timestamp": AT, "task_id": "t1", "at": AT + timedelta(seconds=1)},
    {"timestamp": AT, "entities": {}, "customer_id": None, "priority": 5, "final": True},
    {"timestamp": AT, "nested": {"when": [AT, {"id": ID}], "money": Decimal("10.50")}},
    {
        "timestamp": AT,
        "options": [{"customer_id": "c1", "name": "राहुल"}],
        "utc": AT.astimezone(UTC),
    },
    {"timestamp": AT, "entry": an_entry(), "entries": [an_entry()]},
    {"timestamp": AT, "_type_": "not a wrapper", "third": 1},  # three keys: a plain dict
    {"timestamp": AT, "text": 'he said "_type_": no', "x": {"_type_": "k", "y": 1}},
    {"timestamp": AT, "nan": math.inf, "big": 2**70, "neg": -(2**70)},  # orjson refuses these
    {"timestamp": AT, "float": 0.1 + 0.2, "neg_zero": -0.0, "exp": 1e300},
]


@pytest.mark.parametrize("state", STATES)
def test_writes_the_library_bytes_and_reads_back_what_the_library_reads(state: Any) -> None:
    library, fast = transcoders()
    data = library.encode(state)
    assert fast.encode(state) == data
    assert fast.decode(data) == library.decode(data) == state
    for _ in range(3):  # first call learns the topic's shape, later ones use it
        assert fast.decode_event("topic", data) == library.decode(data)


def test_a_topic_whose_rows_change_shape_still_decodes_each_row_fully() -> None:
    library, fast = transcoders()
    rows = [library.encode(state) for state in STATES * 2]
    for data in rows:  # one topic, every shape in turn: hints learned and broken
        assert fast.decode_event("one topic", data) == library.decode(data)
    hinted = library.encode({"timestamp": AT, "at": AT})
    fast.decode_event("t", hinted)
    for state in (
        {"timestamp": AT, "at": "a string now", "other": AT},  # same count, other keys
        {"timestamp": {"_type_": "datetime_iso", "_data_": "x", "more": 1}, "at": AT, "b": AT},
        {"timestamp": AT, "at": [AT]},
    ):
        data = library.encode(state)
        assert fast.decode_event("t", data) == library.decode(data)


def test_an_unknown_custom_type_is_refused_like_the_library_refuses_it() -> None:
    library, fast = transcoders()
    data = b'{"timestamp":{"_type_":"nope","_data_":"1"}}'
    with pytest.raises(TranscodingNotRegisteredError):
        library.decode(data)
    with pytest.raises(TranscodingNotRegisteredError):
        fast.decode(data)
    fast.decode_event("u", library.encode({"timestamp": AT}))
    with pytest.raises(TranscodingNotRegisteredError):
        fast.decode_event("u", data)
