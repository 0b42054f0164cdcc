# French kinésithérapie assistant: set-up, chat, tests.
#   make chat   install if needed, train if data changed, chat in the terminal
#   make test   the same set-up, then every test
# PYTHON=/path/to/python3.10 overrides the interpreter search (scripts/find-python.sh).

SHELL := /bin/bash
VENV  := .venv
BIN   := $(VENV)/bin
MODEL := models/kine.tar.gz
ENV   := source scripts/env.sh && export PATH="$(CURDIR)/$(BIN):$$PATH"

.PHONY: install train chat actions shell test test-unit validate eval-nlu eval-entities bench calc clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@py="$$(scripts/find-python.sh)" || exit 1; \
	if [ ! -x $(BIN)/python ]; then echo "Création de $(VENV) avec $$py"; "$$py" -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip check
	@touch $@

# Rasa's fingerprinting retrains only what changed since the last model.
train: install
	@$(ENV) && rasa train --fixed-model-name kine --out models

actions: install
	@$(ENV) && rasa run actions --port $${ACTION_PORT} --actions actions

chat: train
	@$(ENV) && scripts/chat.sh

test: train
	@$(ENV) && python -m pytest -ra $(PYTEST_ARGS)

# Fast feedback: bot/ and the actions only, no model, no server.
test-unit: install
	@$(ENV) && python -m pytest -ra -m "not servers" $(PYTEST_ARGS)

validate: install
	@$(ENV) && rasa data validate

eval-nlu: train
	@$(ENV) && python scripts/eval_nlu.py

eval-entities: install
	@$(BIN)/python scripts/eval_entities.py

# NLU against baselines, latency, training time, memory -> BENCHMARKS.md (about 15 min).
bench: train
	@$(ENV) && python scripts/bench.py

# make calc Q='{"sessions": 10, "act": "membre", "mutuelle": {"br_percent": 100}}'
calc: install
	@$(BIN)/python -m bot.calculator --fr '$(Q)'

clean:
	rm -rf models results var .pytest_cache
