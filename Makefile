# Two commands matter (see README.md):
#   make report   build the whole website into _site/ from the shipped documents in data/raw/
#   make test     run the whole test suite (on all cores; `make check`: the fast tests only, the inner loop)
# Both set up .venv themselves. Every stage is cached by content: a second `make report` with
# nothing changed only checks hashes.

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: add diagnose report test extract check check-data analyse notebooks site serve lab lock clean distclean help

help:
	@echo "make report   build the site into _site/ (sets up .venv first)"
	@echo "make test     run the whole test suite on all cores (sets up .venv and chromium first)"
	@echo "make check    the fast tests only (no built site, no browser): the inner loop"
	@echo "make serve    serve _site/ on http://127.0.0.1:8000"
	@echo "make lab      open JupyterLab on the notebooks"
	@echo "make add FILE=x.pdf MUNICIPALITY=\"X Belediyesi\" YEAR=2022   add a program (then make report)"
	@echo "stages:       make extract | check-data | analyse | notebooks | site"

$(STAMP): requirements.lock pyproject.toml scripts/bootstrap.sh
	@scripts/bootstrap.sh
	@touch $@

report: $(STAMP)
	$(PY) -m analysis build

# The tests run on all cores (pytest-xdist): each test file runs whole on one worker, the slowest files first;
# the built projects and generated documents are made once per run and shared (tests/conftest.py).
# `make check` leaves out the tests marked slow (a built site, a browser, the scans). Both list the 15 slowest tests.
TEST_WORKERS ?= auto
PYTEST_ON_ALL_CORES = -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

test: $(STAMP)
	@scripts/ensure-chromium.sh
	@scripts/ensure-ocr.sh
	$(PY) -m pytest $(PYTEST_ON_ALL_CORES)

check: $(STAMP)
	@scripts/ensure-ocr.sh
	$(PY) -m pytest $(PYTEST_ON_ALL_CORES) -m "not slow"

extract: $(STAMP)
	$(PY) -m analysis extract-all
check-data: $(STAMP)
	$(PY) -m analysis check
analyse: $(STAMP)
	$(PY) -m analysis analyse
notebooks: $(STAMP)
	$(PY) -m analysis notebooks
site: $(STAMP)
	$(PY) -m analysis site

# Add a program: make add FILE=~/Downloads/x.pdf MUNICIPALITY="Çankaya Belediyesi" YEAR=2022 [ARGS="--province Ankara"]
add: $(STAMP)
	@test -n "$(FILE)" -a -n "$(MUNICIPALITY)" -a -n "$(YEAR)" || { echo 'usage: make add FILE=path.pdf MUNICIPALITY="X Belediyesi" YEAR=2022 [ARGS="--province P --dry-run"]'; exit 2; }
	$(PY) -m analysis add "$(FILE)" --municipality "$(MUNICIPALITY)" --year "$(YEAR)" $(ARGS)

serve: $(STAMP)
	$(PY) -m http.server --bind 127.0.0.1 --directory _site 8000

# JupyterLab on notebooks/, opening on notebooks/00-start-here.ipynb. Offline-safe: no news feed, no update
# check, no extension manager fetching from the internet, listening on 127.0.0.1 only. As root (a container),
# JupyterLab refuses to start without --allow-root, so it is added when `id -u` is 0. LAB_ARGS adds options
# (e.g. `make lab LAB_ARGS=--no-browser`).
LAB_ARGS ?=
lab: $(STAMP)
	@if [ "$$(id -u)" = 0 ]; then root=--allow-root; else root=; fi; \
	exec $(VENV)/bin/jupyter lab $$root \
	  --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
	  --LabApp.default_url=/lab/tree/00-start-here.ipynb \
	  --LabApp.news_url=None --LabApp.extension_manager=readonly \
	  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate $(LAB_ARGS)

# Re-pin every dependency after editing pyproject.toml (needs uv in .venv).
lock: $(STAMP)
	$(PY) -m uv pip compile pyproject.toml --extra test -o requirements.lock --python-version 3.11 --no-header

clean:
	rm -rf data/extracted data/checked data/analysis data/programs.duckdb report/*/ report/*.ipynb report/_*.md _site .pytest_cache

distclean: clean
	rm -rf $(VENV)
