# The two commands of the README are `make run` and `make test`; the rest are their parts.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONPATH := $(CURDIR)

.PHONY: run test lint typecheck up-distributed system-packages broker clean

# The project itself is installed editable, offline (no index, no build isolation), for its `sdb` command.
$(BIN)/.installed: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-index --no-deps --no-build-isolation -e .
	touch $@

run: $(BIN)/.installed
	$(BIN)/python -m services.embedded

system-packages:
	scripts/install-system-packages.sh

broker:
	scripts/ensure-rabbitmq.sh

lint: $(BIN)/.installed
	$(BIN)/ruff check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy libs services tools

# Three pytest-xdist workers on two cores: most long tests wait on servers, timers and planted stops. Whole files go
# to a worker (module fixtures are built once), in collection order: files with `long` tests first (tests/conftest.py).
TEST_WORKERS ?= 3
test: $(BIN)/.installed system-packages broker lint typecheck
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

up-distributed: $(BIN)/.installed broker
	$(BIN)/python -m tools.dev_stack

clean:
	rm -rf $(VENV) data .pytest_cache
