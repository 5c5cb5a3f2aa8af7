# One ML-prediction service, built twice (and its API a third time, in FastAPI). `make` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MODEL := shared_model/artifacts/iris_model.skops
STAMP := $(VENV)/.installed
LOCK := requirements.lock
SETUP_LOG := var/setup.log
# Each step of `make setup` prints one line and its time; pip's output goes to $(SETUP_LOG).
STEP := sh tools/step.sh $(SETUP_LOG)

.DEFAULT_GOAL := help
.PHONY: help setup model lock test bench lint format clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: $(STAMP) $(MODEL) ## create .venv, install the locked dependencies, train the model if missing

# Installs exactly what requirements.lock pins, every package checked against its hash; the
# lock is refused first if pyproject.toml declares a dependency it does not pin.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) tools/lock_check.py pyproject.toml $(LOCK)
	@mkdir -p $(dir $(SETUP_LOG)) && : >$(SETUP_LOG)
	@echo "Setting up $(VENV) (the first run takes about 2 minutes; pip's output: $(SETUP_LOG))"
	@test -d $(VENV) || $(STEP) "creating the virtualenv $(VENV)" $(PYTHON) -m venv $(VENV)
	@$(STEP) "installing the locked dependencies from $(LOCK), hashes checked" \
		$(BIN)/pip install --require-hashes -r $(LOCK)
	@$(STEP) "installing this project (editable)" $(BIN)/pip install --no-deps -e .
	@touch $(STAMP)

$(MODEL): | $(STAMP)
	@$(STEP) "training the model into $(dir $(MODEL))" $(BIN)/python -m shared_model train

model: $(STAMP) ## retrain the model (deterministic: the same version every time)
	$(BIN)/python -m shared_model train

