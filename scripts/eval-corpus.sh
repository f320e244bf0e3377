#!/usr/bin/env bash
# Scores the extraction engine on the shared corpus through the real CLI (`policytracker extract FILE`):
# one report per gazette, then the pooled figures over all of them.
# Usage: scripts/eval-corpus.sh [SHARED_DIR] [--misses N]   (SHARED_DIR defaults to /work/shared)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${1:-/work/shared}"
shift || true
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

dotnet build "$repo/src/PolicyTracker.Cli" -c Release -v quiet -nologo >/dev/null
pairs=()
for src in "$shared"/corpus/*.txt; do
  name="$(basename "$src" .txt)"
  gold="$shared/gold/$name.json"
  [[ -f "$gold" ]] || continue
  dotnet run --no-build --project "$repo/src/PolicyTracker.Cli" -c Release -- extract "$src" > "$out/$name.json"
  echo "== $name"
  python3 "$shared/tools/eval_extraction.py" "$gold" "$out/$name.json" "$@"
  pairs+=("$gold" "$out/$name.json")
done
echo "== pooled"
python3 "$shared/tools/eval_extraction.py" "${pairs[@]}" "$@"
