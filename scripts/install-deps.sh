#!/usr/bin/env bash
# Installs the Debian packages Sightline needs, and only those missing.
#   scripts/install-deps.sh run    what building and running the app needs
#   scripts/install-deps.sh test   that, plus what the test suite needs
# Uses sudo when not root. Does nothing when everything is present.
set -euo pipefail

mode=${1:-run}
run_pkgs=(chromium fonts-noto-core fonts-noto-cjk fonts-noto-mono gcc pkg-config libgl1-mesa-dev xorg-dev libwayland-dev libxkbcommon-dev)
test_pkgs=(xvfb xauth x11-utils xdotool imagemagick dbus dbus-x11 gnome-keyring sqlite3 unzip poppler-utils openssl python3 postgresql)

case "$mode" in
run) want=("${run_pkgs[@]}") ;;
test) want=("${run_pkgs[@]}" "${test_pkgs[@]}") ;;
*) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

# Node.js and npm run the independent WACZ/WARC readers (scripts/install-tools.sh).
# A machine may have them from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's npm package), so look for the commands, not packages.
if [ "$mode" = test ] && ! command -v npm >/dev/null; then
	want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if ((${#missing[@]})); then
	sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
		sudo=sudo
	fi
	echo "install-deps: installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null; then
	echo "install-deps: Go is not on PATH; install Go 1.26 or newer from https://go.dev/dl/ (or /usr/local/go/bin)" >&2
	exit 1
fi
