# Wushe Desk. `make run` and `make test` bootstrap everything they need.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PYBABEL := $(VENV)/bin/pybabel
STAMP  := $(VENV)/.installed
LOCALES := zh_CN en
PO     := $(foreach l,$(LOCALES),i18n/$(l)/LC_MESSAGES/messages.po)
MO     := $(PO:.po=.mo)
PYTEST := QT_QPA_PLATFORM=offscreen $(PY) -m pytest

.PHONY: run test test-slow bench i18n catalogs installer system-deps clean

run: system-deps $(STAMP) $(MO)
	$(VENV)/bin/wushe

test: $(STAMP) $(MO)
	$(PYTEST) -n 2 -m "not slow and not bench" -q

test-slow: $(STAMP) $(MO)
	$(PYTEST) -m slow -q

bench: $(STAMP) $(MO)
	$(PYTEST) tests/benchmarks -m bench -q -s -p no:xdist

system-deps:
	@tools/system-deps gui

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Compiled catalogs are built from the .po files, never edited or committed.
i18n/%/LC_MESSAGES/messages.mo: i18n/%/LC_MESSAGES/messages.po $(STAMP)
	$(PYBABEL) compile -l $* -i $< -o $@

catalogs: $(MO)

# Extract every marked string, merge it into both catalogs, then compile.
i18n: $(STAMP)
	$(PYBABEL) extract -F babel.cfg -k N_ -k ngettext:1,2 --no-wrap --no-location --sort-output \
		--project "Wushe Desk" --copyright-holder "Wushe Desk developers" -o i18n/messages.pot .
	$(PYBABEL) update --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date -i i18n/messages.pot -d i18n -D messages
	$(PY) tools/i18n_fill_en.py i18n/en/LC_MESSAGES/messages.po
	$(MAKE) catalogs

installer: $(STAMP) $(MO)
	$(PY) -m pip install -q -e '.[installer]'
	$(VENV)/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build installer/wushe.spec
	installer/smoke-test dist/wushe

clean:
	rm -rf build dist $(MO)
