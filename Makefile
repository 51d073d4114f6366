# The two commands a newcomer needs: `make demo` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PORT ?= 5000

.PHONY: install browser demo test lint audit test-sqlite test-postgres bench bench-tools bench-stats clean

$(BIN)/goodword: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(BIN)/goodword

demo: install
	$(BIN)/goodword db upgrade
	PUBLIC_URL=http://127.0.0.1:$(PORT) $(BIN)/goodword seed-demo
	@echo "Serving Goodword on http://127.0.0.1:$(PORT) with a worker beside it (Ctrl-C to stop)"
	PUBLIC_URL=http://127.0.0.1:$(PORT) $(BIN)/goodword worker & worker=$$!; \
	trap 'kill -TERM $$worker; wait $$worker' EXIT; \
	PUBLIC_URL=http://127.0.0.1:$(PORT) $(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --threads 4 --access-logfile - wsgi:app

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Known vulnerabilities in installed packages fail; packages it could not check are reported
# (AUDIT_STRICT=1 fails on those too). See .ci/audit_dependencies.py.
audit: install
	$(BIN)/python .ci/audit_dependencies.py

test-sqlite: install
	$(BIN)/pytest -q

# PostgreSQL is not optional: concurrency, locking and constraint tests only run here.
test-postgres: install
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -q

# The e2e tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

test: lint audit browser test-sqlite test-postgres

# Every speed target of bench/ as PASS/FAIL, appended to bench/RESULTS.md (PostgreSQL on
# 127.0.0.1; databases bench_*, recreated). About 10 minutes.
bench: install bench-tools
	$(BIN)/python bench/run.py

# wrk drives the HTTP load.
bench-tools:
	command -v wrk >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y wrk)

# Stage counts on 10k vs 1M clicks (PostgreSQL database goodword_bench, recreated).
bench-stats: install
	$(BIN)/python bench/stats_at_scale.py

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache *.egg-info
