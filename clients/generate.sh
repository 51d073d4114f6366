#!/usr/bin/env bash
# Regenerates the SDKs from the API into OUT (default: clients/): OUT/openapi.json, the Python
# client OUT/python/goodword_client and the TypeScript client OUT/typescript/src. The
# generators are pinned in the Makefile and installed into .tools/ (`make clients`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-$ROOT/clients}" && cd "${1:-$ROOT/clients}" && pwd)
mkdir -p "$OUT/python" "$OUT/typescript"
# The document names its server: generate it for the default address, whatever this shell says.
(cd "$ROOT" && PUBLIC_URL=http://127.0.0.1:5000 PYTHONPATH="$ROOT" .venv/bin/goodword \
    openapi write --format json "$OUT/openapi.json")
rm -rf "$OUT/python/goodword_client" "$OUT/typescript/src"
(cd "$OUT/python" && "$ROOT/.tools/py/bin/openapi-python-client" generate \
    --path "$OUT/openapi.json" --meta none --output-path goodword_client \
    --config "$ROOT/clients/python-generator.yaml" >/dev/null)
"$ROOT/.tools/node_modules/.bin/openapi-ts" -i "$OUT/openapi.json" -o "$OUT/typescript/src" \
    >/dev/null
