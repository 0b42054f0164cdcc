# French kinésithérapie assistant: set-up, chat, tests.
#   make chat   install if needed, train if data changed, chat in the terminal
#   make serve  the same set-up, then the web page with the chat widget (http://localhost:8080/)
#   make test   the same set-up, then every test
# PYTHON=/path/to/python3.10 overrides the interpreter search (scripts/find-python.sh).

SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
MODEL := models/kine.tar.gz
ENV   := source scripts/env.sh && export PATH="$(CURDIR)/$(BIN):$$PATH"

.PHONY: install system web train chat actions serve serve-production services-up services-down health \
        purge telegram-webhook test test-unit validate eval-nlu eval-dev eval-entities bench bench-load calc clean

install: $(VENV)/.installed

# Every package from the hash-locked requirements/ (make lock): pip, setuptools and wheel first,
# which then build the few source-only packages (no unhashed build download); the project last.
$(VENV)/.installed: pyproject.toml requirements/build.txt requirements/lock.txt
	@py="$$(scripts/find-python.sh)" || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Création de $(VENV) avec $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/build.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-build-isolation -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	@touch $@

# requirements/*.txt from pyproject.toml, with uv (a venv of its own in var/lock-tool): every
# package pinned with its SHA-256 hashes, for Python 3.10 on Linux x86_64. lock.txt: the
# dependencies and the `test` extra (make install); runtime.txt: the same versions without the
# test extra (the Dockerfile); build.txt: pip, setuptools, wheel. Versions already locked are
# kept; make lock UPGRADE=1 takes the newest allowed by pyproject.toml.
.PHONY: lock
UV_VERSION := 0.13.9
lock:
	@py="$$(scripts/find-python.sh)" || exit 1; tool=var/lock-tool; \
	[ -x $$tool/bin/uv ] && $$tool/bin/uv --version | grep -q ' $(UV_VERSION)' || \
	  { "$$py" -m venv $$tool && $$tool/bin/python -m pip install --quiet uv==$(UV_VERSION); } || exit 1; \
	compile=($$tool/bin/uv pip compile --quiet --generate-hashes $(if $(UPGRADE),--upgrade) --no-config \
	  --python "$$py" --python-version 3.10 --python-platform x86_64-unknown-linux-gnu \
	  --no-python-downloads --system-certs --custom-compile-command 'make lock'); \
	printf 'pip\n' | "$${compile[@]}" pyproject.toml - --extra test -o requirements/lock.txt && \
	"$${compile[@]}" pyproject.toml -c requirements/lock.txt -o requirements/runtime.txt && \
	printf 'pip\nsetuptools\nwheel\n' | "$${compile[@]}" - -c requirements/lock.txt -o requirements/build.txt

# Debian packages of the served set-up and its tests: nginx, chromium, redis-server, postgresql.
system:
	@scripts/install-system.sh

# The chat widget (web/dist/), from npm packages; rebuilt when its sources change.
web: web/dist/kine-chat.js

web/dist/kine-chat.js: web/src/kine-chat.js web/src/kine-chat.css web/package-lock.json web/build.sh
	@web/build.sh

# Rasa's fingerprinting retrains only what changed since the last model.
train: install
	@$(ENV) && rasa train --fixed-model-name kine --out models

actions: install
	@$(ENV) && kine-rasa run actions --port $${ACTION_PORT} --actions actions

chat: train
	@$(ENV) && scripts/chat.sh

# Rasa server(s), action server, nginx and the demo page; Ctrl-C stops everything.
serve: train web
	@$(ENV) && kine-stack serve

# The production topology on this machine: PostgreSQL, Redis, two Rasa instances behind nginx.
serve-production: train web
	@$(ENV) && kine-stack serve --production --instances 2

services-up: install
	@$(ENV) && kine-stack up

services-down: install
	@$(ENV) && kine-stack down

health: install
	@$(ENV) && kine-health

