# Two commands: `make run` starts the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export KETENZICHT_DEBUG ?= 1

.PHONY: run test install lint-api bench messages clean

$(BIN)/ketenzicht: pyproject.toml
	@# the monitor PDF (WeasyPrint) loads Pango when the product starts: installed from Debian where missing
	@ldconfig -p | grep -q libpangoft2-1.0 || { command -v apt-get >/dev/null && apt-get update -qq && \
	  apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; } || \
	  { echo "Ketenzicht needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(BIN)/ketenzicht

install: $(BIN)/ketenzicht

run: install
	mkdir -p var
	$(BIN)/ketenzicht migrate --noinput
	$(BIN)/ketenzicht load_demo
	@echo "Ketenzicht draait op http://127.0.0.1:8000 (Ctrl+C om te stoppen)"
	$(BIN)/ketenzicht runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

messages: install
	cd src/ketenzicht && ../../$(BIN)/ketenzicht makemessages -l en --no-obsolete
	msgfmt --check -o src/ketenzicht/locale/en/LC_MESSAGES/django.mo src/ketenzicht/locale/en/LC_MESSAGES/django.po

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
