#!/usr/bin/env bash
# A core-only install of policykg, every core dependency at the lowest version pyproject.toml allows,
# in a fresh virtual environment outside the repository. It must build, validate and query the sample,
# and each command that needs an extra must say which one in one line, with a non-zero exit code.
#
#   bash scripts/check_core_install.sh            # in a temporary directory
#   WORK=/tmp/core bash scripts/check_core_install.sh   # keep the venv (a second run reuses it)
#
# .ci/run runs it after the test suite (pip's cache keeps the second run short).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
cd "$WORK"

# name==lower for every core dependency (the extras are left out on purpose).
"$PY" - "$ROOT/pyproject.toml" > lowest.txt <<'PYCODE'
import re, sys, tomllib
deps = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
for dep in deps:
    m = re.match(r"^([A-Za-z0-9_.-]+)\s*.*?>=\s*([^,;\s]+)", dep)
    if not m:
        sys.exit(f"no lower bound in {dep!r}")
    print(f"{m.group(1)}=={m.group(2)}")
PYCODE
echo "core at its lower bounds: $(tr '\n' ' ' < lowest.txt)"

[ -x venv/bin/python ] || "$PY" -m venv venv
venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
venv/bin/python -m pip install -q -c lowest.txt "$ROOT"
# Exactly the lower bounds, and no package of an extra.
venv/bin/python - lowest.txt <<'PYCODE' || exit 1
import sys
from importlib.metadata import PackageNotFoundError, version

def norm(v):  # 0.2 == 0.2.0
    parts = v.split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)

for line in open(sys.argv[1]):
    name, _, lower = line.strip().partition("==")
    got = version(name)
    if norm(got) != norm(lower):
        sys.exit(f"check_core_install: {name} {got} installed, not the lower bound {lower}")
for extra in ("pandas", "matplotlib", "numpy", "scipy", "openpyxl", "python-docx", "pdfplumber", "owlready2",
              "oxigraph", "dask", "pylode"):
    try:
        sys.exit(f"check_core_install: {extra} {version(extra)} came with the core install")
    except PackageNotFoundError:
        pass
PYCODE
PK=venv/bin/policykg

fail() { echo "check_core_install: $*" >&2; exit 1; }

# Build (validates), query, validate.
$PK build --sample -o out > build.txt || fail "build --sample failed: $(cat build.txt)"
grep -Eq '^valid +yes' build.txt || fail "the sample did not validate: $(cat build.txt)"
$PK validate --data out/kg.ttl > /dev/null || fail "validate failed"
$PK query tasks-led-by-agency --data out/kg.ttl > query.txt || fail "query failed"
grep -q '区法院\|rows)' query.txt || fail "the query printed no rows: $(cat query.txt)"

# Each of these needs an extra: one line naming it, non-zero exit, no traceback.
printf 'PK\003\004' > some.docx
expect_extra() {
  local extra=$1; shift
  set +e
  "$PK" "$@" > stdout.txt 2> stderr.txt
  local code=$?
  set -e
  [ "$code" -ne 0 ] || fail "policykg $* exited 0 without the [$extra] extra"
  [ "$(wc -l < stderr.txt)" -eq 1 ] || fail "policykg $* printed more than one line: $(cat stderr.txt)"
  grep -q "pip install 'policykg\[$extra\]'" stderr.txt || fail "policykg $* did not name [$extra]: $(cat stderr.txt)"
  echo "ok: policykg $* -> exit $code: $(cat stderr.txt)"
}
expect_extra analysis metrics --data out/kg.ttl
expect_extra reasoning reason --data out/kg.ttl
expect_extra analysis graph --data out/kg.ttl -o x.png
expect_extra docx extract some.docx
echo "check_core_install: the core install at its lower bounds builds, validates and queries the sample"
