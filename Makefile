# torchplay: `make run` serves the app, `make test` runs the whole suite.
# Both set up what they need first (venv, requirements, MNIST, default models),
# and each step is skipped when its result is already there.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

PYTHON ?= python3
PORT ?= 8501
# localhost keeps the app on this laptop; ADDRESS=0.0.0.0 shares it on the LAN.
ADDRESS ?= localhost
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
REDIS := /usr/bin/redis-server

VENV := .venv
PY := $(VENV)/bin/python

# Stamps: make compares their dates with the inputs, so a step reruns only when
# a requirements file is newer than its stamp.
REQS_STAMP := $(VENV)/.requirements.stamp
DEV_STAMP := $(VENV)/.requirements-dev.stamp
PLOTLY_JS := static/plotly.min.js

.PHONY: run test bench gpu-check clean setup setup-dev data models serve-replicas loadtest

# Models an earlier version saved "for everyone" as files; `make run` takes them into the store's shared list once.
LEGACY_MODELS := $(or $(TORCHPLAY_MODELS),models)/user

# ui.warmup has the fresh server run app.py once, so the first deep link opened works (see its docstring).
run: setup
	@if ls "$(LEGACY_MODELS)"/*.pt >/dev/null 2>&1; then $(PY) -m core.saved_models import-legacy; fi
	@$(PY) -m ui.warmup $(PORT) >/dev/null 2>&1 &
	$(PY) -m streamlit run app.py \
		--server.headless true \
		--server.port $(PORT) \
		--server.address $(ADDRESS) \
		--server.scriptHealthCheckEnabled true \
		--server.fileWatcherType none \
		--browser.gatherUsageStats false

# Unit, AppTest and Playwright tests: everything not marked slow (see pytest.ini).
# pytest's exit status is make's: zero collected tests (status 5) fails too.
test: setup setup-dev $(CHROMIUM) $(NGINX) $(REDIS)
	$(PY) -m pytest

# A class larger than one process holds: N app processes behind nginx on PORT, sticky per browser, sharing
# the class boards in a local redis-server (README, "Running it for a class"). Ctrl-C stops them all.
serve-replicas: N ?= 2
serve-replicas: setup $(NGINX) $(REDIS)
	$(PY) -m deploy.replicas $(N) --port $(PORT) --address $(ADDRESS)

# N headless Chromium students train at once against a fresh server (REPLICAS=0) or
# REPLICAS app processes behind nginx; prints peak memory, time, errors, threads (not in `make test`).
# CLASS=1: they join one class first, and every finished run must reach its board once.
loadtest: N ?= 10
loadtest: REPLICAS ?= 0
loadtest: CLASS ?= 0
loadtest: setup setup-dev $(CHROMIUM) $(NGINX) $(REDIS)
	$(PY) -m loadtest.classroom --sessions $(N) --replicas $(REPLICAS) $(if $(filter 1,$(CLASS)),--class)

# Each bench/bench_*.py is a standalone script, run from the repo root; each writes bench/results/<name>.json,
# and bench/results.py prints one table of them against the targets. About 20-23 minutes on 2 idle cores
# (bench_course_cnn alone trains 10 x 10 epochs at one thread, about 13 minutes), plus bench_advanced_cnn's
# three MNIST epochs (about 45 s).
# The browser benchmarks need Playwright (dev requirements) and Chromium, like the tests.
bench: setup setup-dev $(CHROMIUM)
	@for script in $$(find bench -maxdepth 1 -name 'bench_*.py' | sort); do \
		module="$${script%.py}"; \
		echo "== $$module"; \
		$(PY) -m "$${module//\//.}"; \
	done
	@echo "== summary (bench/results/*.json)"
	@$(PY) -m bench.results

# The CUDA path on a real GPU (issue 20, a few minutes): CUDA-marked tests, the MNIST MLP eager / CUDA graph /
# course pipeline, the /draw models and the home page on the GPU. Without CUDA it says so in one line and exits 0.
gpu-check: setup setup-dev
	$(PY) -m bench.gpu_check

# Caches only: the venv, datasets and default models stay.
clean:
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
	rm -rf .pytest_cache test-artifacts

setup: $(REQS_STAMP) data models $(PLOTLY_JS)

setup-dev: $(DEV_STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(REQS_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $@

$(DEV_STAMP): requirements-dev.txt $(REQS_STAMP)
	$(PY) -m pip install -r requirements-dev.txt
	touch $@

# plotly.js for the charts that move in place (ui/live_plot.py), which Streamlit serves from static/ at /app/static/:
# copied from the installed plotly package (again when requirements change), never fetched.
$(PLOTLY_JS): $(REQS_STAMP)
	mkdir -p $(@D)
	cp "$$($(PY) -c 'import pathlib, plotly; print(pathlib.Path(plotly.__file__).parent / "package_data" / "plotly.min.js")')" $@

# Both run every time (about 2 s each when all is there): `fetch` re-checks every MNIST file's
# MD5 and fetches what is missing or corrupt; `ensure` loads each default checkpoint and
# rebuilds any that is missing, corrupt, from another recipe or from training code that has
# changed since (core/defaults/recipes.py, SOURCES); `record` (bench: core never
# imports it) scores them on the drawn-digit tuning set for /draw's panel, once per checkpoint.
data: $(REQS_STAMP)
	$(PY) -m core.data fetch

models: data
	$(PY) -m core.defaults ensure
	$(PY) -m bench.handwriting record

# Debian packages for the browser, replica and class-store tests: apt-get installs them as root, else a clear message.
define debian_package
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); \
	else \
		echo "$(2) need $(1) at $@." >&2; \
		echo "Install Debian's package as root: apt-get install $(1)" >&2; \
		exit 1; \
	fi
endef

$(NGINX):
	$(call debian_package,nginx,make serve-replicas and the replica tests)

$(CHROMIUM):
	$(call debian_package,chromium,The browser tests)

$(REDIS):
	$(call debian_package,redis-server,The class store tests (core.store on Redis))
