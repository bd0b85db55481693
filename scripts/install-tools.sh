#!/usr/bin/env bash
# Installs the independent WACZ/WARC readers the tests run, into
# the git-ignored .tools/ of this checkout, and only those missing or at
# another version:
#   .tools/npm/node_modules/warcio   Webrecorder's warcio.js (npm), CLI:
#                                    node .tools/npm/node_modules/warcio/dist/cli.js index FILE
#   .tools/bin/warc                  the `warc` CLI of github.com/internetarchive/gowarc:
#                                    .tools/bin/warc verify FILE
#   .tools/replaywebpage/            Webrecorder's ReplayWeb.page (ui.js, sw.js),
#                                    which replays bundles in the replay test
# None is a dependency of Sightline: `go install module@version` builds
# outside our module and leaves go.mod and go.sum alone.
# Quiet when everything is present; on failure prints why and exits non-zero.
set -euo pipefail

WARCIO_VERSION=2.4.11
GOWARC_VERSION=v0.8.101
GOWARC_MODULE=github.com/internetarchive/gowarc

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=$root/.tools
export PATH=$PATH:/usr/local/go/bin

die() { echo "install-tools: $*" >&2; exit 1; }

# run LOG CMD...: runs CMD with its output in LOG, shown only if it fails.
run() {
	local log=$1; shift
	if ! "$@" >"$log" 2>&1; then
		cat "$log" >&2
		die "failed: $*"
	fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- warcio.js -------------------------------------------------------------
command -v node >/dev/null || die "node is not on PATH; install Node.js 18 or newer (apt-get install nodejs npm)"
command -v npm >/dev/null || die "npm is not on PATH; install npm (apt-get install npm)"
warcio_pkg=$tools/npm/node_modules/warcio/package.json
have=$(node -p "require(process.argv[1]).version" "$warcio_pkg" 2>/dev/null || true)
if [ "$have" != "$WARCIO_VERSION" ]; then
	echo "install-tools: installing warcio $WARCIO_VERSION into .tools/npm"
	mkdir -p "$tools/npm"
	run "$tmp/npm.log" npm install --prefix "$tools/npm" --no-audit --no-fund --loglevel=error "warcio@$WARCIO_VERSION"
fi
got=$(node "$tools/npm/node_modules/warcio/dist/cli.js" --version 2>&1) ||
	die "warcio CLI does not run: $got"
[ "$got" = "$WARCIO_VERSION" ] || die "warcio CLI reports version $got, want $WARCIO_VERSION"

# --- gowarc ----------------------------------------------------------------
command -v go >/dev/null || die "go is not on PATH; install Go 1.26 or newer"
want_line=$(printf 'mod\t%s\t%s' "$GOWARC_MODULE" "$GOWARC_VERSION")
if ! go version -m "$tools/bin/warc" 2>/dev/null | grep -qF "$want_line"; then
	echo "install-tools: installing gowarc $GOWARC_VERSION warc CLI into .tools/bin"
	mkdir -p "$tools/bin"
	# Outside any module, so that nothing can touch Sightline's go.mod.
	cd "$tmp"
	modcache=$(go env GOMODCACHE)
	run "$tmp/download.log" env GOFLAGS= go mod download "$GOWARC_MODULE@$GOWARC_VERSION"
	# `go install m@v` looks up m's newest version to warn about deprecation;
	# the module proxy here refuses the version list of gowarc, so the
	# download cache answers first (it lists what was just downloaded) and
	# the configured proxy serves the rest.
	run "$tmp/install.log" env GOFLAGS= GOBIN="$tools/bin" \
		GOPROXY="file://$modcache/cache/download,$(go env GOPROXY)" \
		go install "$GOWARC_MODULE/cmd/warc@$GOWARC_VERSION"
	cd "$root"
	go version -m "$tools/bin/warc" | grep -qF "$want_line" ||
		die ".tools/bin/warc is not $GOWARC_MODULE $GOWARC_VERSION"
fi
"$tools/bin/warc" verify --help >/dev/null 2>&1 || die ".tools/bin/warc does not run"

# --- ReplayWeb.page --------------------------------------------------------
# The prebuilt package: a plain `npm install` of it fails on a dependency
# that cannot be resolved, but its ui.js and sw.js are self-contained.
RWP_VERSION=2.5.3
if [ "$(cat "$tools/replaywebpage/VERSION" 2>/dev/null)" != "$RWP_VERSION" ]; then
	echo "install-tools: fetching replaywebpage $RWP_VERSION into .tools/replaywebpage"
	rm -rf "$tools/replaywebpage"
	mkdir -p "$tools/replaywebpage"
	(cd "$tmp" && run "$tmp/pack.log" npm pack --silent "replaywebpage@$RWP_VERSION")
	tar -xzf "$tmp/replaywebpage-$RWP_VERSION.tgz" -C "$tools/replaywebpage" --strip-components=1 package/ui.js package/sw.js package/LICENSE
	echo "$RWP_VERSION" >"$tools/replaywebpage/VERSION"
fi
[ -s "$tools/replaywebpage/ui.js" ] && [ -s "$tools/replaywebpage/sw.js" ] || die "replaywebpage's ui.js or sw.js is missing"
