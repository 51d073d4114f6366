# The two commands a newcomer needs: `make demo` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PORT ?= 5000

.PHONY: install browser demo docs test lint typecheck audit test-sqlite test-postgres bench bench-tools bench-stats clean

$(BIN)/goodword: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

install: $(BIN)/goodword

# PORT=8080 serves elsewhere; links, the landing page and seed-demo's output follow it.
# The server is granian, as in production; Ctrl-C stops it and the worker (api/demo_server.sh).
demo: install docs
	$(BIN)/goodword db upgrade
	PORT=$(PORT) $(BIN)/goodword seed-demo
	@echo "Serving Goodword on http://127.0.0.1:$(PORT) with a worker beside it (Ctrl-C to stop)"
	PORT=$(PORT) BIN=$(BIN) sh api/demo_server.sh

# The docs as a site in site/ (git-ignored), served by the demo at /docs/. --strict fails on a
# broken link or a page missing from the navigation.
docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# mypy, strict where pyproject.toml's [tool.mypy] says (core/, rewards/, referrals/' money paths).
typecheck: install
	$(BIN)/mypy

# Known vulnerabilities in installed packages fail; packages it could not check are reported
# (AUDIT_STRICT=1 fails on those too). See .ci/audit_dependencies.py.
audit: install
	$(BIN)/python .ci/audit_dependencies.py

# The SQLite pass ignores TEST_DATABASE_URL even when it is set on make's command line (make
# exports command-line variables to every recipe), and the suite refuses to run on any other
# engine than the one TEST_DATABASE_ENGINE names: the two passes cannot both be PostgreSQL.
test-sqlite: install
	env -u TEST_DATABASE_URL TEST_DATABASE_ENGINE=sqlite $(BIN)/pytest -q

# PostgreSQL is not optional: concurrency, locking and constraint tests only run here.
test-postgres: install
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) TEST_DATABASE_ENGINE=postgresql $(BIN)/pytest -q

# The e2e tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)
	command -v jq >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y jq)

test: lint audit docs browser test-sqlite test-postgres

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
	rm -rf $(VENV) instance site .pytest_cache .ruff_cache *.egg-info
