"""The safety gate: words that change what a write means, and the verdict they lead to.

A continuously listening session hears negations ("mat likhna"), questions ("diye kya?"),
promises ("kal de dega"), reports ("keh raha tha") and conditions ("agar"). A write that
carries one of them is never carried out as heard: it is skipped (nothing written, the reply
says why) or asked back. Self-corrections are repaired first ("100 nahi, 200" is 200), so
the "nahi" they use is not read as a negation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.intents import Decision
from domain.language.lexicon import MODES, words
from domain.language.normalize import key
from domain.language.numbers import read_number

NEGATIONS = words("mat mut nahi nahin nai nhi na don't dont never not मत नहीं नही ना न")
# "nahi" is also the first word of a correction ("nahi nahi, 30 likho", "arre nahi, Priya").
CORRECTION_WORDS = words(
    "nahi nahin nai nhi no arre are arey areh oh sorry galti matlab mean wait sory "
    "i actually balki instead correction नहीं नही अरे सॉरी मतलब बल्कि"
)
_CORRECTION_STARTS = words("nahi nahin nai nhi no arre are arey sorry matlab नहीं अरे मतलब")
# Words after which a negation is not one: "bhoolna mat" (do not forget) asks for a reminder.
_FORGET = words("bhulna bhoolna bhool bhul bhulna bhoolna forget भूलना भूलें")
_QUESTION = words("kya kyaa kyun kyon kab kaise did does has have क्या")
_QUESTION_PHRASES = tuple(
    " " + " ".join(key(w) for w in p.split()) + " "
    for p in ("ki nahi", "ya nahi", "or not", "hai na", "ki na", "कि नहीं", "या नहीं")
)
# Future and promises: the customer will pay, the goods will come.
_PROMISE = words(
    "dega degi denge dengi dunga dungi dooga doongi karega karegi karenge lega legi lenge "
    "chukayega chukayegi lautayega lautayegi bhejega bhejegi jama-karega will gonna promise "
    "promised vada wada waada वादा देगा देगी देंगे दूंगा दूंगी करेगा करेगी लेगा लेगी"
)
# "keh"/"kah" share their phonetic keys with "ke"/"ka": they count only before "raha/rahi".
_REPORT = words(
    "bol bola boli bolta bolti bole kaha kahe kehta kehti kehna said says told "
    "tell claims claimed suna बोल बोला बोली कहा कहता कहती"
)
_REPORT_PHRASES = tuple(
    " " + " ".join(key(w) for w in p.split()) + " "
    for p in ("keh raha", "keh rahi", "keh rahe", "kah raha", "kah rahi", "कह रहा", "कह रही")
)
_CONDITION = words("agar yadi if unless jab agr अगर यदि")
_ALONE_STOPS = words("bas ruko ruk stop itna hi bus that thats it enough बस रुको") | {"ka"}
_OR = words("ya or athva athwa या")
_MODES = frozenset(MODES)
# Every word above is the parser's own: never part of a name.
VOCABULARY = (
    NEGATIONS | CORRECTION_WORDS | _FORGET | _QUESTION | _PROMISE | _REPORT | _CONDITION
    | _ALONE_STOPS | _OR
)  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    reason: str | None = None


ACT = Verdict(Decision.ACT)


def is_correction_marker(keys: Sequence[str]) -> bool:
    """A clause that only takes back what came before: "nahi nahi", "arre nahi", "sorry"."""
    return bool(keys) and all(k in CORRECTION_WORDS for k in keys)


def correction_prefix(keys: Sequence[str]) -> int:
    """How many leading words of a clause are a correction ("arre nahi Priya ko" -> 2)."""
    if not keys or keys[0] not in _CORRECTION_STARTS:
        return 0
    n = 0
    while n < len(keys) and keys[n] in CORRECTION_WORDS:
        n += 1
    return n if n < len(keys) else 0


def is_trailing_stop(keys: Sequence[str]) -> bool:
    """ "bas", "that's it" after a command end it; they do not cancel it."""
    return bool(keys) and all(k in _ALONE_STOPS for k in keys)


def repair_numbers(keys: Sequence[str]) -> set[int]:
    """Indices to drop so that "100 nahi, 200" / "not 100 but 200" keep only the second number."""
    drop: set[int] = set()
    i = 0
    n = len(keys)
    while i < n:
        first = read_number(keys, i, frozenset({"rs"}))
        if first is None:
            i += 1
            continue
        _, j = first
        end_first = j + 1 if j < n and keys[j] == "rs" else j
        k = end_first
        if k < n and keys[k] in NEGATIONS:
            k += 1
            while k < n and keys[k] in (CORRECTION_WORDS | {","} | words("but balki")):
                k += 1
            if k < n and read_number(keys, k, frozenset({"rs"})) is not None:
                start = i - 1 if i > 0 and keys[i - 1] == key("not") else i
                drop.update(range(start, k))
                i = k
                continue
        i = j
    return drop


def promises(keys: Sequence[str]) -> bool:
    return any(k in _PROMISE for k in keys)


def verdict(keys: Sequence[str], question_mark: bool) -> Verdict:
    """The gate's verdict on one write clause, from the words it holds."""
    text = " " + " ".join(keys) + " "
    if any(k in _CONDITION for k in keys):
        return Verdict(Decision.SKIP, "condition")
    if any(k in _REPORT for k in keys) or any(p in text for p in _REPORT_PHRASES):
        return Verdict(Decision.SKIP, "report")
    if question_mark or any(p in text for p in _QUESTION_PHRASES):
        return Verdict(Decision.SKIP, "question")
    if keys and (keys[0] in _QUESTION or keys[-1] in _QUESTION):
        return Verdict(Decision.SKIP, "question")
    if _negated(keys):
        return Verdict(Decision.SKIP, "negation")
    if promises(keys):
        return Verdict(Decision.SKIP, "promise")
    return ACT


def _negated(keys: Sequence[str]) -> bool:
    for i, k in enumerate(keys):
        contracted = k.endswith("n") and i + 1 < len(keys) and keys[i + 1] == "t"
        if k not in NEGATIONS and not contracted:  # "don't" is tokenized "don", "t"
            continue
        near = keys[max(0, i - 1) : i + 2]
        if any(w in _FORGET for w in near):
            continue  # "bhoolna mat": do not forget
        if k == key("na") and i == len(keys) - 1:
            continue  # "likh do na": a softener, not a negation
        return True
    return False


def has_alternatives(keys: Sequence[str]) -> bool:
    """ "100 ya 200", "cash ya upi": the speaker has not decided."""
    return any(keys[i] in _OR and _alike(keys[i - 1], keys[i + 1]) for i in range(1, len(keys) - 1))


def _alike(a: str, b: str) -> bool:
    return (a.replace(".", "").isdigit() and b.replace(".", "").isdigit()) or (
        a in _MODES and b in _MODES
    )
