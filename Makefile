# Wirewatch developer entry points. `make demo` and `make test` work on a fresh machine:
# they create the virtualenv, install Redis and Kafka's jars where missing, and start the stack.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help install up down status reset topics demo test test-unit schemas bench bench-e2e eval-extract bench-extract eval-dedup bench-dedup clean

help:
	@echo "make demo       install what is missing, start Kafka+Redis, run the seeds end to end"
	@echo "make test       the whole suite (unit, integration, end to end) on the real stack"
	@echo "make test-unit  the fast tests that need no services"
	@echo "make up|down|status|reset   the local Kafka broker and Redis server"
	@echo "make schemas    regenerate schemas/ from the models"
	@echo "make bench      every benchmark below (they print throughput and latency percentiles)"
	@echo "make bench-e2e     whole pipeline: publish-to-alert latency at 10, 100 and 200 articles/s, and flat out"
	@echo "make eval-feeds    feed parsing robustness over ../shared/evaldata/feeds, outcomes per folder"
	@echo "make eval-pages    teaser-page extraction (trafilatura) against its gold news snippets"
	@echo "make bench-ingest  feed poller: 1,000 local feeds x 50 entries, polls/s, articles/s, 304 share"
	@echo "make eval-extract  score the extraction engine on ACLED notes and CASE 2021 (needs ../shared/evaldata)"
	@echo "make bench-extract extraction engine speed on one core over FA-KES articles"
	@echo "make eval-dedup    same-story precision/recall (SemEval, FA-KES copies) and event merging (needs ../shared/evaldata)"
	@echo "make bench-dedup   dedup article stage: articles/s and p99 lookup with 1 M articles in the index"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

up: $(STAMP)
	infra/stack.sh up

down:
	infra/stack.sh down

status:
	infra/stack.sh status

reset:
	infra/stack.sh reset

topics: up
	$(BIN)/wirewatch topics create

demo: up
	$(BIN)/wirewatch demo

test: up
	$(BIN)/pytest

test-unit: $(STAMP)
	$(BIN)/pytest tests/unit

schemas: $(STAMP)
	$(BIN)/wirewatch schemas write

bench: bench-e2e bench-extract bench-dedup bench-ingest

bench-e2e: up
	$(BIN)/python bench/bench_pipeline.py

eval-extract: $(STAMP)
	$(BIN)/python -m services.extractor.evaluation

bench-extract: $(STAMP)
	$(BIN)/python bench/bench_extract.py

eval-dedup: $(STAMP)
	$(BIN)/python bench/eval_dedup.py

bench-dedup: up
	$(BIN)/python bench/bench_dedup.py
	$(BIN)/python bench/bench_stories.py

.PHONY: eval-feeds eval-pages bench-ingest
eval-feeds: $(STAMP)
	$(BIN)/python bench/eval_feeds.py

eval-pages: $(STAMP)
	$(BIN)/python bench/eval_pages.py

bench-ingest: up
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) .pytest_cache
