"""Would a learned check have stopped the parser's first-run wrong writes? A time machine.

Issue 11 asks for a learned component once rules stop improving the blind split. This bench
tests three candidates the honest way: for each development batch that was written before the
parser saw it, the parser as it stood at that commit parses the batch (its first run), and each
check is trained with scikit-learn only on the corpus as it stood before the batch. The checks
may only hold writes back (ask), never add one:

- other domain: word and character n-gram logistic regression, shop talk against Hinglish-TOP
  train queries of other assistants (weather, music, alarms); a ledger command it calls other
  talk becomes UNKNOWN.
- intent: the same features, one class per intent; a write whose intent it finds unlikely asks.
- names: a per-token logistic regression (the word, its shape, its neighbours) that tags
  customer names; a write asks when a token it tags is not in any command's customer.
- name words: the product's own check (`domain/language/name_odds.py`, trained by
  `infrastructure/name_model.py`): the same kind of tagger, turned round - a write asks when a
  word of its customer is one the tagger finds unlikely to be a name.

Batches 4-6 were the first tried; the later ones are every batch of the blind split's own mix
(28 to 61) and the batches around them that share their commit.

Reproduce with: .venv/bin/python bench/learned_checks.py   (needs the git history)
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from domain.intents import Command, Decision, Intent  # noqa: E402
from domain.language.name_odds import features, held_unlikely_names, name_words, word_of  # noqa: E402
from domain.language.normalize import tokenize  # noqa: E402
from infrastructure import name_model  # noqa: E402
from tests import corpus  # noqa: E402

HINGLISH_TOP = ROOT.parent / "shared" / "data" / "external" / "hinglish-top" / "train.tsv"
CORPUS = "tests/data/labelled_utterances.tsv"
# The commits that added a batch written before the parser ran on it (tests/data/README.md).
BATCHES = {
    "4": "cd86c4e", "5": "fbea286", "6": "96f3c2e", "28": "69b79ad", "35": "e3b8e29",
    "36": "2779f6f", "39": "cbe7c7b", "43": "0056294", "45": "0e0b75a", "49-51": "62474c5",
    "53-54": "dbd30aa", "55": "246db96", "58": "6e6fdfa", "59": "66fa25e", "61-62": "7667533",
}  # fmt: skip
REMINDERS = {"CREATE_REMINDER", "CANCEL_REMINDER", "MODIFY_REMINDER", "LIST_REMINDERS"}
NOT_ACTIONS = {"UNKNOWN", "HELP"}
# Parses rows with the parser of the worktree it runs in; prints one JSON line per row.
FIRST_RUN = """
import json, sys
from pathlib import Path
from tests import corpus
for r in corpus.read(Path(sys.argv[1])):
    print(json.dumps({"text": r.text, "got": corpus.labels(r.text, r.now), "want": r.expected}))
"""

Commands = list[dict[str, Any]]
Check = Callable[[str, Commands], Commands]


def git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout


@contextmanager
def worktree(commit: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tree"
        git("worktree", "add", "--detach", "--quiet", str(path), commit)
        try:
            yield path
        finally:
            git("worktree", "remove", "--force", str(path))


def first_run(commit: str, folder: Path) -> tuple[list[corpus.Row], list[dict[str, Any]]]:
    """The corpus before the batch, and the batch as the parser of its commit read it."""
    before_text = git("show", f"{commit}^:{CORPUS}")
    (folder / "before.tsv").write_text(before_text, encoding="utf-8")
    old = set(before_text.splitlines())
    added = [line for line in git("show", f"{commit}:{CORPUS}").splitlines() if line not in old]
    (folder / "batch.tsv").write_text("\n".join(added) + "\n", encoding="utf-8")
    with worktree(commit) as tree:
        out = subprocess.run(
            [sys.executable, "-c", FIRST_RUN, str(folder / "batch.tsv")],
            cwd=tree, check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    return corpus.read(folder / "before.tsv"), [json.loads(line) for line in out.splitlines()]


def keys(text: str) -> str:
    return " ".join(t.key for t in tokenize(text))


class TextModel:
    """Word 1-2-grams and character 2-4-grams, tf-idf, balanced logistic regression."""

    def __init__(self, texts: list[str], labels: list[str]) -> None:
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, min_df=2
        )
        normal = [keys(t) for t in texts]
        features = hstack([self.words.fit_transform(normal), self.chars.fit_transform(normal)])
        self.model = LogisticRegression(C=10, class_weight="balanced", max_iter=3000)
        self.model.fit(csr_matrix(features), labels)

    def probability(self, text: str, label: str) -> float:
        normal = [keys(text)]
        features = hstack([self.words.transform(normal), self.chars.transform(normal)])
        classes = list(self.model.classes_)
        if label not in classes:
            return 0.0
        return float(self.model.predict_proba(csr_matrix(features))[0, classes.index(label)])


def top_queries() -> list[str]:
    if not HINGLISH_TOP.is_file():
        return []
    with HINGLISH_TOP.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r[1].strip() for r in rows[1:] if len(r) == 5 and r[4].strip() != "reminder"]


def asked(commands: Commands, hold: Callable[[dict[str, Any]], bool]) -> Commands:
    return [
        c | {"decision": "ask"} if c["intent"] in corpus._WRITE_NAMES and not c.get("decision") and hold(c) else c
        for c in commands
    ]  # fmt: skip


def other_domain_check(rows: list[corpus.Row], threshold: float) -> Check:
    others = top_queries()
    shop = ["other" if {c["intent"] for c in r.expected} <= NOT_ACTIONS else "shop" for r in rows]
    model = TextModel([r.text for r in rows] + others, shop + ["other"] * len(others))

    def check(text: str, commands: Commands) -> Commands:
        ledger = any(c["intent"] not in REMINDERS | NOT_ACTIONS for c in commands)
        if ledger and model.probability(text, "shop") < threshold:
            return [{"intent": "UNKNOWN", "entities": {}}]
        return commands

    return check


def intent_check(rows: list[corpus.Row], threshold: float) -> Check:
    model = TextModel([r.text for r in rows], [r.expected[0]["intent"] for r in rows])

    def check(text: str, commands: Commands) -> Commands:
        return asked(commands, lambda c: model.probability(text, c["intent"]) < threshold)

    return check


def token_features(text: str) -> list[tuple[str, dict[str, int]]]:
    """Each word with the features of the product's own name check (name_odds.features)."""
    tokens = tokenize(text)
    return [(word_of(t), dict.fromkeys(features(tokens, i), 1)) for i, t in enumerate(tokens)]