lock: ## refresh requirements.lock from pyproject.toml (all dependencies pinned, with hashes)
	@test -x $(BIN)/uv || { test -d $(VENV) || $(PYTHON) -m venv $(VENV); \
		$(BIN)/pip install --quiet "$$(grep -o '"uv==[^"]*"' pyproject.toml | tr -d '"')"; }
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --custom-compile-command 'make lock' --quiet -o $(LOCK)
	@$(PYTHON) tools/lock_check.py pyproject.toml $(LOCK) && echo "$(LOCK) is up to date"

# When this make began (sub-makes inherit it): tools/ready.py counts from here.
ifndef RUN_STARTED
export RUN_STARTED := $(shell date +%s)
endif

.PHONY: run-django
run-django: PORT ?= 8000
run-django: export DEBUG := 1
run-django: setup ## run the Django app with the demo data on port PORT (default 8000), DEBUG on
	$(BIN)/python django_app/manage.py migrate --no-input
	$(BIN)/python django_app/manage.py seed_demo
	@# tools/ready.py says when the first page answers; exec keeps the server its parent.
	@$(BIN)/python tools/ready.py "The Django app" http://127.0.0.1:$(PORT)/ $(RUN_STARTED) & \
	exec $(BIN)/python django_app/manage.py runserver $(PORT)

.PHONY: run-flask
run-flask: PORT ?= 5000
run-flask: export DEBUG := 1
run-flask: setup ## run the Flask app with the demo data on port PORT (default 5000), DEBUG on
	$(BIN)/flask --app flask_app db upgrade
	$(BIN)/flask --app flask_app seed-demo
	@$(BIN)/python tools/ready.py "The Flask app" http://127.0.0.1:$(PORT)/ $(RUN_STARTED) & \
	exec $(BIN)/flask --app flask_app.wsgi run --debug --port $(PORT)

.PHONY: run-fastapi
run-fastapi: PORT ?= 8001
run-fastapi: export DEBUG := 1
run-fastapi: setup ## run the FastAPI app (the API alone) with the demo data on port PORT (default 8001), DEBUG on
	$(BIN)/python -m fastapi_app migrate
	$(BIN)/python -m fastapi_app seed-demo
	@$(BIN)/python tools/ready.py "The FastAPI app" http://127.0.0.1:$(PORT)/api/v1/docs $(RUN_STARTED) & \
	exec $(BIN)/uvicorn --factory fastapi_app:create_app --reload --port $(PORT)

.PHONY: run
run: DJANGO_PORT ?= 8000
run: FLASK_PORT ?= 5000
run: FASTAPI_PORT ?= 8001
run: setup ## run the three apps side by side: Django on port 8000, Flask on 5000, FastAPI on 8001; Ctrl-C stops all
	@$(BIN)/python -c 'from shared_model.demo import DEMO_PASSWORD, DEMO_USERNAME; \
		print("Starting Django on http://127.0.0.1:$(DJANGO_PORT)/, Flask on", \
		"http://127.0.0.1:$(FLASK_PORT)/ and the FastAPI API on", \
		"http://127.0.0.1:$(FASTAPI_PORT)/api/v1/docs; each says when it is ready.", \
		f"Demo login (staff): {DEMO_USERNAME} / {DEMO_PASSWORD}. Ctrl-C stops all three.")'
	@# Each app in its own process group (set -m), so that one Ctrl-C stops all of each.
	@set -m; \
	$(MAKE) --no-print-directory run-django PORT=$(DJANGO_PORT) & django=$$!; \
	$(MAKE) --no-print-directory run-flask PORT=$(FLASK_PORT) & flask=$$!; \
	$(MAKE) --no-print-directory run-fastapi PORT=$(FASTAPI_PORT) & fastapi=$$!; \
	trap 'kill -INT -$$django -$$flask -$$fastapi 2>/dev/null; wait; exit 0' INT TERM; \
	wait

.PHONY: serve-django serve-flask serve-fastapi
# PORT is passed on by hand (make stops exporting a variable that any target sets); `exec`
# makes the script the child that make sends SIGTERM to.
serve-django: PORT ?= 8000
serve-django: setup ## production run: nginx, then gunicorn, DEBUG off (PORT, SECRET_KEY, DATABASE_URL, ...)
	PORT=$(PORT) exec $(BIN)/python deploy/serve.py django

serve-flask: PORT ?= 5000
serve-flask: setup ## production run of the Flask app, the same way (default PORT 5000)
	PORT=$(PORT) exec $(BIN)/python deploy/serve.py flask

serve-fastapi: PORT ?= 8001
serve-fastapi: setup ## production run of the FastAPI app: nginx, then gunicorn with uvicorn's workers (default PORT 8001)
	PORT=$(PORT) exec $(BIN)/python deploy/serve.py fastapi

# Lighthouse from npm, at this version, in a folder of its own (12.x: 13 wants Node 22).
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE_DIR := var/lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_DIR)/node_modules/.bin/lighthouse
LIGHTHOUSE_STAMP := $(LIGHTHOUSE_DIR)/.installed-$(LIGHTHOUSE_VERSION)

$(LIGHTHOUSE_STAMP):
	@command -v npm >/dev/null || { echo "make lighthouse needs Node.js and npm: apt-get install nodejs npm"; exit 1; }
	npm install --prefix $(LIGHTHOUSE_DIR) --no-audit --no-fund --save-exact lighthouse@$(LIGHTHOUSE_VERSION)
	@touch $@

.PHONY: lighthouse
lighthouse: setup browser $(LIGHTHOUSE_STAMP) ## Lighthouse's four scores for 4 pages of both apps under gunicorn (minutes; not in make test)
	$(BIN)/python -m tools.lighthouse $(LIGHTHOUSE)

.PHONY: browser doctor
browser: $(STAMP) ## find Chromium for the browser tests, or get it (Playwright's download, else apt as root)
	@$(BIN)/python -m tools.browser

doctor: ## what the project needs, what this machine has, and the command that fixes each gap
	@$(PYTHON) -m tools.doctor

test: setup browser ## run every test (SQLite; the app tests again on PostgreSQL when TEST_POSTGRES_URL is set)
	$(BIN)/pytest
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== app tests on PostgreSQL"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest tests/django_app tests/flask_app tests/fastapi_app; \
	fi

bench: setup ## the three apps vs a framework-free baseline under wrk, SQLite and PostgreSQL and a 1000-row upload (QUICK=1: one short round; needs wrk)
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk"; exit 1; }
	$(BIN)/python -m benchmarks.model $(if $(QUICK),--quick)
	$(BIN)/python -m benchmarks.http $(if $(QUICK),--quick)
	$(BIN)/python -m benchmarks.upload $(if $(QUICK),--runs 3)

