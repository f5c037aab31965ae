#!/usr/bin/env bash
# The repository keeps byte-for-byte copies of the reference material it runs and tests with, so a
# clone needs nothing beside it. Each copy has a SHA256SUMS manifest (every file, its sha256);
# test/platform/vendored-reference.spec.ts checks the manifests and, where ../shared exists, that
# the copies are identical to it.
#
#   bash scripts/vendor-shared.sh          re-copy from ../shared, then rewrite every SHA256SUMS
#   bash scripts/vendor-shared.sh --sums   rewrite every SHA256SUMS only (after adding a file by hand)
#
# A file is added to a copy by copying it from ../shared to the same relative path, then --sums.
set -euo pipefail
cd "$(dirname "$0")/.."

# copy in the repository : folder of ../shared it mirrors : whole (the kit is copied entire) or listed
ROOTS=(
  "apps/nhs-sandbox/data:nhs:listed"
  "test/fixtures/nhs:nhs:listed"
  "test/conformance:conformance:whole"
  "libs/soap/schemas:conformance:listed"
)
SHARED=../shared

write_sums() {
  (cd "$1" && find . -type f ! -path ./SHA256SUMS ! -path ./PROVENANCE.md -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum >SHA256SUMS)
}

for root in "${ROOTS[@]}"; do
  IFS=: read -r dir source mode <<<"$root"
  if [ "${1:-}" != --sums ]; then
    [ -d "$SHARED/$source" ] || { echo "vendor-shared: $SHARED/$source not found" >&2; exit 1; }
    if [ "$mode" = whole ]; then
      find "$dir" -mindepth 1 -maxdepth 1 ! -name SHA256SUMS ! -name PROVENANCE.md -exec rm -rf {} +
      cp -R "$SHARED/$source/." "$dir/"
      chmod -R u+w "$dir"
    else
      while read -r _ file; do cp "$SHARED/$source/$file" "$dir/$file"; done <"$dir/SHA256SUMS"
    fi
  fi
  write_sums "$dir"
  echo "vendor-shared: $dir ($(wc -l <"$dir/SHA256SUMS") files)"
done
