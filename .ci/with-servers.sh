#!/usr/bin/env bash
# with-servers.sh CMD [ARGS...]
#
# Starts the real local servers the integration tests and the demo need
# (versitygw, MinIO and moto, from ../shared/servers), exports their settings as NIMBUS_*
# variables, runs CMD, and stops the servers on exit whatever happens.
# Servers listen on 127.0.0.1 only; ports are picked free at start.
# versitygw-tls and minio-tls are second instances over HTTPS with a
# self-signed certificate (NIMBUS_S3TLS_* and NIMBUS_MINIOTLS_*, with
# _CA_BUNDLE naming the certificate to trust): the path AWS users take,
# with UNSIGNED-PAYLOAD and unsigned aws-chunked bodies, and SSE-C, which
# needs HTTPS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
SHARED=${NIMBUS_SHARED:-$repo/../shared}
servers=$SHARED/servers
[[ -x $servers/start-versitygw.sh ]] || { echo "with-servers: $servers/start-versitygw.sh not found (set NIMBUS_SHARED)" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pidfiles=()
cleanup() {
  local rc=$?
  ((${#pidfiles[@]})) && "$servers/stop-server.sh" "${pidfiles[@]}" || true
  exit $rc
}
# Which servers to start; `make demo` needs only versitygw.
want=${NIMBUS_SERVERS:-versitygw versitygw-tls minio minio-tls moto}
tmp=$(mktemp -d)
trap 'rc=$?; rm -rf "$tmp"; (exit $rc); cleanup' EXIT INT TERM

# Start the servers in parallel: on a fresh machine their first start
# installs them (versitygw ~1.5 min, MinIO ~4 min); the binaries are cached
# under ~/.cache/aws-test-servers, so later runs start in seconds.
declare -A started
for name in $want; do
  tls=()
  case $name in
    versitygw|minio|moto) ;;
    versitygw-tls) tls=(VGW_TLS=1) ;;
    minio-tls) tls=(MINIO_TLS=1) ;;
    *) echo "with-servers: unknown server $name" >&2; exit 1 ;;
  esac
  port=$(free_port)
  echo "$port" > "$tmp/$name.port"
  env "${tls[@]}" "$servers/start-${name%-tls}.sh" "$port" > "$tmp/$name.env" 2> "$tmp/$name.log" &
  started[$name]=$!
done
for name in $want; do
  if ! wait "${started[$name]}"; then
    cat "$tmp/$name.log" >&2
    echo "with-servers: $name did not start" >&2
    exit 1
  fi
  grep -v '^\[' "$tmp/$name.log" >&2 || true
  # shellcheck disable=SC1090
  source "$tmp/$name.env"
  pidfiles+=("$PIDFILE")
  case $name in
    versitygw)
      prefix=NIMBUS_S3
      export NIMBUS_S3_VHOST_ENDPOINT=http://localhost:$(cat "$tmp/$name.port") ;;
    versitygw-tls) prefix=NIMBUS_S3TLS ;;
    minio) prefix=NIMBUS_MINIO ;;
    minio-tls) prefix=NIMBUS_MINIOTLS ;;
    moto)
      prefix=NIMBUS_MOTO
      # moto (SigV4-verifying auth mode) seeds this assumable role.
      export NIMBUS_MOTO_ROLE_ARN=arn:aws:iam::123456789012:role/sdk-test ;;
  esac
  export "${prefix}_ENDPOINT=$ENDPOINT" "${prefix}_ACCESS_KEY=$AWS_ACCESS_KEY_ID" \
    "${prefix}_SECRET_KEY=$AWS_SECRET_ACCESS_KEY" "${prefix}_REGION=$AWS_REGION"
  if [[ -n ${CA_BUNDLE:-} ]]; then export "${prefix}_CA_BUNDLE=$CA_BUNDLE"; fi
  unset CA_BUNDLE
  echo "with-servers: $name ready at $ENDPOINT" >&2
done
unset ENDPOINT PIDFILE LOGFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION CA_BUNDLE

"$@"
