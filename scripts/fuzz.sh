#!/usr/bin/env bash
# Runs each fuzz target for $FUZZTIME (default 10m), one after another,
# and prints the executions each reached. New targets go in the list.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10m}
targets=(
	"./audit/identifier FuzzFromURL"
	"./audit/ripa FuzzRules"
	"./audit/ripa FuzzParsePolicy"
	"./audit FuzzReadJSONL"
	"./audit FuzzCanonicalDetail"
	"./capture/warc FuzzReader"
	"./capture/warc FuzzCDXJ"
	"./capture/warc FuzzResponseBlock"
	"./evidence/bundle FuzzVerifyBundle"
	"./evidence/pack FuzzVerifyPack"
)
for t in "${targets[@]}"; do
	read -r pkg name <<<"$t"
	echo "== $pkg $name ($FUZZTIME)"
	go test -tags ci -run '^$' -fuzz "^${name}\$" -fuzztime "$FUZZTIME" -fuzzminimizetime 5s "$pkg" 2>&1 | tail -4
done
