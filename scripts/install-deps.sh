#!/bin/sh
# Install the Debian packages pepkit needs to build, test and benchmark.
# Safe to re-run: it asks dpkg what is missing and installs only that.
# Usage: scripts/install-deps.sh [--check]   (--check: list what is missing, install nothing)
set -eu

PACKAGES="
gcc make pkg-config
libxml2-dev libxslt1-dev libzip-dev libhpdf-dev libcsv-dev libicu-dev
fonts-dejavu-core
qpdf poppler-utils libxml2-utils xsltproc
python3 python3-docx libreoffice-writer-nogui
time valgrind strace unzip zip man-db
libssl-dev openssl libcurl4-openssl-dev libsqlite3-dev sqlite3
libharfbuzz-dev libharfbuzz-bin libfribidi-dev libdeflate-dev
fonts-noto-core fonts-noto-ui-core icc-profiles-free python3-fonttools
python3-aiosmtpd apache2 curl chromium nodejs
clang libclang-rt-14-dev
libmimalloc-dev
"

missing=""
for p in $PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

# npm: the machine image's Node.js (nodesource) bundles it; Debian's npm package is only for a
# Debian nodejs, with which it would conflict.
command -v npm >/dev/null 2>&1 || missing="$missing npm"

# npm packages for the browser tests (tests/node: puppeteer-core driving Debian's chromium,
# axe-core), pinned by tests/node/package-lock.json; installed after the Debian packages.
npm_tests() {
	[ -d tests/node/node_modules/puppeteer-core ] && [ -d tests/node/node_modules/axe-core ] && return 0
	[ "${1:-}" = "--check" ] && { echo "missing: tests/node/node_modules (npm ci)"; return 1; }
	echo "install-deps: npm ci in tests/node" >&2
	(cd tests/node && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
cd "$(dirname "$0")/.."

if [ -z "$missing" ]; then
	npm_tests "${1:-}"
	exit $?
fi
if [ "${1:-}" = "--check" ]; then
	echo "missing:$missing"
	exit 1
fi

echo "install-deps: installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: error: not root and no sudo; run as root: apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
npm_tests
echo "install-deps: done" >&2
