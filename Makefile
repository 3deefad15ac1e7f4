# Two commands on a fresh clone: `make demo` and `make test`. Each installs what it needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

# The shared data folder (OpenStreetMap extracts, communes, benchmarks) sits beside the clone.
export TOURNEES_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: demo test lint docs bench clean browser postgres serve notebooks

# Headless Chromium (PDF sheets, browser tests) and pdftoppm, from Debian, when missing.
browser:
	@command -v chromium >/dev/null && command -v pdftoppm >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) || \
	  echo "chromium / poppler-utils could not be installed (apt-get as root): no PDF sheets, browser tests fail"

# PostgreSQL server programs (initdb, pg_ctl) for the tests of the shared installation, from Debian, when missing.
postgres:
	@command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) || \
	  echo "postgresql could not be installed (apt-get as root): the PostgreSQL tests fail"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,postgres]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP) browser
	$(VENV)/bin/tournees demo

test: $(STAMP) browser postgres lint
	$(PY) -m pytest

# The planners' web application on the demo database: http://127.0.0.1:8000 (demo accounts printed at start).
serve: $(STAMP) browser
	$(PY) -m tournees.web serve --demo

# The analysts' notebooks in JupyterLab, on the demo database (`make demo` first); paths made absolute so
# the notebooks run from their own folder; as root (a container), JupyterLab needs --allow-root.
notebooks: $(STAMP)
	$(PY) -m pip install --quiet jupyterlab
	cd notebooks && TOURNEES_DB=$(CURDIR)/var/demo.sqlite TOURNEES_CACHE_DIR=$(CURDIR)/var/cache \
	  $(CURDIR)/$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root)

# Style and types before the tests: ruff (120 columns, see pyproject) and mypy (check_untyped_defs) on src.
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy src

# Benchmarks (minutes each): peers' solvers come from the `bench` extra.
bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) benchmarks/budget.py | tee benchmarks/results/budget.txt
	$(PY) benchmarks/matrix.py | tee benchmarks/results/matrix.txt
	$(PY) benchmarks/solomon.py --subset baseline --time 10 --out benchmarks/results/solomon_baseline.csv | tee benchmarks/results/solomon_baseline.txt
	$(PY) benchmarks/engine_domain.py --time 10 | tee benchmarks/results/engine_domain.txt
	$(PY) benchmarks/engine_domain.py --time 10 --busy 2 | tee benchmarks/results/engine_domain_busy.txt
	$(PY) benchmarks/prizes.py --time 10 --large-time 60 | tee benchmarks/results/prizes.txt
	$(PY) benchmarks/bricolage.py --time 20 --landlord-time 60 --factor 10 | tee benchmarks/results/bricolage.txt
	$(PY) benchmarks/optional_params.py --time 60 | tee benchmarks/results/optional_params.txt
	$(PY) benchmarks/epicerie.py | tee benchmarks/results/epicerie.txt
	$(PY) benchmarks/web_load.py | tee benchmarks/results/web_load.txt

# Refresh the generated documentation: the column reference (docs/colonnes.md) from the record declarations,
# and the README's measured figures from benchmarks/results (tests/test_readme.py checks both are current).
docs: $(STAMP)
	$(PY) -m tournees.io.reference docs/colonnes.md
	$(PY) benchmarks/figures.py

clean:
	rm -rf out var .pytest_cache
