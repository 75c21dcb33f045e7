#!/bin/sh
# Regenerates Sources/LexeconPolicy/DefaultPolicy.swift (the YAML text) and
# Sources/LexeconPolicy/DefaultPolicySnapshot.swift (its parsed tree, which lexecon loads at
# start-up) from Policies/default.yaml. Tests (PoliciesTests, SnapshotTests) fail when either
# differs from default.yaml; run this script after editing it.
set -eu
cd "$(dirname "$0")/.."
out=Sources/LexeconPolicy/DefaultPolicy.swift
if grep -q '"""##' Policies/default.yaml; then
  echo "default.yaml must not contain the raw-string delimiter" >&2
  exit 1
fi
{
  printf '%s\n' '// The built-in default policy. Generated from Policies/default.yaml by'
  printf '%s\n' '// Policies/embed-default.sh; a test checks that the two are byte-for-byte equal.'
  printf '%s\n' 'enum DefaultPolicy {'
  printf '%s\n' '    static let yaml = ##"""'
  cat Policies/default.yaml
  printf '\n%s\n' '"""##'
  printf '%s\n' '}'
} > "$out"
echo "wrote $out"
# The snapshot is written by the test that checks it, from the YAML reader's own tree.
swift build --build-tests
LEXECON_WRITE_SNAPSHOT=1 swift test --skip-build --filter 'SnapshotTests/committedSnapshotIsTheDefaultYAMLTree' >/dev/null || true
swift build --build-tests
swift test --skip-build --filter SnapshotTests
echo "wrote Sources/LexeconPolicy/DefaultPolicySnapshot.swift"