# A new model while serving: trains, then the running `kine-stack serve` restarts its instances one by one.
# make backup: pg_dump of the conversations -> var/backups/; make restore FILE=var/backups/….dump
.PHONY: deploy-model backup restore bench-soak
deploy-model: train
	@$(ENV) && kine-deploy-model

backup: install
	@$(ENV) && kine-backup backup

restore: install
	@$(ENV) && kine-backup restore '$(FILE)'

# 30 min of steady moderate load on the production topology, RSS of each process -> BENCHMARKS.md.
# make bench-soak SOAK_MINUTES=3 for a short run.
bench-soak: train system
	@$(ENV) && python -m ops.bench.soak --minutes $(or $(SOAK_MINUTES),30)

# make purge DAYS=30: deletes conversations idle for more than DAYS days.
purge: install
	@$(ENV) && kine-purge --days $(or $(DAYS),30)

telegram-webhook: install
	@$(ENV) && kine-telegram-webhook set

test: train web system check-facts
	@$(ENV) && python -m pytest -ra $(PYTEST_ARGS)

# The README's screenshots (reports/widget*.png), taken by the browser tests; `make test` writes none.
.PHONY: screenshots
screenshots: train web system
	@$(ENV) && SCREENSHOTS_DIR=reports python -m pytest -q tests/test_browser.py \
	  -k "card_readable or conversation_with_the_assistant"

# Parameter files well formed, no literal euro or percentage in an answer (errors); figures not
# verified for six months and scheduled steps whose date passed (warnings). README, "Keeping figures current".
.PHONY: check-facts
check-facts: install
	@$(BIN)/python -m bot.check_facts

# Fast feedback: the unit tests (no model, no server). `make test` runs them and the end-to-end ones.
test-unit: install
	@$(ENV) && python -m pytest -ra -m "not servers" $(PYTEST_ARGS)

# The end-to-end tests only: real Rasa, action server, PostgreSQL, Redis, nginx, chromium, podman.
.PHONY: test-e2e
test-e2e: train web system
	@$(ENV) && python -m pytest -ra -m servers $(PYTEST_ARGS)

validate: install
	@$(ENV) && rasa data validate

eval-nlu: train
	@$(ENV) && python -m ops.evaluation.nlu

eval-dev: install
	@$(ENV) && mkdir -p var && python -m ops.evaluation.dev_half --probabilities var/dev_half_probabilities.npz

eval-entities: install
	@$(BIN)/python -m ops.evaluation.entities

# NLU against baselines, latency, training time, memory -> BENCHMARKS.md (about 9 min).
bench: train
	@$(ENV) && python -m ops.bench.nlu

# 10, 50 and 100 simulated users against one instance, then two -> BENCHMARKS.md (about 10 min).
bench-load: train system
	@$(ENV) && python -m ops.bench.load

# What users asked, what failed, where the calculator loses them -> var/rapport/rapport.html
# (README, "What users ask"). make report SINCE=2026-11-01 UNTIL=2026-11-30
.PHONY: report review bench-report
report: install
	@$(ENV) && kine-report $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))

# The README's table of topics, from bot/topics.py (tests/test_readme.py checks it).
.PHONY: readme
readme: install
	@$(ENV) && python -m ops.readme

# Teach the assistant the unanswered questions, one key each; then make train and make eval-nlu.
review: install
	@$(ENV) && kine-review $(if $(SINCE),--since $(SINCE)) $(if $(UNTIL),--until $(UNTIL))

# The report on 100 000 generated conversations in PostgreSQL -> BENCHMARKS.md (about 10 min).
bench-report: install system
	@$(ENV) && python -m ops.bench.report

# make calc Q='{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'
calc: install
	@$(BIN)/python -m bot.cli --fr '$(Q)'

# The container image (podman, or docker), the one deploy/kubernetes/kine.yaml runs. Where no image
# registry is reachable: deploy/container/build-base-image.sh, then make image BASE_IMAGE=localhost/kine-base:py3.10
.PHONY: image
image:
	@IMAGE='$(IMAGE)' BASE_IMAGE='$(BASE_IMAGE)' deploy/container/build-image.sh

clean:
	rm -rf models results var .pytest_cache
