#!/usr/bin/env bash
# Installs what the browser tests (tests/PolicyTracker.Ui.Tests) need from Debian: Chromium, its driver and a
# Chinese font (without one every label renders as boxes in the screenshots). Idempotent: installs only what is
# missing. Needs root (or sudo). Playwright's own browser download is never used.
set -euo pipefail

packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || packages+=(fonts-noto-cjk)

if [ ${#packages[@]} -eq 0 ]; then
  echo "install-test-deps: chromium and a CJK font are already installed"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-test-deps: run as root (needs apt-get install ${packages[*]})" >&2; exit 1; }
  sudo_cmd=(sudo)
fi

echo "install-test-deps: installing ${packages[*]}"
"${sudo_cmd[@]}" apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"
[ -x /usr/bin/chromium ] || { echo "install-test-deps: /usr/bin/chromium still missing after install" >&2; exit 1; }
