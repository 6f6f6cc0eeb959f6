#!/usr/bin/env bash
# Builds the libFuzzer binary (Tests/Fuzz/FuzzTargets.swift with the Envelope and Contracts sources, in
# one module, instrumented with -sanitize=fuzzer) into $1 (default .build/fuzz/whistle-fuzz).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-.build/fuzz/whistle-fuzz}
work=$(dirname "$out")/sources
rm -rf "$work" && mkdir -p "$work"
for file in Shared/Envelope/*.swift $(find Shared/Contracts -name '*.swift'); do
    # One module: the Contracts sources import Envelope, which is now the same module.
    sed -E 's/^(public )?import Envelope$//' "$file" > "$work/$(echo "$file" | tr '/' '_')"
done
cp Tests/Fuzz/FuzzTargets.swift "$work/"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name WhistleFuzz -package-name whistle "$work"/*.swift -o "$out"
echo "built $out"
