"""Language understanding benchmark: labelled accuracy, Hinglish-TOP reminders, throughput.

Run from the repository root: .venv/bin/python bench/language.py
"""

from __future__ import annotations

import csv
import json
import re
import sys
import time
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from domain.intents import Decision, Intent  # noqa: E402
from domain.language.normalize import tokenize  # noqa: E402
from domain.language.when import IST, find_when  # noqa: E402
from tests import corpus  # noqa: E402
from tests.corpus import understand as parse  # noqa: E402  (the parser and the learned name check)

HINGLISH_TOP = ROOT.parent / "shared" / "data" / "external" / "hinglish-top"
NOW = datetime(2025, 1, 15, 10, 0, tzinfo=IST)
# Intents the system would act on. UNKNOWN and HELP only talk back.
ACTIONS = frozenset(Intent) - {Intent.UNKNOWN, Intent.HELP}
OTHER_REMINDER_INTENTS = {
    "DELETE_REMINDER": Intent.CANCEL_REMINDER,
    "GET_REMINDER": Intent.LIST_REMINDERS,
    "UPDATE_REMINDER_DATE_TIME": Intent.MODIFY_REMINDER,
}


def corpus_report(name: str, path: Path, verbose: bool) -> list[str]:
    """Whole-command accuracy and wrong-write rate of one corpus, per language.

    A wrong-write row has a write carried out that no label carries out with the same
    customer, amount, mode, goods, time and phone (tests/corpus.py, wrong_writes)."""
    rows = corpus.read(path)
    print(f"{name} ({path.relative_to(ROOT)}): {len(rows)} utterances")
    print(f"  {'language':10} {'rows':>5} {'whole-command':>14} {'intent':>8} {'wrong writes':>13}")
    scores = corpus.score(rows)
    for language in ("hinglish", "hindi", "english", "all"):
        s = scores.get(language)
        if s is None:
            continue
        print(f"  {language:10} {s.rows:5d} {s.accuracy:14.2%} {s.intents / s.rows:8.2%}"
              f" {s.wrong_write_rate:8.2%} ({s.wrong_write_rows})")  # fmt: skip
    misses = []
    if verbose:
        for row in rows:
            got = corpus.labels(row.text, row.now)
            if not corpus.whole(got, row.expected):
                flag = "WRONG WRITE " if corpus.wrong_writes(got, row.expected) else ""
                misses.append(f"  {flag}[{row.language}] {row.text!r}\n"
                              f"    want {json.dumps(row.expected, ensure_ascii=False)}\n"
                              f"    got  {json.dumps(got, ensure_ascii=False)}")  # fmt: skip
    return misses


