#!/usr/bin/env bash
# demo.sh: what `make demo` runs inside .ci/with-servers.sh — the S3 client
# demo, then the transfer CLI moving a file and a directory tree through
# the local S3 server and checking that what comes back is identical.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./services/s3/internal/demo

echo
echo "== Transfer module CLI (feature/s3/transfer/cmd/nimbus-transfer) =="
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/nimbus-transfer" ./feature/s3/transfer/cmd/nimbus-transfer
cli="$work/nimbus-transfer"
bucket="nimbus-transfer-demo-$(date +%s)"

# 40 MiB of deterministic data (multipart: 5 parts of 8 MiB) and a small tree.
head -c $((40 << 20)) /dev/zero | tr '\0' 'n' > "$work/big.bin"
mkdir -p "$work/site/css" "$work/site/img"
for i in $(seq 1 25); do echo "page $i" > "$work/site/page$i.html"; done
echo "body{}" > "$work/site/css/main.css"
head -c 300000 /dev/urandom > "$work/site/img/logo.png"

set -x
"$cli" mb "s3://$bucket"
"$cli" -part-size 8 -concurrency 4 upload "$work/big.bin" "s3://$bucket/big.bin"
"$cli" sync "$work/site" "s3://$bucket/site/"
"$cli" download "s3://$bucket/big.bin" "$work/big.back"
"$cli" download "s3://$bucket/site/" "$work/site.back"
set +x
cmp "$work/big.bin" "$work/big.back"
diff -r "$work/site" "$work/site.back"
echo "downloaded copies are identical"
set -x
"$cli" rm "s3://$bucket/"
"$cli" rb "s3://$bucket"
set +x
echo "Transfer demo finished successfully."
