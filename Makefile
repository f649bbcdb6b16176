# The two commands a newcomer runs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install bench format

# Debian's Devanagari font for PDF statements (and pdftotext for their tests); where apt-get
# cannot run, statements still render, their Devanagari as boxes.
DEVANAGARI_FONT := /usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf

$(STAMP): pyproject.toml
	test -f $(DEVANAGARI_FONT) || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-lohit-deva poppler-utils) || echo "warning: fonts-lohit-deva not installed"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m infrastructure.name_model
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p var
	$(BIN)/bolkhata demo seed
	$(BIN)/bolkhata serve --host $(HOST) --port $(PORT) --print-token

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: install lint
	$(BIN)/python -m pytest

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
