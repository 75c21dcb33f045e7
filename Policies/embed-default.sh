#!/bin/sh
# Regenerates Sources/LexeconPolicy/DefaultPolicy.swift from Policies/default.yaml, so the
# built-in default policy is compiled into the binary. A test (DefaultPolicyEmbeddingTests)
# fails when the two differ; run this script after editing default.yaml.
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
