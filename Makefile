# valuekit: two commands for users (`make lab`, `make test`), the rest for the kit's makers.
# Needs only python3 (3.11+) and make. The environment lives in .venv and is
# created on first use: uv (installed from PyPI into the venv) when it works,
# plain pip otherwise; both install the exact versions in requirements.lock.
# Bytecode is compiled at install (pip does by default, uv with --compile-bytecode):
# otherwise every import compiles from source wherever PYTHONDONTWRITEBYTECODE is set
# (CI, read-only installs) and a workshop's first kernel start takes twice as long
# (benchmarks/widgets.md, "Bytecode").

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.valuekit-installed
EXTRAS ?= test
PYTEST_ARGS ?=

.PHONY: hub hub-install lab test env lint exercises data reports handouts bench lock clean help

help:
	@echo "make lab        open JupyterLab on the setup check (creates .venv if missing)"
	@echo "make lab LANG=zh  the same in Chinese (中文版: notebooks/zh, JupyterLab menus in Chinese)"
	@echo "make test       run every test: unit, notebooks, reports, browser"
	@echo "make lint       ruff"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make data       regenerate datasets/ from the default seed"
	@echo "make reports    one HTML report per sample team in out/reports"
	@echo "make handouts   each teaching notebook run and saved as offline HTML in out/handouts"
	@echo "make handouts LANG=zh  the same for the Chinese notebooks, in out/handouts/zh"
	@echo "make bench      run the benchmarks (installs the bench extras)"
	@echo "make hub        start the workshop server (JupyterHub) for a room, as root"
	@echo "make hub-install  install what the workshop server needs (JupyterHub, proxy, learners' env)"
	@echo "make lock       refresh requirements.lock from pyproject.toml"

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if $(BIN)/python -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1 \
	    && $(BIN)/python -m uv --version >/dev/null 2>&1; then \
	  echo "installing with uv"; \
	  $(BIN)/python -m uv pip install --compile-bytecode --python $(BIN)/python \
	    -c requirements.lock -e ".[$(EXTRAS)]"; \
	else \
	  echo "uv unavailable: installing with pip"; \
	  $(BIN)/python -m pip install --disable-pip-version-check -c requirements.lock -e ".[$(EXTRAS)]"; \
	fi
	@$(BIN)/python -m compileall -q lib >/dev/null
	@touch $(STAMP)

# Offline by design: no news feed, no update check, no PyPI extension manager.
LAB_FLAGS := --LabApp.news_url=None \
  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
  --LabApp.extension_manager=readonly \
  $(if $(filter 0,$(shell id -u)),--allow-root)

# Jupyter Server's root is the repository (not the opened file's folder, its default), so
# the file browser reaches notebooks/, exercises/ and solutions/ (their zh/ folders too);
# the setup check opens from there.
LAB_ROOT := --ServerApp.root_dir=.
# More options for JupyterLab, e.g. `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=

# `make lab LANG=zh`: the Chinese edition, with JupyterLab's menus in Chinese (the zh_CN
# language pack) from a settings folder of its own in .venv, so the English default and the
# user's own JupyterLab settings are untouched. Only the exact value `zh` switches: the
# system's LANG (en_US.UTF-8, C.UTF-8 ...) leaves the English kit.
# make puts a command-line LANG=zh into every recipe's environment, and `zh` is not a POSIX
# locale (setlocale fails in a kernel or a terminal): the processes get the user's own LANG
# back (GNU make up to 4.3 and BSD make run $(shell) in the original environment), or
# C.UTF-8 where that is lost too.
LAB_ZH_SETTINGS := $(VENV)/lab-settings-zh
ifeq ($(LANG),zh)
USER_LANG := $(filter-out zh,$(shell printenv LANG))
RUN_LANG := $(or $(USER_LANG),C.UTF-8)
lab: $(STAMP)
	@mkdir -p $(LAB_ZH_SETTINGS)/@jupyterlab/translation-extension
	@echo '{"locale": "zh_CN"}' > $(LAB_ZH_SETTINGS)/@jupyterlab/translation-extension/plugin.jupyterlab-settings
	LANG=$(RUN_LANG) VALUEKIT_LANG=zh $(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ROOT) \
	  --LabApp.user_settings_dir=$(LAB_ZH_SETTINGS) $(LAB_ARGS) notebooks/zh/00_setup_check.ipynb
else
lab: $(STAMP)
	$(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ROOT) $(LAB_ARGS) notebooks/00_setup_check.ipynb
endif

# The workshop server (docs/workshop_server.md). Run as root; the password comes from
# VALUEKIT_HUB_PASSWORD (made up and printed on loopback), trainers from ADMINS=name,name.
HUB_DIR    ?= /srv/valuekit-hub
HUB_PYTHON ?= /usr/bin/python3
HUB_ARGS   ?=
ADMINS     ?= $(VALUEKIT_HUB_ADMINS)

hub-install: $(STAMP)
	BIN=$(BIN) HUB_DIR=$(HUB_DIR) HUB_PYTHON=$(HUB_PYTHON) EXTRAS=$(EXTRAS) sh hub/install.sh

hub: hub-install
	VALUEKIT_HUB_ADMINS="$(ADMINS)" $(BIN)/valuekit hub --hub-dir $(HUB_DIR) $(HUB_ARGS)

test: $(STAMP)
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks

exercises: $(STAMP)
	$(BIN)/valuekit exercises build

data: $(STAMP)
	$(BIN)/valuekit data generate
	$(BIN)/python -m valuekit.data.dictionary

reports: $(STAMP)
	$(BIN)/valuekit report --team all --out out/reports

# `make handouts LANG=zh`: the Chinese teaching notebooks (notebooks/zh, those translated so
# far) in out/handouts/zh; only the exact value `zh` switches, as for `make lab`.
# (English first: tests/docs_blocks.py reads the first recipe of a target as `make handouts`'s)
ifneq ($(LANG),zh)
handouts: $(STAMP)
	$(BIN)/valuekit export notebooks/0*.ipynb --out out/handouts
else
handouts: $(STAMP)
	LANG=$(RUN_LANG) VALUEKIT_LANG=zh $(BIN)/valuekit export notebooks/zh/0*.ipynb --out out/handouts/zh
endif

bench: $(STAMP)
	$(BIN)/python -m uv pip install --compile-bytecode --python $(BIN)/python \
	  -c requirements.lock -e ".[test,bench]"
	$(BIN)/python benchmarks/run_all.py

# Refresh the pins: resolves pyproject.toml's ranges to today's newest versions.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra test --extra bench --extra hub \
	  --python-version 3.11 --universal -o requirements.lock

clean:
	rm -rf $(VENV) out .pytest_cache
