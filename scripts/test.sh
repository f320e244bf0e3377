#!/usr/bin/env bash
# Runs every test for real on a fresh Debian machine with the .NET 10 SDK: installs what the tests need first
# (Chromium for the browser tests, PostgreSQL for the second pass), then the whole solution's tests, then prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x scripts/install-test-deps.sh ]; then scripts/install-test-deps.sh; fi
results="$(mktemp -d)"
status=0
dotnet test PolicyTracker.sln -c Release --logger "trx" --results-directory "$results" || status=$?
# The integration suite again on PostgreSQL (a throwaway cluster); browser tests ran above on the default.
scripts/with-postgres.sh dotnet test tests/PolicyTracker.Web.Tests -c Release --no-build \
  --logger "trx;LogFilePrefix=postgres" --results-directory "$results" || status=$?
python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    passed += int(counters.get("passed", 0)); failed += int(counters.get("failed", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
rm -rf "$results"
exit $status
