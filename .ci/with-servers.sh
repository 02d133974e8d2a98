#!/usr/bin/env bash
# with-servers.sh CMD [ARGS...]
#
# Starts the real local servers the integration tests and the demo need
# (versitygw and moto, from ../shared/servers), exports their settings as NIMBUS_*
# variables, runs CMD, and stops the servers on exit whatever happens.
# Servers listen on 127.0.0.1 only; ports are picked free at start.
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
trap cleanup EXIT INT TERM

port=$(free_port)
vgw=$("$servers/start-versitygw.sh" "$port")
eval "$vgw"
pidfiles+=("$PIDFILE")
export NIMBUS_S3_ENDPOINT=$ENDPOINT
export NIMBUS_S3_VHOST_ENDPOINT=http://localhost:$port
export NIMBUS_S3_ACCESS_KEY=$AWS_ACCESS_KEY_ID
export NIMBUS_S3_SECRET_KEY=$AWS_SECRET_ACCESS_KEY
export NIMBUS_S3_REGION=$AWS_REGION
unset ENDPOINT PIDFILE LOGFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION

# moto (in SigV4-verifying auth mode) for STS, DynamoDB, SQS, SNS, KMS,
# Secrets Manager and the other JSON/query services.
port=$(free_port)
moto=$("$servers/start-moto.sh" "$port")
eval "$moto"
pidfiles+=("$PIDFILE")
export NIMBUS_MOTO_ENDPOINT=$ENDPOINT
export NIMBUS_MOTO_ACCESS_KEY=$AWS_ACCESS_KEY_ID
export NIMBUS_MOTO_SECRET_KEY=$AWS_SECRET_ACCESS_KEY
export NIMBUS_MOTO_REGION=$AWS_REGION
export NIMBUS_MOTO_ROLE_ARN=arn:aws:iam::123456789012:role/sdk-test
unset ENDPOINT PIDFILE LOGFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_REGION

"$@"
