#!/usr/bin/env bash
# Install Debian's chromium for the headless-browser report test, unless a chromium is already on
# PATH. Idempotent; needs root (or passwordless sudo). Skips quietly when it cannot install, so the
# browser test reports itself as skipped instead of the whole test target failing.
set -euo pipefail

for exe in chromium chromium-browser google-chrome; do
    if command -v "$exe" >/dev/null 2>&1; then
        exit 0
    fi
done

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "install-browser: chromium missing and not root; the browser test will be skipped" >&2
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
command -v chromium >/dev/null
