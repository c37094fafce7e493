#!/usr/bin/env bash
# Requests per second of the official Python SDK (huaweicloudsdkbss) and of our async and blocking
# clients, against the same local test server, for the same operation (ShowCustomerAccountBalances,
# GET /v2/accounts/customer-accounts/balances). Issue 9's target: ours ≥ 20× Python's.
#
#   bench/rps.sh [N]          # N timed requests per client, one after another (default 2000)
#
# Prints one table: per client, wall seconds, requests per second and the ratio to Python, and the
# client process's CPU time per request and its ratio (Python's CPU per request / ours). On a busy
# machine wall-clock figures of the sequential loops are dominated by scheduling delays; the CPU
# columns much less so.
#
# Environment:
#   RPS_VENV         venv for the Python SDK, created if missing (default /tmp/rps-venv; outside
#                    the repo). huaweicloudsdkbss==3.1.219 is installed into it unless present.
#   RPS_PYTHON       the Python that creates the venv (default python3)
#   RPS_WARMUP       untimed requests each client sends first (default 100)
#   RPS_CONCURRENCY  also run the async client with this many requests in flight (default 16;
#                    0 or 1 skips it). Python has no such figure: its row is sequential only.
#   CARGO_TARGET_DIR where the benchmark crate (bench/rps, outside the workspace) is built
#                    (default target/rps-bench).
#
# The server (bench/rps: `rps server`, the runtime's test kit server) verifies each request's
# SDK-HMAC-SHA256 signature with the fake secret key both clients sign with. Loopback only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
n=${1:-2000}
warmup=${RPS_WARMUP:-100}
concurrency=${RPS_CONCURRENCY:-16}
venv=${RPS_VENV:-/tmp/rps-venv}
python=${RPS_PYTHON:-python3}
sdk_version=3.1.219
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/rps-bench}

die() { echo "rps.sh: $*" >&2; exit 1; }
for v in "N=$n" "RPS_WARMUP=$warmup" "RPS_CONCURRENCY=$concurrency"; do
  [[ ${v#*=} =~ ^[0-9]+$ ]] || die "${v%%=*} must be a whole number, got '${v#*=}'"
done
(( n >= 1 )) || die "N must be at least 1"

# Nothing on loopback goes through a proxy (requests and reqwest both read these variables).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost

# 1. The Python SDK, in a venv outside the repo.
if [[ ! -x $venv/bin/python ]]; then
  echo "== creating venv $venv" >&2
  "$python" -m venv "$venv" || die "cannot create the venv $venv with $python (set RPS_PYTHON or RPS_VENV)"
fi
have=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("huaweicloudsdkbss"))' 2>/dev/null || true)
if [[ $have != "$sdk_version" ]]; then
  echo "== installing huaweicloudsdkbss==$sdk_version into $venv" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -q "huaweicloudsdkbss==$sdk_version" \
    || die "pip install huaweicloudsdkbss==$sdk_version failed"
fi
"$venv/bin/python" -c 'from huaweicloudsdkbss.v2 import BssClient' || die "huaweicloudsdkbss does not import in $venv"

# 2. Our clients and the server, in release.
echo "== building bench/rps (release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR)" >&2
cargo build --release --quiet --manifest-path "$root/bench/rps/Cargo.toml" || die "cargo build of bench/rps failed"
bin=$CARGO_TARGET_DIR/release/rps
[[ -x $bin ]] || die "no binary at $bin"

# 3. The server, on a free port it picks itself; stopped on any exit.
tmp=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$bin" server --port-file "$tmp/port" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 100); do
  [[ -s $tmp/port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$tmp/server.err" >&2; die "the server exited at start"; }
  sleep 0.1
done
[[ -s $tmp/port ]] || die "the server did not report its port within 10 s"
url=http://127.0.0.1:$(<"$tmp/port")
echo "== server at $url; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# 4. The clients, one after another, each printing `RESULT client=… requests=… seconds=… rps=…`.
results=()
expected=0
run() {
  local label=$1; shift
  echo "== $label: $n requests (+$warmup warm-up)" >&2
  local out
  out=$("$@") || die "$label failed: $*"
  local line
  line=$(grep '^RESULT ' <<<"$out" | tail -n1) || die "$label printed no RESULT line: $out"
  results+=("$line")
  expected=$((expected + n + warmup))
}
run "official Python SDK" "$venv/bin/python" "$root/bench/rps/python_client.py" "$url" "$n" --warmup "$warmup"
run "our async client" "$bin" async "$url" "$n" --warmup "$warmup"
run "our blocking client" "$bin" blocking "$url" "$n" --warmup "$warmup"
if (( concurrency > 1 )); then
  run "our async client, $concurrency in flight" "$bin" async "$url" "$n" --warmup "$warmup" --concurrency "$concurrency"
fi

# 5. Stop the server and check it answered every request and rejected none.
kill -TERM "$server_pid"
wait "$server_pid" || die "the server failed: $(cat "$tmp/server.err")"
server_pid=
stats=$(grep '^rps server: connections=' "$tmp/server.err") || die "the server printed no counts: $(cat "$tmp/server.err")"
echo "== $stats (expected answered=$expected rejected=0)" >&2
[[ $stats == *" answered=$expected rejected=0" ]] || die "the server's counts do not match the requests sent"

# 6. The table. req/s is wall-clock throughput; CPU us/req is the client process's own CPU time
# (all its threads) per request, which a busy machine distorts much less than wall time.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
python_rps=$(field "${results[0]}" rps)
python_cpu=$(awk -v c="$(field "${results[0]}" cpu_seconds)" -v n="$n" 'BEGIN { print c * 1e6 / n }')
printf '\n%-10s %9s %9s %9s %10s %11s %13s\n' client requests seconds 'req/s' 'vs python' 'CPU us/req' 'CPU vs python'
for line in "${results[@]}"; do
  rps=$(field "$line" rps)
  cpu=$(awk -v c="$(field "$line" cpu_seconds)" -v n="$n" 'BEGIN { print c * 1e6 / n }')
  printf '%-10s %9s %9s %9s %10s %11s %13s\n' "$(field "$line" client)" "$(field "$line" requests)" \
    "$(field "$line" seconds)" "$rps" \
    "$(awk -v a="$rps" -v b="$python_rps" 'BEGIN { printf "%.1fx", a / b }')" \
    "$(awk -v c="$cpu" 'BEGIN { printf "%.1f", c }')" \
    "$(awk -v a="$python_cpu" -v b="$cpu" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
