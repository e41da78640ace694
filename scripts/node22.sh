#!/usr/bin/env bash
# Runs a command under Node.js 22, the Lambda runtime, whatever node the machine has:
# the `node@22` package from the npm registry is installed once into .tools/ (ignored
# by git). Usage: scripts/node22.sh <node arguments…>, e.g.
#   scripts/node22.sh node_modules/vitest/vitest.mjs run tests/functions
set -euo pipefail
cd "$(dirname "$0")/.."
tools=.tools/node22
bin="$tools/node_modules/node/bin/node"
if [[ ! -x $bin ]] || [[ $("$bin" --version) != v22.* ]]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund --no-package-lock node@22 >&2
fi
exec "$bin" "$@"
