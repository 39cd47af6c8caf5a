# backend-organizer: `make demo` and `make test` set up everything they need by themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint format pytest vsix bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "backend-organizer needs Python 3.11+: run make PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check server tests benchmarks examples/demo.py
	$(BIN)/ruff format --check server tests benchmarks examples/demo.py
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix server tests benchmarks examples/demo.py
	$(BIN)/ruff format server tests benchmarks examples/demo.py

# `npm run package` first bundles the server and its dependencies (vscode-client/scripts/bundle_server.py, with
# the venv's pip) into vscode-client/bundled/libs, then packages the linux-x64 .vsix.
vsix: $(STAMP)
	cd vscode-client && npm ci --no-audit --no-fund && npm run check && npm test && BO_PYTHON=$(abspath $(BIN))/python npm run package

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint vsix pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .scratch test-artifacts vscode-client/node_modules vscode-client/dist vscode-client/out vscode-client/bundled/libs vscode-client/*.vsix
