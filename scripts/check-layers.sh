#!/usr/bin/env bash
# The layers, held by the compiler: each service's domain target builds on its declared dependencies alone
# (Contracts, CityModel, Timekeeping), and a domain file that imports a store, socket or service module
# does not build. A probe file is dropped into each domain folder, built, and always removed.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
check=(--explicit-target-dependency-import-check error)
status=0
probe=""
trap '[ -n "$probe" ] && rm -f "$probe"' EXIT

# Every target imports only what it declares (the domains: Contracts, CityModel, Timekeeping and what they stand on).
if ! out=$($SWIFT build "${check[@]}" 2>&1); then
  echo "FAIL: a target imports what it does not declare:"; echo "$out" | grep -E "error" | head -5; status=1
fi

# A probe per domain: importing the store's module fails; and in one domain, each of the others too; and reading
# Foundation's clock (`Date()`, `Date.now`: the domain's ClockFence makes them not build).
probe_build() {  # service, name, contents, the error it must fail with
  probe="Services/$1/Library/Domain/LayerProbe$2.swift"
  printf '%b\n' "$3" > "$probe"
  out=$($SWIFT build --target "Whistle$1Domain" "${check[@]}" 2>&1)
  built=$?
  rm -f "$probe"; probe=""
  if [ $built -eq 0 ]; then
    echo "FAIL: a $1 domain file with '$3' built"; status=1
  elif ! echo "$out" | grep -q "$4"; then
    echo "FAIL: a $1 domain file with '$3' failed for another reason:"; echo "$out" | grep error | head -3; status=1
  fi
}
for probe_case in Intake:GRDB Mediation:GRDB Notification:GRDB Console:GRDB Dispatch:GRDB Dispatch:ZeroMQ Dispatch:Messaging Dispatch:ServiceKit Dispatch:StoreKit; do
  module=${probe_case##*:}
  probe_build "${probe_case%%:*}" "$module" "import $module" "imports another target ($module)\\|no such module '$module'\\|missing required module"
done
probe_build Intake Clock 'import Foundation\nlet probe = Date()' "ambiguous use of 'init()'"
probe_build Dispatch ClockNow 'import Foundation\nlet probe = Date.now' "can throw"
[ $status -eq 0 ] && echo "layers: every target imports only what it declares; a domain file importing GRDB, ZeroMQ, Messaging, ServiceKit or StoreKit, or reading Date() or Date.now, does not build"
exit $status
