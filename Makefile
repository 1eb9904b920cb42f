# Quick start: `make run` and `make test`. Both set up .venv on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pip's output goes here, shown only when it fails: an editable install of the src/
# layout makes setuptools print a notice about its import finder on every install.
INSTALL_LOG := $(VENV)/install.log

export PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS ?= 120
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export GX_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: setup run test bench lint mutation clean

# Byte-compiled once here, not in every process of every run: where PYTHONDONTWRITEBYTECODE
# is set (as on the development machine), Python never writes what it compiles (~0.1 s of
# CPU for all of monitor's modules, in each process that imports them).
setup: $(STAMP)
	@$(BIN)/python -m compileall -q src flows

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "monitor needs Python 3.11+"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing monitor and its dependencies into $(VENV) (pip's output: $(INSTALL_LOG))"
	@{ $(BIN)/python -m pip install --quiet --upgrade pip \
	   && $(BIN)/python -m pip install --quiet -e '.[test]'; } > $(INSTALL_LOG) 2>&1 \
	   || { cat $(INSTALL_LOG); echo "make setup: pip failed (output above)"; exit 1; }
	@touch $(STAMP)

run: setup
	$(BIN)/monitor run

# The suite on TEST_WORKERS processes (pytest-xdist; each has its own temporary Prefect API and
# folders). TEST_WORKERS=0 runs it in this process, e.g. to debug with pdb.
TEST_WORKERS ?= 2
test: setup
	bash scripts/install-browser.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

bench: setup
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/langid.py

# Mutation testing of the judgement and warehouse modules (docs/mutation.md): not part of
# `make test`, it takes minutes per module. Fails when a module's score drops below the record.
mutation: setup
	@test -x $(BIN)/mutmut || $(BIN)/python -m pip install --quiet -e '.[test,mutation]' >> $(INSTALL_LOG) 2>&1
	$(BIN)/python scripts/mutation.py

lint: setup
	$(BIN)/ruff check src flows tests benchmarks

clean:
	rm -rf $(VENV) mutants warehouse/*.duckdb warehouse/*.wal warehouse/reports
