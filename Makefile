# CineChat: two commands on a fresh machine.
#   make run   installs, builds the catalog and index on first run (progress bar), starts the chat app
#   make test  installs (plus Debian Chromium for the browser tests), lints, runs every test
PORT ?= 8000
PY := .venv/bin/python

.PHONY: setup run build test lint bench eval

setup:
	@scripts/setup.sh

build: setup
	$(PY) cli.py build

run: setup
	@$(PY) -c "import config, sys; sys.exit(not config.get_settings().manifest_path.exists())" || \
		{ echo "First start: building the catalog and search index (once; later starts reuse it) ..."; $(PY) cli.py build; }
	@echo "Starting CineChat on http://localhost:$(PORT) (PORT=$(PORT); set PORT=... to change it) ..."
	.venv/bin/chainlit run chat_app.py --headless --port $(PORT)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

test: setup
	@scripts/setup-browser.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	env -u CI .venv/bin/pytest -q

bench: setup
	$(PY) cli.py bench

eval: setup
	$(PY) cli.py eval
