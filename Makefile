# The two commands: `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= $(CURDIR)/demo/demo.db

.PHONY: run test venv sysdeps lint bench bench-1m dist screenshots clean translations update-translations

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

venv: $(BIN)/.installed

# System libraries Qt and the test database server need (installed only when missing).
sysdeps:
	@bash .ci/sysdeps.sh

# Compiled translations (.qm) are made from the .ts sources, never committed.
TS_FILES := $(wildcard resources/translations/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

resources/translations/%.qm: resources/translations/%.ts | $(BIN)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

translations: $(QM_FILES)

# Refresh the .ts files from the strings in ui/ (then translate what is new).
update-translations: venv
	$(BIN)/python scripts/update_translations.py

run: sysdeps venv translations
	@mkdir -p $(dir $(DEMO_DB))
	@test -f $(DEMO_DB) || $(BIN)/casemanager --db $(DEMO_DB) demo --cases 300 --seed 7
	$(BIN)/casemanager --db $(DEMO_DB) gui

test: sysdeps venv translations
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Style, the architecture contracts and the types (pyproject.toml configures all three).
lint: venv
	$(BIN)/ruff check casemanager ui tests benchmarks scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: sysdeps venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py

# The million-case figures of issue 18 (not in CI: the demo data alone takes an hour here):
# the scale, search and window sections at 1,000,000 cases, added to benchmarks/results.md
# beside the 100,000-case ones. CM_BENCH_DB=FILE reuses a database made before (copied).
bench-1m: sysdeps venv
	CM_BENCH_CASES=1000000 QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py scale search case_list

clean:
	rm -rf $(VENV) demo build dist .pytest_cache

# A one-folder PyInstaller build in dist/casemanager, then its self-check.
dist: sysdeps venv translations
	$(BIN)/pip install --quiet 'pyinstaller>=6.5'
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	bash .ci/selfcheck.sh dist/casemanager/casemanager