def read_top(split: str) -> list[list[str]]:
    with (HINGLISH_TOP / f"{split}.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [[cell.strip() for cell in r] for r in rows[1:] if len(r) == 5]


def top_report(split: str) -> list[str]:
    rows = read_top(split)
    recall = Counter[str]()
    other = Counter[str]()
    wrong: list[str] = []
    for _en, cs, _en_parse, cs_parse, domain in rows:
        gold = re.match(r"\[IN:(\w+)", cs_parse)
        gold_intent = gold.group(1) if gold else ""
        commands = parse(cs, NOW)
        intents = {c.intent for c in commands}
        if domain == "reminder" and gold_intent == "CREATE_REMINDER":
            recall["rows"] += 1
            hit = Intent.CREATE_REMINDER in intents
            recall["hit"] += hit
            if "SL:DATE_TIME" in cs_parse:
                recall["timed"] += 1
                keys = [t.key for t in tokenize(cs)]
                timed = hit and find_when(keys, NOW) is not None
                recall["time_found"] += timed
                if hit and not timed:
                    wrong.append(f"  time not found: {cs}")
            if not hit:
                wrong.append(f"  missed reminder: {cs}")
        elif domain == "reminder" and gold_intent in OTHER_REMINDER_INTENTS:
            other[gold_intent] += 1
            other[gold_intent + "_hit"] += OTHER_REMINDER_INTENTS[gold_intent] in intents
        elif domain != "reminder":
            recall["others"] += 1
            recall["false_writes"] += any(
                c.writes and c.decision is Decision.ACT for c in commands
            )  # a write the session would carry out, not one it holds or asks about
            if intents & ACTIONS:
                recall["false"] += 1
                names = ",".join(sorted(i.value for i in intents))
                wrong.append(f"  false action [{domain}] {names}: {cs}")
    print(f"Hinglish-TOP {split}.tsv ({len(rows)} rows)")
    print(f"  reminder recall      {recall['hit'] / recall['rows']:7.2%}  of {recall['rows']}"
          "  (target >= 90%)")  # fmt: skip
    print(f"  false ledger actions {recall['false'] / recall['others']:7.2%}  of "
          f"{recall['others']} other-domain rows (any intent but UNKNOWN/HELP; target <= 0.1%)")  # fmt: skip
    print(f"  false writes (act)   {recall['false_writes'] / recall['others']:7.2%}  of "
          f"{recall['others']} other-domain rows: writes carried out, not held or asked")  # fmt: skip
    print(f"  reminder time found  {recall['time_found'] / recall['timed']:7.2%}  of "
          f"{recall['timed']} reminders that state a time")  # fmt: skip
    for gold_intent, ours in OTHER_REMINDER_INTENTS.items():
        if other[gold_intent]:
            print(f"  {gold_intent} -> {ours.value}: "
                  f"{other[gold_intent + '_hit'] / other[gold_intent]:.2%} of {other[gold_intent]}")  # fmt: skip
    return wrong


def throughput(texts: list[str]) -> None:
    """Utterances per second on one core: wall clock, and per CPU second of this process
    (the figure that other work on shared cores disturbs least); warm is the best of 3."""
    start = time.perf_counter()
    for text in texts:
        parse(text, NOW)
    cold = len(texts) / (time.perf_counter() - start)
    warm = cpu = 0.0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            parse(text, NOW)
        warm = max(warm, len(texts) / (time.perf_counter() - start))
        cpu = max(cpu, len(texts) / (time.process_time() - start_cpu))
    print(f"Throughput (one core, {len(texts)} distinct utterances): first pass {cold:,.0f}/s,"
          f" warm word caches {warm:,.0f}/s wall, {cpu:,.0f}/s per CPU second"
          "  (target >= 10,000/s)")  # fmt: skip


# Changes to passing development rows that must not change what is written: another
# customer's name (names that are also words), a filler before or after, another amount
# or mode. Each printed figure is how many changed rows would carry out a wrong write.
RENAMES = ("Sunny", "Mark", "Shakti", "Mangal", "Heera Lal", "Raja Babu", "मार्क", "मंगल", "हीरा लाल",
           "May", "Bill", "बिल")  # fmt: skip
# A UPI payment's app as speech-to-text splits it: the mode must stay UPI, nothing else written.
APP_SPELLINGS = (("g pay", r"\b(?:upi|gpay|phonepe|paytm|online)\b"),
                 ("phone pe", r"\b(?:upi|gpay|phonepe|paytm|online)\b"),
                 ("जी पे", "यूपीआई|फोनपे|पेटीएम|ऑनलाइन"), ("फोन पे", "यूपीआई|फोनपे|पेटीएम|ऑनलाइन"))  # fmt: skip
FILLERS = (("achha ", ""), ("haan bhai, ", ""), ("suno, ", ""), ("ek kaam karo, ", ""),
           ("अच्छा, ", ""), ("", " please"), ("", " yaar"), ("", ", dhanyavaad"))  # fmt: skip
AMOUNTS = (("₹350", 350), ("1.5k", 1500), ("2,500", 2500), ("1250", 1250))
# A kin word or title after the customer's name: still that customer.
TITLES = ("dadi", "miyan", "boudi", "thatha", "anna", "ben", "दादी", "मियाँ", "खाला")
# An aside to a helper or to another customer around a command: nothing more is written.
ASIDES = (("hinglish", "", ", Sunita ko chai do"), ("hinglish", "", ", Kamla ji baithiye"),
          ("hinglish", "Sunita ko chai do, aur ", ""), ("hindi", "", ", सुनीता को चाय दो"),
          ("hindi", "", ", मोहन आ गया"), ("english", "", ", Mohan is here"),
          ("english", "", ", give Sunita some tea"))  # fmt: skip
# A condition, doubt or question said around the whole utterance: no write may remain.
HOLDS = (("hinglish", "agar ", ""), ("hinglish", "shayad ", ""), ("hinglish", "", ", pata nahi"),
         ("hinglish", "", " kya?"), ("hindi", "अगर ", ""), ("hindi", "", ", पता नहीं"),
         ("english", "did you ", "?"), ("english", "maybe ", ""), ("english", "", ", not sure"),
         # A belief, a report, a take-back at the end: what a listening microphone hears.
         ("hinglish", "mujhe laga ki ", ""), ("hinglish", "Mohan bol raha tha ki ", ""),
         ("hinglish", "", ", mat likhna"), ("hinglish", "", " - aisa bola tha usne"),
         ("hindi", "मुझे लगा ", ""), ("hindi", "मोहन कह रहा था कि ", ""), ("hindi", "", ", मत लिखना"),
         ("english", "I thought ", ""), ("english", "Mohan told me ", ""),
         ("english", "", ", don't write it"), ("english", "", ", no, leave it"))  # fmt: skip


def _renamed(row: corpus.Row, name: str) -> tuple[str, list[dict[str, object]]] | None:
    said = {c["entities"].get("customer") for c in row.expected if "customer" in c["entities"]}
    old = next(iter(said)) if len(said) == 1 else None
    devanagari = "\u0900" <= name[:1] <= "\u097f"
    if old is None or " " in old or ("\u0900" <= old[:1] <= "\u097f") != devanagari:
        return None
    pattern = re.escape(old) if devanagari else rf"\b{re.escape(old)}\b"
    if len(re.findall(pattern, row.text)) != 1:
        return None
    text = re.sub(pattern, name, row.text)
    return text, json.loads(json.dumps(row.expected).replace(json.dumps(old), json.dumps(name)))


def _titled(row: corpus.Row, title: str) -> str | None:
    said = {c["entities"].get("customer") for c in row.expected if "customer" in c["entities"]}
    name = next(iter(said)) if len(said) == 1 else None
    devanagari = "\u0900" <= title[:1] <= "\u097f"
    if name is None or " " in name or ("\u0900" <= name[:1] <= "\u097f") != devanagari:
        return None
    pattern = re.escape(name) + (r"(?=\s)" if devanagari else r"\b(?!')")
    if not devanagari:
        pattern = r"\b" + pattern
    if len(re.findall(pattern, row.text)) != 1:
        return None
    return re.sub(pattern, f"{name} {title}", row.text)


def _amounted(
    row: corpus.Row, spoken: str, value: int
) -> tuple[str, list[dict[str, object]]] | None:
    amounts = {c["entities"].get("amount") for c in row.expected if "amount" in c["entities"]}
    old = next(iter(amounts)) if len(amounts) == 1 else None
    pattern = rf"(?<![\d,.]){old}(?![\d,.])"
    if not isinstance(old, int) or len(re.findall(pattern, row.text)) != 1:
        return None
    want = json.dumps(row.expected).replace(f'"amount": {old}', f'"amount": {value}')
    return re.sub(pattern, spoken, row.text), json.loads(want)


def _app_spelled(row: corpus.Row, spoken: str, pattern: str) -> str | None:
    modes = {c["entities"].get("mode") for c in row.expected}
    if modes != {"upi"} or len(re.findall(pattern, row.text, flags=re.IGNORECASE)) != 1:
        return None
    return re.sub(pattern, spoken, row.text, flags=re.IGNORECASE)


def perturbation_report() -> None:
    """Wrong writes when passing development rows are renamed, padded or re-amounted."""
    rows = [r for r in corpus.read(corpus.DEVELOPMENT)
            if corpus.whole(corpus.labels(r.text, r.now), r.expected)]  # fmt: skip
    print(f"Perturbed passing development rows ({len(rows)}): rows with a wrong write")
    cases: list[tuple[str, list[tuple[str, datetime, list[dict[str, object]]]]]] = []
    for name in RENAMES:
        changed = [(t, r.now, w) for r in rows if (tw := _renamed(r, name)) for t, w in [tw]]
        cases.append((f"customer renamed {name!r}", changed))
    for before, after in FILLERS:
        changed = [(before + r.text + after, r.now, r.expected) for r in rows]
        cases.append((f"padded {before + '…' + after!r}", changed))
    for spoken, value in AMOUNTS:
        changed = [
            (t, r.now, w) for r in rows if (tw := _amounted(r, spoken, value)) for t, w in [tw]
        ]
        cases.append((f"amount said {spoken!r}", changed))
    for title in TITLES:
        changed = [(t, r.now, r.expected) for r in rows if (t := _titled(r, title))]
        cases.append((f"title after the name {title!r}", changed))
    for language, before, after in ASIDES:
        changed = [
            (before + r.text + after, r.now, r.expected) for r in rows if r.language == language
        ]
        cases.append((f"aside {before + '…' + after!r}", changed))
    for spoken, pattern in APP_SPELLINGS:
        changed = [(t, r.now, r.expected) for r in rows if (t := _app_spelled(r, spoken, pattern))]
        cases.append((f"UPI app said {spoken!r}", changed))
    for label, changed in cases:
        wrong = sum(
            corpus.wrong_writes(corpus.labels(t, now), want) > 0 for t, now, want in changed
        )
        print(f"  {label:32} {wrong:5d} of {len(changed)}")
    print(
        "  rows with a write, a condition/doubt/question said around all of it: rows still writing"
    )
    for language, before, after in HOLDS:
        held = [r for r in rows if r.language == language and _writes(r.expected)]
        still = sum(
            bool(_writes(corpus.labels(before + r.text.rstrip("?.") + after, r.now))) for r in held
        )
        print(f"  {language + ' ' + repr(before + '…' + after):32} {still:5d} of {len(held)}")


def _writes(commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c for c in commands if corpus.is_write(str(c["intent"])) and not c.get("decision")]


def main() -> None:
    verbose = "-v" in sys.argv
    print("Reproduce with: .venv/bin/python bench/language.py [-v] [--blind-misses] [--perturb]\n")
    misses = corpus_report("Development corpus (tuned on)", corpus.DEVELOPMENT, verbose)
    texts = [row.text for row in corpus.read(corpus.DEVELOPMENT)]
    if corpus.BLIND.exists():
        print("(Blind split: written from the labelling rules before any parser output was seen;")
        print(" never used for tuning. Its misses print only with --blind-misses.)")
        blind = corpus_report("Blind split", corpus.BLIND, "--blind-misses" in sys.argv)
        texts += [row.text for row in corpus.read(corpus.BLIND)]
        misses += blind
    if HINGLISH_TOP.is_dir():
        print("(The rules were tuned by reading train and validation misses; test is held out.)")
        for split in ("train", "validation", "test"):
            wrong = top_report(split)
            if verbose and split != "test":  # test is held out: its misses are not read
                print("\n".join(wrong))
        texts += [row[1] for row in read_top("test")]
    else:
        print(f"Hinglish-TOP not found at {HINGLISH_TOP}: skipped (it sits beside the clone).")
    throughput(texts)
    if "--perturb" in sys.argv:
        perturbation_report()
    if verbose and misses:
        print("Labelled misses:\n" + "\n".join(misses))


if __name__ == "__main__":
    main()
