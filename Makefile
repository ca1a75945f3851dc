# Kulturschatz Merseburg — `make run` serves the demo archive, `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

.PHONY: run setup test lint messages clean browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# Viewers (Mirador, OpenSeadragon) from the npm registry, pinned by the lockfile.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium (Playwright never downloads a browser);
# the deployment tests run the example nginx configuration in a real nginx.
browser:
	@command -v chromium >/dev/null && test -x /usr/sbin/nginx || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium nginx >/dev/null; }

setup: $(VENV)/.installed node_modules/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py loaddemo
	$(BIN)/python manage.py build_derivatives --missing
	$(BIN)/python manage.py rebuild_search_index
	$(BIN)/python manage.py ensure_admin

# The task queue's consumer (image derivatives) runs beside gunicorn and stops
# with it.
run: setup
	@echo "Serving Kulturschatz Merseburg on http://$(HOST):$(PORT)/"
	$(BIN)/python manage.py run_huey --quiet & consumer=$$!; \
	trap 'kill $$consumer 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn kulturschatz.wsgi:application --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --threads 4 --worker-class gthread --timeout 120 \
		--forwarded-allow-ips 127.0.0.1

test: $(VENV)/.installed-dev node_modules/.installed browser
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages --locale de --locale en --ignore '.venv/*' --ignore 'tests/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var staticfiles media/masters media/derivatives
