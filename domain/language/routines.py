"""The routine grammar (README "Routines"): create, change, delete, list and run by name.

Read before the clause splitter, on the whole utterance: a routine's steps are a list of
commands ("Rahul routine banao: balance batao, 100 udhaar likho") that must stay together as
its steps, not run now. Only an utterance with the word "routine" is looked at; anything
else is left to the parser. Pure: text in, one command (or None) out.

    <name> routine banao|bana do|save karo[:] <steps>      create a routine called morning: <steps>
    <name> routine badlo|badal do|change karo[:] <steps>   change the morning routine: <steps>
    <name> routine delete karo|hatao|mita do               delete the morning routine
    routines batao|dikhao, kaun se routine hain            list my routines, what routines
    <name> routine [chalao|chala do|shuru karo]            run the morning routine
    iska|uska routine chalao, iska <name> routine chalao   run his routine

A run names the routine; "iska"/"uska" (his/her) adds the customer in focus
(`customer_ref` "active"): with no name, the routine named after that customer runs.
"""

from __future__ import annotations

import re

from domain.intents import Command, Intent
from domain.routines import split_steps

_ROUTINE = r"(?:routines?|rutin|ruteen|routeen|रूटीन|रुटीन)"
_CREATE = r"(?:bana\s+do|bana\s+lo|bana\s+dijiye|banao|banaao|banaiye|create\s+karo|save\s+karo|save\s+kar\s+lo|बनाओ|बना\s+दो)"
_CHANGE = r"(?:badal\s+do|badlo|badliye|change\s+karo|update\s+karo|बदलो|बदल\s+दो)"
_DELETE = r"(?:delete\s+karo|delete\s+kar\s+do|delete|hatao|hata\s+do|mitao|mita\s+do|हटाओ|हटा\s+दो|मिटाओ)"
_RUN = r"(?:chalao|chala\s+do|chalaiye|chalu\s+karo|shuru\s+karo|run\s+karo|karo|चलाओ|चला\s+दो)"
_LIST_VERB = r"(?:batao|bataiye|dikhao|dikhaiye|sunao|bolo|list\s+karo|बताओ|दिखाओ)"
_REFS = {"iska", "uska", "isko", "usko", "inka", "unka", "iski", "uski", "his", "her", "their", "इसका", "उसका"}  # fmt: skip
_FILLER_END = re.compile(r"\s+(?:ka|ki|ke|wala|wali|wale|का|की|के|वाला)$", re.IGNORECASE)
_FILLER_START = re.compile(r"^(?:(?:mera|meri|mere|the|my|a|please|naya|new)\s+)+", re.IGNORECASE)
_END = re.compile(r"[\s.!?।]+$")
_HAS_ROUTINE = re.compile(_ROUTINE, re.IGNORECASE)
_MAX_NAME_WORDS = 4

_F = re.IGNORECASE | re.DOTALL
_LIST = [
    re.compile(
        rf"^(?:(?:mere|meri|sare|saare|sab|sabhi|all|my|the)\s+)*{_ROUTINE}\s+{_LIST_VERB}(?:\s+\w+)?$",
        _F,
    ),  # fmt: skip
    re.compile(rf"^(?:kaun|kon)(?:\s+(?:kaun|kon))?\s+se\s+{_ROUTINE}\s+(?:hai|hain|है|हैं)$", _F),
    re.compile(rf"^(?:list|show|tell)(?:\s+(?:me|my|all|the))*\s+{_ROUTINE}$", _F),
    re.compile(rf"^what\s+{_ROUTINE}\s+(?:do\s+i\s+have|are\s+there|exist)$", _F),
]
_EN_SAVE = re.compile(
    rf"^(?P<verb>create|make|add|save|set\s+up|change|update|edit)\s+(?:(?:a|the|new|my)\s+)*"
    rf"(?:{_ROUTINE}\s+(?:called\s+|named\s+)?(?P<name>[^:]+?)|(?P<name2>[^:]+?)\s+{_ROUTINE})"
    rf"(?:\s+to)?\s*:\s*(?P<steps>.*)$",
    _F,
)
_EN_ONE = re.compile(
    rf"^(?P<verb>delete|remove|run|start|play|do)\s+(?:(?:the|my)\s+)?"
    rf"(?:{_ROUTINE}\s+(?:called\s+|named\s+)?(?P<name>.+)|(?P<name2>.+?)\s+{_ROUTINE})$",
    _F,
)
_HI = re.compile(
    rf"^(?P<name>.+?)\s+{_ROUTINE}"
    rf"(?:\s*(?P<verb>{_CREATE}|{_CHANGE}|{_DELETE}|{_RUN})(?=$|[\s:,\-]))?"
    rf"\s*[:\-]?\s*(?P<rest>.*)$",
    _F,
)


def routine_command(text: str) -> Command | None:
    """The routine command spoken in `text`, or None when it is not about routines."""
    if not _HAS_ROUTINE.search(text):
        return None  # most utterances, found with one precompiled search
    spoken = _END.sub("", " ".join(text.split()))
    if any(pattern.match(spoken) for pattern in _LIST):
        return Command(Intent.LIST_ROUTINES, {}, used=("routine",))
    if match := _EN_SAVE.match(spoken):
        verb = match["verb"].lower()
        intent = Intent.CHANGE_ROUTINE if verb in ("change", "update", "edit") else None
        return _saved(intent or Intent.CREATE_ROUTINE, match["name"] or match["name2"], match["steps"])  # fmt: skip
    if match := _EN_ONE.match(spoken):
        verb = match["verb"].lower()
        intent = Intent.DELETE_ROUTINE if verb in ("delete", "remove") else Intent.RUN_ROUTINE
        return _named(intent, match["name"] or match["name2"])
    if match := _HI.match(spoken):
        verb = " ".join((match["verb"] or "").lower().split())
        rest = match["rest"].strip()
        if verb and re.fullmatch(_CREATE, verb, re.IGNORECASE):
            return _saved(Intent.CREATE_ROUTINE, match["name"], rest)
        if verb and re.fullmatch(_CHANGE, verb, re.IGNORECASE):
            return _saved(Intent.CHANGE_ROUTINE, match["name"], rest)
        if rest:
            return None  # "Rahul routine ke baare mein ..." is not a command we know
        if verb and re.fullmatch(_DELETE, verb, re.IGNORECASE):
            return _named(Intent.DELETE_ROUTINE, match["name"])
        return _named(Intent.RUN_ROUTINE, match["name"])
    return None


def _clean(name: str) -> str:
    name = _FILLER_START.sub("", name.strip(" :,-"))
    return _FILLER_END.sub("", name).strip()


def _saved(intent: Intent, name: str, steps: str) -> Command | None:
    shown = _clean(name)
    if not shown or len(shown.split()) > _MAX_NAME_WORDS:
        return None
    return Command(intent, {"routine": shown, "steps": split_steps(steps)}, used=("routine",))


def _named(intent: Intent, name: str) -> Command | None:
    words = _clean(name).split()
    refs = [w for w in words if w.lower() in _REFS]
    words = [w for w in words if w.lower() not in _REFS]
    if len(words) > _MAX_NAME_WORDS or (not words and not refs):
        return None
    entities: dict[str, object] = {"routine": " ".join(words) or None}
    if refs:
        if intent is not Intent.RUN_ROUTINE:
            return None  # "iska routine delete karo": say the routine's name instead
        entities["customer_ref"] = "active"
    return Command(intent, entities, used=("routine",))
