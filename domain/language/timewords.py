"""Time words in Hinglish, Hindi and English, as phonetic keys: days, periods, units."""

from __future__ import annotations

from domain.language.normalize import key


def keys(words: str) -> frozenset[str]:
    return frozenset(key(w) for w in words.split())


DAYS = {key(w): d for w, d in (("aaj", 0), ("today", 0), ("kal", 1), ("tomorrow", 1),
                                ("parso", 2), ("parson", 2), ("narso", 3), ("tonight", 0))}  # fmt: skip
WEEKDAYS = {
    key(w): n
    for n, words in enumerate((
        # The English names as Hindi speech-to-text writes them too: "संडे को", "मंडे".
        "somvar somwar monday मंडे", "mangalvar mangalwar mangal tuesday ट्यूज़डे ट्यूसडे",
        "budhvar budhwar wednesday वेडनेसडे वेडनसडे",
        "guruvar guruwar brihaspativar veervar thursday थर्सडे",
        "shukravar shukrawar friday फ्राइडे फ्रायडे", "shanivar shaniwar saturday सैटरडे सटरडे",
        "ravivar raviwar itvar itwar etwar sunday संडे",
    ))
    for w in words.split()
}  # fmt: skip
PERIODS = {key(w): p for w, p in (
    ("subah", "am"), ("subha", "am"), ("savere", "am"), ("sawere", "am"), ("morning", "am"),
    ("am", "am"), ("dopahar", "noon"), ("dopaher", "noon"), ("dophar", "noon"),
    ("afternoon", "noon"), ("noon", "noon"), ("shaam", "eve"), ("evening", "eve"),
    ("pm", "pm"), ("raat", "night"), ("rat", "night"), ("night", "night"), ("tonight", "night"),
)}  # fmt: skip
PERIOD_DEFAULT = {"am": 9, "noon": 14, "eve": 18, "pm": 18, "night": 21}
BAJE = keys("baje bje baj bajey bajhe baja bajkar bajke oclock am pm")
ORDINALS = keys("th st nd rd")
MONTHS = {
    key(w): n
    for n, words in enumerate((
        "january jan janauary janvari", "february feb farvari", "march", "april aprail",
        "may mai", "june jun", "july julai", "august aug agast", "september sept sep",
        "october oct aktubar", "november nov navambar", "december dec disambar",
    ), start=1)
    for w in words.split()
}  # fmt: skip
NEXT = keys("agle agla agli next agley")
HOURS = keys("ghante ghanta ghanton hour hours hr hrs")
MINUTES = keys("minute minutes minat mins min mint")
DAY_UNITS = keys("din dino dinon days day")
WEEK_UNITS = keys("hafte hafta hapte week weeks")
LATER = keys("baad bad me mein mai later")
TARIKH = keys("tarikh tareekh taarikh tarik date")
HALF = keys("aadha aadhe adha adhe half")
IN = keys("in")
AN = keys("an a")
AFTER = keys("after")
TO = keys("to")
# Words that speak of time; never part of a customer's name.
TIME_WORDS = (
    frozenset(DAYS) | frozenset(WEEKDAYS) | frozenset(PERIODS) | BAJE | HOURS | MINUTES
    | DAY_UNITS | WEEK_UNITS | LATER | TARIKH | HALF | ORDINALS | frozenset(MONTHS)
    | NEXT | keys("is coming mahine mahina month weekend midnight")
)  # fmt: skip
HOUR_MARKS = BAJE | frozenset(PERIODS)
HOUR_LEADS = frozenset(PERIODS) | {"at"}
NUMBER_CONTEXT = BAJE | HOURS | MINUTES | DAY_UNITS | WEEK_UNITS | TARIKH | keys("subah")
