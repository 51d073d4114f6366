# The two commands a newcomer needs: `make demo` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
PORT ?= 5000

.PHONY: install browser demo docs tools openapi-lint clients clients-check test lint typecheck audit test-sqlite test-postgres bench bench-tools bench-stats clean

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

# Tools from the package registries, pinned, into .tools/ (git-ignored): Redocly's linter, the
# TypeScript generator and compiler (npm), the Python generator (PyPI, in its own venv).
REDOCLY_VERSION := 2.77.0
HEYAPI_VERSION := 0.95.0
TYPESCRIPT_VERSION := 5.9.3
PY_GENERATOR_VERSION := 0.29.1
.tools/node_modules/.bin/openapi-ts:
	npm install --silent --no-audit --no-fund --prefix .tools @redocly/cli@$(REDOCLY_VERSION) \
	    @hey-api/openapi-ts@$(HEYAPI_VERSION) typescript@$(TYPESCRIPT_VERSION)
.tools/py/bin/openapi-python-client:
	$(PYTHON) -m venv .tools/py
	.tools/py/bin/python -m pip install -q openapi-python-client==$(PY_GENERATOR_VERSION)
tools: .tools/node_modules/.bin/openapi-ts .tools/py/bin/openapi-python-client

# The OpenAPI document through Redocly's linter (no telemetry). Any error fails; redocly.yaml
# says which rule is off and why.
openapi-lint: install tools
	$(BIN)/goodword openapi write --format json .tools/openapi.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	    .tools/node_modules/.bin/redocly lint --config redocly.yaml --format stylish .tools/openapi.json

# The SDKs in clients/ (Python and TypeScript), regenerated from the API's document. Run it after
# changing any /v1 schema; clients-check (part of make test) fails when they are stale.
clients: install tools
	clients/generate.sh

clients-check: install tools
	rm -rf .tools/clients && clients/generate.sh .tools/clients
	diff -r -q -x __pycache__ clients/openapi.json .tools/clients/openapi.json
	diff -r -q -x __pycache__ clients/python/goodword_client .tools/clients/python/goodword_client
	diff -r -q -x __pycache__ clients/typescript/src .tools/clients/typescript/src

test: lint audit docs openapi-lint clients-check browser test-sqlite test-postgres

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
