# Two commands do all the set-up on a fresh machine (see README):
#   make demo   set up, then score the bundled example letter
#   make test   set up, then run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test browser clean

setup: $(STAMP)

# The Dutch spaCy model is installed by name first (a local wheel index or the
# registry can serve it), and only then through spaCy's own download.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m pip install --quiet nl_core_news_sm || $(BIN)/python -m spacy download nl_core_news_sm
	touch $(STAMP)

demo: setup
	$(BIN)/evasion score examples/kamervragen_munitietekort.txt

# The HTML tests render pages in headless Chromium from Debian's package.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; the browser tests will fail"; \
	  else echo "warning: chromium is not installed (apt-get install chromium); the browser tests will fail"; fi; }

test: setup browser
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
