"""Trains the name check's weights from the shipped corpus with scikit-learn, and loads them.

`make install` trains once (`python -m infrastructure.name_model`); the weights are kept in
`name_odds.json` beside this module with a SHA-256 of the corpus, the known words and the
feature code, and are trained again whenever one of them changes. Nothing is downloaded: the
corpus ships with the product.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import sys
import tempfile
from pathlib import Path

from domain.language import name_odds
from domain.language.name_odds import NameOdds, features, name_words, word_of
from domain.language.normalize import tokenize
from domain.language.refs import KNOWN

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "labelled_utterances.tsv"
WEIGHTS = Path(__file__).resolve().with_name("name_odds.json")


def _rows(corpus: Path) -> list[tuple[str, set[str]]]:
    """Each utterance with the words of every customer its label names."""
    rows = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 3:
            continue
        rows.append((cells[0], name_words(json.loads(cells[2])["commands"])))
    return rows


def train(corpus: Path = CORPUS) -> NameOdds:
    """A balanced logistic regression: is this word part of a customer's name?"""
    from sklearn.feature_extraction import DictVectorizer  # only when training
    from sklearn.linear_model import LogisticRegression

    samples, labels = [], []
    for text, names in _rows(corpus):
        tokens = tokenize(text)
        for i, token in enumerate(tokens):
            samples.append(dict.fromkeys(features(tokens, i), 1))
            labels.append(word_of(token) in names)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000)
    model.fit(vectorizer.fit_transform(samples), labels)
    weights = {
        name: float(w) for name, w in zip(vectorizer.feature_names_, model.coef_[0], strict=True)
    }
    return NameOdds({k: w for k, w in weights.items() if w}, float(model.intercept_[0]))


def _digest(corpus: Path) -> str:
    """The corpus, and what the features read besides it (the words the rules know, the
    feature code): weights trained on other ones are stale."""
    digest = hashlib.sha256(corpus.read_bytes())
    digest.update("\n".join(sorted(KNOWN)).encode())
    digest.update(inspect.getsource(name_odds).encode())
    return digest.hexdigest()


def save(odds: NameOdds, digest: str, path: Path = WEIGHTS) -> None:
    body = {"corpus_sha256": digest, "bias": odds.bias, "weights": dict(odds.weights)}
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as f:
        json.dump(body, f)
    os.replace(f.name, path)  # several processes may train at once; each replace is whole


def load(corpus: Path = CORPUS, path: Path = WEIGHTS) -> NameOdds:
    """The weights trained on this corpus, training them first if they are missing or stale."""
    digest = _digest(corpus)
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        if body["corpus_sha256"] == digest:
            return NameOdds(body["weights"], body["bias"])
    except (OSError, ValueError, KeyError):
        pass
    odds = train(corpus)
    save(odds, digest, path)
    return odds


if __name__ == "__main__":
    trained = load()
    print(f"name check: {len(trained.weights)} weights in {WEIGHTS}", file=sys.stderr)