.PHONY: where-time-goes
where-time-goes: setup ## a predict request's cost split into framework, auth, validation, model, database, JSON
	$(BIN)/python -m benchmarks.where_time_goes

.PHONY: bench-client
bench-client: setup ## the example client on a big CSV file against each app served for production: rows/s and memory (ROWS=1000000, RUNS=3)
	$(BIN)/python -m benchmarks.client --rows $(or $(ROWS),1000000) --runs $(or $(RUNS),3)

.PHONY: soak
soak: setup ## both apps under mixed traffic for 10 minutes (QUICK=1: 30 s): errors, rows, memory
	$(BIN)/python -m benchmarks.soak

.PHONY: screenshots
screenshots: setup ## save PNGs of both apps' main pages and the compare page in docs/screenshots/ (needs chromium)
	$(BIN)/python -m tests.e2e.screenshots
	$(BIN)/python -m tools.compare page
	$(BIN)/python -m tools.compare.screenshot

.PHONY: compare diff
compare: setup ## everything generated: docs/compare/ (a page per concept, index.html) and the tables in README.md and docs/
	$(BIN)/python -m tools.compare page

diff: $(STAMP) ## one concept's Django and Flask files side by side: make diff CONCEPT=forms
	@$(BIN)/python -m tools.compare diff $(CONCEPT)

# A command of one app on its local database (var/), DEBUG on as in `make run-*`, the database
# migrated first: what a command needs that a fresh clone does not have yet.
.PHONY: django flask makemigrations db-migrate
django: export DEBUG := 1
django: setup ## a Django command on the local database: make django CMD="prediction_stats --user demo"
	@$(BIN)/python django_app/manage.py migrate --no-input --verbosity 0
	@$(BIN)/python django_app/manage.py $(CMD)

flask: export DEBUG := 1
flask: setup ## a Flask command on the local database: make flask CMD="prediction-stats --user demo"
	@$(BIN)/flask --app flask_app db upgrade
	@$(BIN)/flask --app flask_app $(CMD)

makemigrations: export DEBUG := 1
makemigrations: setup ## Django: write the migration of a model change (django_app/predictions/migrations/)
	$(BIN)/python django_app/manage.py makemigrations predictions

db-migrate: export DEBUG := 1
db-migrate: setup ## Flask: draft the Alembic migration of a model change: make db-migrate M="prediction notes"
	@test -n "$(M)" || { echo 'Say what changed: make db-migrate M="prediction notes"'; exit 2; }
	@$(BIN)/flask --app flask_app db upgrade
	$(BIN)/flask --app flask_app db migrate -m "$(M)"

# The learner's commands print one line per unmet requirement, then the next step
# (workshop/run.py). --exit-zero: a check that says what is missing has done its job, so make
# adds no `Error 1` after its lines.
WORKSHOP_RUN := $(BIN)/python -m workshop.run --exit-zero
.PHONY: workshop workshop-check workshop-done workshop-watch workshop-verify
workshop: setup ## where you stand: every workshop exercise and framework, done or what is next
	@$(WORKSHOP_RUN) overview

workshop-check: setup ## check a workshop exercise: make workshop-check N=01 APP=django|flask (04 also APP=fastapi)
	@$(WORKSHOP_RUN) check "$(N)" "$(APP)"

workshop-done: setup ## an exercise's check, then the project's tests it touches: make workshop-done N=07 APP=flask
	@$(WORKSHOP_RUN) done "$(N)" "$(APP)"

workshop-watch: setup ## an exercise's check again whenever a file changes: make workshop-watch N=07 APP=flask
	@$(WORKSHOP_RUN) watch "$(N)" "$(APP)"

workshop-verify: setup ## every workshop check fails on the code as it is, rejects wrong solutions and passes with its own
	$(BIN)/python workshop/verify.py

lint: $(STAMP) ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## remove the virtualenv, caches, databases and the trained model
	rm -rf $(VENV) var .pytest_cache .ruff_cache shared_model/artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