def name_check(rows: list[corpus.Row], threshold: float) -> Check:
    samples = [(f, w in name_words(r.expected)) for r in rows for w, f in token_features(r.text)]
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000)
    model.fit(vectorizer.fit_transform([f for f, _ in samples]), [n for _, n in samples])

    def check(text: str, commands: Commands) -> Commands:
        tokens = token_features(text)
        likely = model.predict_proba(vectorizer.transform([f for _, f in tokens]))[:, 1]
        placed = name_words(commands)
        unplaced = any(
            p >= threshold and w not in placed for (w, _), p in zip(tokens, likely, strict=True)
        )
        return asked(commands, lambda _c: unplaced)

    return check


def name_word_check(rows: list[corpus.Row], threshold: float) -> Check:
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before.tsv"
        lines = (
            f"{r.text}\t{r.now.isoformat()}\t{json.dumps({'commands': r.expected})}" for r in rows
        )
        before.write_text("\n".join(lines) + "\n", encoding="utf-8")
        odds = replace(name_model.train(before), threshold=threshold)

    def check(text: str, commands: Commands) -> Commands:
        held = held_unlikely_names(text, [_command(c) for c in commands], odds)
        return [c | h.to_json() for c, h in zip(commands, held, strict=True)]  # after_previous

    return check


def _command(labelled: dict[str, Any]) -> Command:
    decision = Decision(labelled.get("decision", "act"))
    return Command(Intent(labelled["intent"]), labelled["entities"], decision=decision)


CHECKS: dict[str, Callable[[list[corpus.Row], float], Check]] = {
    "other domain": other_domain_check,
    "intent": intent_check,
    "names": name_check,
    "name words": name_word_check,
}
THRESHOLDS = {
    "other domain": (0.3, 0.5), "intent": (0.1, 0.3), "names": (0.5, 0.8), "name words": (0.1, 0.2)
}  # fmt: skip


def tally(parsed: list[dict[str, Any]], check: Check | None = None) -> tuple[int, int]:
    right = wrong = 0
    for row in parsed:
        got = check(row["text"], row["got"]) if check else row["got"]
        right += corpus.whole(got, row["want"])
        wrong += corpus.wrong_writes(got, row["want"]) > 0
    return right, wrong


def main() -> None:
    np.random.seed(0)
    print("Reproduce with: .venv/bin/python bench/learned_checks.py")
    print("batch  rows  check                  whole-command  wrong-write rows")
    for batch, commit in BATCHES.items():
        with tempfile.TemporaryDirectory() as tmp:
            before, parsed = first_run(commit, Path(tmp))
        right, wrong = tally(parsed)
        print(f"{batch:>5}  {len(parsed):>4}  {'rules alone':<21}  {right:>13}  {wrong:>16}")
        for name, build in CHECKS.items():
            for threshold in THRESHOLDS[name]:
                right, wrong = tally(parsed, build(before, threshold))
                label = f"+ {name} {'>=' if name == 'names' else '<'} {threshold:g}"
                print(f"{'':>5}  {'':>4}  {label:<21}  {right:>13}  {wrong:>16}")


if __name__ == "__main__":
    main()
