"""Text clean-up: Devanagari to Hinglish spelling, tokens, and phonetic keys for matching."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from domain.language import numerals

# Devanagari romanized the way shopkeepers type Hinglish (not a scholarly scheme): the
# inherent vowel is written "a" and dropped where Hindi drops it (see _drop_schwas).
_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri",
    "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o",
}  # fmt: skip
_MATRAS = {
    "ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri",
    "े": "e", "ै": "ai", "ो": "o", "ौ": "au", "ॉ": "o",
}  # fmt: skip
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "d", "ढ़": "dh", "फ़": "f",
    "य़": "y",
}  # fmt: skip
_NUKTA = "\u093c"
_VIRAMA = "\u094d"
_NASALS = {"ं": "n", "ँ": "n", "ः": "h"}
_DIGITS = {chr(0x0966 + d): str(d) for d in range(10)}
# Devanagari digits (५००) read as ASCII ones everywhere: amounts, phones, times.
_DIGIT_TABLE = str.maketrans(_DIGITS)
_NUKTA_FORMS = {"क": "क़", "ख": "ख़", "ग": "ग़", "ज": "ज़", "ड": "ड़", "ढ": "ढ़", "फ": "फ़", "य": "य़"}


_DEVANAGARI = re.compile("[\u0900-\u097f]")


def has_devanagari(text: str) -> bool:
    return not text.isascii() and _DEVANAGARI.search(text) is not None


@lru_cache(maxsize=8192)
def romanize(word: str) -> str:
    """One Devanagari word in Hinglish spelling; other characters pass through."""
    # Units: (letters, is_consonant_with_inherent_vowel). Building units first lets the
    # schwa rule look at neighbours.
    units: list[list[str]] = []
    chars = list(word)
    i = 0
    while i < len(chars):
        ch = chars[i]
        if i + 1 < len(chars) and chars[i + 1] == _NUKTA and ch in _NUKTA_FORMS:
            ch = _NUKTA_FORMS[ch]
            i += 1
        if ch in _CONSONANTS:
            units.append([_CONSONANTS[ch], "a"])
        elif ch in _MATRAS and units and units[-1][1] == "a":
            units[-1][1] = _MATRAS[ch]
        elif ch == _VIRAMA and units:
            units[-1][1] = ""
        elif ch in _VOWELS:
            units.append(["", _VOWELS[ch]])
        elif ch in _NASALS:
            units.append([_NASALS[ch], ""])
        elif ch in _DIGITS:
            units.append([_DIGITS[ch], ""])
        elif ch != _NUKTA:
            units.append([ch, ""])
        i += 1
    _drop_schwas(units)
    # A nasal at the very end only colours the vowel before it, and Hinglish typing drops
    # it: नहीं is "nahi", हैं "hai", में "me", परसों "parso", दोनों "dono".
    if len(units) > 1 and word[-1] in "ंँ" and units[-2][1]:
        units.pop()
    return "".join(c + v for c, v in units)


def _drop_schwas(units: list[list[str]]) -> None:
    """Hindi drops the final inherent vowel, and a medial one between V C_ C V."""
    n = len(units)
    if n > 1 and units[-1][0] and units[-1][1] == "a":
        units[-1][1] = ""
    for k in range(n - 2, 0, -1):
        cons, vowel = units[k]
        if vowel != "a" or not cons:
            continue
        prev_vowel = units[k - 1][1]
        nxt = units[k + 1]
        if prev_vowel and nxt[0] and nxt[1]:
            units[k][1] = ""


_KEY_STEPS = (
    ("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("ck", "k"), ("ee", "i"), ("oo", "u"),
    ("chh", "ch"), ("cch", "ch"), ("chch", "ch"), ("sh", "s"), ("bh", "b"),
)  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


# English words whose key would be a Hinglish word's: "tell" is not "tel" (oil), "she" not
# "se" (from), "rock" not "rok" (stop).
_KEPT_APART = {"tell": "tell", "she": "she", "rock": "rock"}


@lru_cache(maxsize=32768)
def key(word: str) -> str:
    """A phonetic key: spellings that sound alike (udhaar/udhar, bhejo/bejo) share it."""
    w = word.lower()
    if w in _KEPT_APART:
        return _KEPT_APART[w]
    if has_devanagari(w):
        w = romanize(w)
    for old, new in _KEY_STEPS:
        if old in w:
            w = w.replace(old, new)
    w = _DOUBLE.sub(r"\1", w)
    if len(w) > 2 and w.endswith("h") and w[-2] in "aeiou":
        w = w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Token:
    """A word: `surface` as typed, `text` romanized lower case, `key` its phonetic key."""

    text: str
    key: str
    surface: str = ""


SEPARATOR = ","
_TOKEN = re.compile(
    # Words first, the most common token; no other alternative starts with a letter.
    # "D'Souza", "O'Brien", "o'clock": one word, its apostrophe kept in the surface only.
    r"[a-z\u0900-\u0963\u0966-\u097f](?:(?<=[do])'(?=[a-z]{2})(?!(?:ll|re|ve)\b))?[a-z\u0900-\u0963\u0966-\u097f]*"
    r"|\d{1,2} ?: ?\d{2}(?!\d)"  # 10:30, "10 : 30"
    r"|"
    + numerals.PATTERN  # 500, -500, 1,50,000, 1,500.50, 1/0, 1e3 (numerals.py)
    + r"|'s\b"  # English possessive: "Rahul's balance"
    r"|'(?:ll|re|ve|m|d)\b"  # I'll, we're, I've, I'm, I'd
    r"|[,?!;|\u0964\u0965₹]"
    r"|\.(?!\d)"
)
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "smt", "shri", "sh", "st"})
_NOT_SUFFIX = re.compile(r"n't\b")
_IS_BEFORE = frozenset(
    key(w) for w in ("what", "that", "it", "let", "he", "she", "there", "here", "who", "how")
)
_CONTRACTIONS = {"'ll": "will", "'re": "are", "'ve": "have"}
_CLAUSE_END = frozenset({",", "?", "!", ";", "|", ".", "\u0964", "\u0965"})
# Every way of saying "rupees" becomes the single key "rs".
_RUPEE_WORDS = (
    "₹ rs inr rupee rupees rupaye rupay rupaiye rupaiya rupaiyaa rupye rupya rupiya "
    "rupiye rupe rupai rupeya rupeye रुपये रुपए रुपया रुपयों रूपये रूपए"
)
_RUPEE_SIGNS = frozenset(_RUPEE_WORDS.split())


def tokenize(text: str) -> list[Token]:
    """Tokens of an utterance; punctuation that ends a clause becomes SEPARATOR."""
    # Same-length replacements keep match offsets valid in the original (for `surface`).
    lowered = text.lower()
    if not lowered.isascii():
        lowered = lowered.translate(_DIGIT_TABLE).replace("\u2019", "'")
    if "/-" in lowered:
        lowered = lowered.replace("/-", "  ")
    if "rs." in lowered:
        lowered = lowered.replace("rs.", "rs ")
    # "don't" -> "dont ", "hasn't" -> "hasnt ": one word, so the negation is one token.
    if "n't" in lowered:
        lowered = _NOT_SUFFIX.sub("nt ", lowered)
    original = text if len(text) == len(lowered) else lowered
    tokens: list[Token] = []
    for m in _TOKEN.finditer(lowered):
        raw = m.group(0)
        if raw in _RUPEE_SIGNS:
            tokens.append(Token(raw, "rs", raw))
        elif raw[0].isalpha():  # most tokens: a word (the same word, the same token)
            if word := _word(raw, original[m.start() : m.end()]):
                tokens.append(word)
        elif raw in _CLAUSE_END:
            if raw == "." and tokens and _initial(tokens[-1]):
                last = tokens[-1]  # "P. Venkat": the initial keeps its full stop
                tokens[-1] = Token(last.text, last.key, last.surface + ".")
                continue
            if raw == "." and tokens and tokens[-1].text in _TITLES:
                continue  # "Mr. Fernandes": the title's full stop ends nothing
            if tokens and tokens[-1].key != SEPARATOR:
                tokens.append(Token(SEPARATOR, SEPARATOR, raw))
        elif raw == "'s":
            # "what's", "it's", "that's" are "is"; "let's" is "let us"; else a possessive.
            after = tokens[-1].key if tokens else ""
            is_verb = after in _IS_BEFORE
            tokens.append(Token("is", "is", raw) if is_verb else Token("ka", "ka", raw))
        elif raw[0] == "'":
            if raw in _CONTRACTIONS:
                tokens.append(Token(_CONTRACTIONS[raw], key(_CONTRACTIONS[raw]), raw))
        elif numerals.is_numeral_start(raw):
            number = numerals.numeral_key(raw)  # a doubt key for "-500", "1/0", "1e3"...
            tokens.append(Token(number, number, raw))
        elif word := _word(raw, original[m.start() : m.end()]):
            tokens.append(word)
    return _join_apps(tokens) if len(tokens) > 1 else tokens


def _initial(token: Token) -> bool:
    """A single Latin letter written as a capital ("P." of "P. Venkat")."""
    return len(token.surface) == 1 and token.surface.isupper()


def _keys(words: str) -> frozenset[str]:
    return frozenset(key(w) for w in words.split())


# Payment apps as speech-to-text splits them: "g pay", "google pay", "phone pe", "जी पे",
# "फोन पे" are one word, the mode ("gpay", "phonepe"), the way lexicon.MODES spells it.
_GPAY_FIRST = frozenset(key(w) for w in ("g", "gee", "google", "googal", "गूगल"))
_PHONE_FIRST = frozenset(key(w) for w in ("phone", "fone", "phon", "फोन", "फ़ोन"))
_PAY_SECOND = frozenset(key(w) for w in ("pay", "pe", "पे", "पै"))
# "ji" is also the honorific ("Sharma ji pe 500 baaki"): "ji pe" is G Pay only before a verb
# of paying or "se" ("जी पे से", "जी पे किए").
_JI = key("ji")
_AFTER_JI_PAY = _keys(
    "se kiya kiye kie kar kara karo diye die diya bheje bheja aaya aaye par पर आ आया आए aa "
    "dale daale डाले दिए भेजे jama जमा"
)
# "cash tha ya जी पे": after "or" or another mode, "ji pe" is the app too.
_BEFORE_JI_PAY = _keys("ya or या cash nakad nagad कैश नकद upi यूपीआई paytm पेटीएम card कार्ड")
# "phone pe baat hui", "phone pe bola": the telephone, not the app.
_TELEPHONE_TALK = _keys("baat bat bola boli bole kaha bataya call puchha poocha message")


def _join_apps(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        app = _app_at(tokens, i)
        if app is None:
            out.append(tokens[i])
            i += 1
            continue
        surface = f"{tokens[i].surface} {tokens[i + 1].surface}"
        out.append(Token(app, key(app), surface))
        i += 2
    return out


def _app_at(tokens: list[Token], i: int) -> str | None:
    """The app a pair of words at `i` spells ("gpay", "phonepe"), or None."""
    if i + 1 >= len(tokens) or tokens[i + 1].key not in _PAY_SECOND:
        return None
    first, after = tokens[i].key, tokens[i + 2].key if i + 2 < len(tokens) else ""
    if first in _GPAY_FIRST:
        return "gpay"
    if first == _JI and (after in _AFTER_JI_PAY or (i and tokens[i - 1].key in _BEFORE_JI_PAY)):
        return "gpay"
    paid = tokens[i + 3].key if i + 3 < len(tokens) else ""
    if first == _JI and after[:1].isdigit() and paid in _AFTER_JI_PAY:
        return "gpay"  # "जी पे 999 दिए"; "Sharma ji pe 500 baaki" stays the honorific
    before = tokens[i - 1].key if i else ""
    if first == _JI and (before[:1].isdigit() or (before in _AFTER_JI_PAY and not after)):
        return "gpay"  # "900 जी पे पे आ गया", "1100 जमा किए जी पे" (its last words)
    if first in _PHONE_FIRST and after not in _TELEPHONE_TALK:
        return "phonepe"
    return None


@lru_cache(maxsize=65536)
def _word(raw: str, surface: str) -> Token | None:
    """The token of one word as typed; None for a lone sign (nukta, virama) that spells nothing.

    Tokens are immutable, so one spelling's token is built once and shared.
    """
    text_form = raw.replace("'", "") if raw.isascii() else romanize(raw)
    text_form = _SAME_AS.get(text_form, text_form)
    return Token(text_form, key(text_form), surface) if text_form else None


# Words said for another that the rules know: "scratch that", "scrap Mohan's" are a cancel.
_SAME_AS = {"scratch": "cancel", "scrap": "cancel"}
