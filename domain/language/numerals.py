"""Numerals written with digits: the one place that decides what "1,500.50" or "-500" means.

The tokenizer hands every run of digits (with its sign, grouping commas, decimal point,
slash, dash or exponent) to `numeral_key`. A clean numeral becomes plain ASCII digits with
an optional decimal part ("₹1,50,000" -> "150000", "1,500.50" -> "1500.50", "५००" -> "500",
"98765-43210" -> "9876543210"). Anything a shopkeeper would not write for an amount or a
quantity becomes a *doubt* key (see `doubt_of`) that no number reader accepts, so it can
never turn into a different amount: a sign ("-500" is never +500), a fraction or division
("1/0"), an exponent ("1e3", "1e400"), a range ("10-15"), several decimal points, commas
that are neither Indian ("1,50,000") nor Western ("150,000") grouping ("1,5", "10,20,30"),
a leading point or slash (".50", "sau/50"), or more than 15 digits. Devanagari digits arrive here already as
ASCII (normalize.tokenize).
"""

from __future__ import annotations

import re

# A dash before digits is a sign unless a digit precedes it ("-500", "₹-500", "Rs-500");
# between digits it joins a phone number ("98765-43210") or makes a range, also unsure.
_SIGNS = "-\u2212\u2013"
PATTERN = (
    r"(?:(?<![0-9])[" + _SIGNS + r"])?"
    r"(?:[0-9]+|(?<![0-9])[./][0-9]+)(?:[.,/-][0-9]+|e[+-]?[0-9]+)*"
)
DOUBT_PREFIX = "#"
SIGN = "amount_sign"
FORMAT = "amount_format"
TOO_LARGE = "amount_too_large"
AMOUNTS = "amount_several"  # two different amounts in one entry, neither taken back
NOTE = "amount_banknote"  # "100 ka note": the note's face value, not what is owed or paid
# No amount, quantity or phone number has more digits than this; a float could not hold it.
_MAX_DIGITS = 15
_INDIAN = re.compile(r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}")
_WESTERN = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+")


def is_numeral_start(raw: str) -> bool:
    return raw[:1].isdigit() or (len(raw) > 1 and raw[0] in _SIGNS + "./")


def numeral_key(raw: str) -> str:
    """The token key of one numeral as the tokenizer matched it (see the module docstring)."""
    text = raw.replace(" ", "")
    if ":" in text:  # a clock time, "10:30", read by when.py
        return text
    if text[0] in _SIGNS:
        return DOUBT_PREFIX + SIGN
    if "-" in text:
        # "98765-43210", "+91-98765-43210": a phone; "10-15", "1-500", "25-12-2026": unsure.
        digits = text.replace("-", "")
        return digits if digits.isdigit() and 10 <= len(digits) <= 13 else DOUBT_PREFIX + FORMAT
    # ".50" may be 50 paise or a slip before 50: neither is sure.
    if text[0] == "." or "/" in text or "e" in text or text.count(".") > 1:
        return DOUBT_PREFIX + FORMAT
    whole, _, fraction = text.partition(".")
    if "," in fraction:
        return DOUBT_PREFIX + FORMAT
    if "," in whole:
        if not (_INDIAN.fullmatch(whole) or _WESTERN.fullmatch(whole)):
            return DOUBT_PREFIX + FORMAT
        whole = whole.replace(",", "")
    if len(whole) > _MAX_DIGITS:
        return DOUBT_PREFIX + TOO_LARGE
    return f"{whole}.{fraction}" if fraction else whole


def doubt_of(token_key: str) -> str | None:
    """The reason a numeral token is unsure ("amount_sign", "amount_format"), else None."""
    return token_key[len(DOUBT_PREFIX) :] if token_key.startswith(DOUBT_PREFIX) else None
