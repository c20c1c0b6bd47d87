# seam: two commands for a new user — `make run` (demo) and `make test` (everything CI runs).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON_BOOTSTRAP ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DBT := $(VENV)/bin/dbt
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

# Demo: about 20k conversations over 12 weeks, with a few bad rows to show the rejects.
DEMO_CONVERSATIONS ?= 20000
DEMO_WEEKS ?= 12
DEMO_SEED ?= 42
DEMO_DIRTY ?= 0.01
DEMO_RAW := data/demo/raw
DEMO_DB := data/seam.duckdb

# Test dataset: the demo scenario with 2% bad rows of every kind.
TEST_CONVERSATIONS ?= 20000
TEST_DIRTY ?= 0.02
TEST_RAW := data/test/raw
TEST_DB := data/test/seam_test.duckdb

.PHONY: help venv run test lint dbt-test pytest test-data clean lock

help:
	@echo "make run   - fresh clone -> venv, demo data, load, dbt build, summary"
	@echo "make test  - sqlfluff lint, dbt build with all tests on a dirty dataset, pytest"

$(VENV)/.installed: requirements.txt
	$(PYTHON_BOOTSTRAP) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

run: venv
	rm -rf $(DEMO_RAW) $(DEMO_DB) data/seam.published.duckdb
	$(PY) -m seam generate --conversations $(DEMO_CONVERSATIONS) --weeks $(DEMO_WEEKS) \
		--seed $(DEMO_SEED) --dirty-rate $(DEMO_DIRTY) --out $(DEMO_RAW)
	SEAM_DUCKDB_PATH=$(DEMO_DB) $(PY) -m seam load --from $(DEMO_RAW)
	SEAM_DUCKDB_PATH=$(DEMO_DB) $(PY) -m seam build --quiet
	SEAM_DUCKDB_PATH=$(DEMO_DB) $(PY) -m seam summary
	$(MAKE) --no-print-directory report

lint: venv
	$(VENV)/bin/ruff check seam tests
	$(VENV)/bin/sqlfluff lint models tests/data analyses

test-data: venv
	rm -rf $(TEST_RAW) $(TEST_DB)
	$(PY) -m seam generate --conversations $(TEST_CONVERSATIONS) --weeks 12 --seed 7 \
		--dirty-rate $(TEST_DIRTY) --out $(TEST_RAW) --no-progress
	SEAM_DUCKDB_PATH=$(TEST_DB) $(PY) -m seam load --from $(TEST_RAW)

dbt-test: test-data
	SEAM_DUCKDB_PATH=$(TEST_DB) $(DBT) build --quiet

pytest: venv
	SEAM_TEST_RAW=$(TEST_RAW) SEAM_TEST_DUCKDB=$(TEST_DB) $(PY) -m pytest -q --durations=15 tests/python

test: lint dbt-test pytest

lock: venv
	$(PY) -m pip freeze --exclude-editable | sed '1i # Fully pinned lock of requirements.in (pip freeze on Python 3.11). Regenerate with: make lock' > requirements.txt

clean:
	rm -rf data target logs

# --- report ---
REPORT := reports/seam_report.html

.PHONY: report
report: venv
	@SEAM_DUCKDB_PATH=$(DEMO_DB) $(PY) -m seam report --out $(REPORT)

# --- other engines ---
# The same project on PostgreSQL and Spark, marts compared row for row with DuckDB's.
# Run `.ci/engines.sh` first (PostgreSQL server and roles, requirements-postgres.txt and
# requirements-spark.txt). A missing engine fails these targets (SEAM_REQUIRE_ENGINES=1);
# under `make test` the same tests skip and say why.
.PHONY: test-postgres test-spark
# pytest replays a generated history in daily batches on the engine, a nightly build after
# each, then a --full-refresh build with every data and unit test; it compares every table
# with the daily builds' and every mart with DuckDB's build of the same raw data, and on
# Postgres connects as the BI role (tests/python/test_incremental.py); then the real support
# text fixture is classified on the engine and its labels compared with DuckDB's
# (tests/python/test_real_replies.py: about 40 s on Postgres, 6 min on Spark), and so are the
# email / HTML / five-language replies (tests/python/test_text_forms.py); one `dbt show`
# per engine of the PII macros over the labelled corpus (tests/python/test_ops_leaks.py); and
# the help-desk shapes (Zendesk via Fivetran, Intercom via Airbyte; 300 conversations each)
# built on DuckDB and on the engine, marts compared (tests/python/test_vendor_engines.py);
# and the Airbyte JSON / time parsing macros branch by branch (tests/python/test_airbyte_parsing.py).
ENGINE_TESTS := tests/python/test_incremental.py \
	tests/python/test_real_replies.py tests/python/test_text_forms.py \
	tests/python/test_ops_leaks.py tests/python/test_vendor_engines.py \
	tests/python/test_airbyte_parsing.py

test-postgres: venv
	SEAM_ENGINES=postgres SEAM_REQUIRE_ENGINES=1 \
		$(PY) -m pytest -q --durations=10 -m engines -p no:cacheprovider $(ENGINE_TESTS)

test-spark: venv
	SEAM_ENGINES=spark SEAM_REQUIRE_ENGINES=1 \
		$(PY) -m pytest -q --durations=10 -m engines -p no:cacheprovider $(ENGINE_TESTS)

# --- benchmark ---
# Generate 100k and 1M conversations, load all but the last day, scan the raw tables (floor),
# full dbt build, load the last day, incremental dbt build; one table of seconds, peak MB and
# ratios, also appended to bench/results/<date>.md. Heavy: run alone (about 20-30 minutes).
# BENCH_ENGINES=duckdb,postgres,spark runs the same steps on each engine (after .ci/engines.sh)
# and compares them with DuckDB's, with each engine's fixed cost of a nightly run.
BENCH_SCALES ?= 100000,1000000
BENCH_ENGINES ?= duckdb
BENCH_WORK ?= /tmp/seam-bench
# BENCH_CAPS=3GB,8GB also rebuilds the same DuckDB history under each memory cap (side by side).
BENCH_CAPS ?=

.PHONY: bench
bench: venv
	$(PY) bench/bench.py --scales $(BENCH_SCALES) --engines $(BENCH_ENGINES) --work $(BENCH_WORK) \
		--duckdb-caps "$(BENCH_CAPS)"

# 1M and 10M conversations (12M and 120M messages), DuckDB under its default memory cap, full
# build only: generate, load the whole history at once (no daily split), floor scan, full dbt
# build; the 10M ÷ 1M ratio. Needs about 16 GB of free memory (the generator at 10M) and
# far more disk than the data for DuckDB's spill. Run it alone. At 10M the full build takes
# about 45 minutes under the 3GB cap on a 2-core, 24 GB machine (docs/performance.md).
BENCH_10M_SCALES ?= 1000000,10000000

.PHONY: bench-10m
bench-10m: venv
	$(PY) bench/bench.py --full-only --scales $(BENCH_10M_SCALES) --work $(BENCH_WORK)
