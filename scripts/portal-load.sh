#!/usr/bin/env bash
# Load test of the portal's API on loopback, bounded in count and time:
# 16 clients file 10,000 tickets through POST /api/tickets while the
# terminal interface is open on the same database (in tmux), then 3,000
# suggestion calls on the 3,024-article corpus. Prints the figures that
# docs/performance.md quotes and exits 1 if a target is missed
# (≥500 tickets/s, p99 < 50 ms, 0 lost, 0 "database is locked",
# suggestions p99 < 20 ms).
#
#   scripts/portal-load.sh            (from the repository root; needs tmux)
#   TICKETS=2000 scripts/portal-load.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus="$root/../shared/data/kb-fr-alchemy"
work=$(mktemp -d "${TMPDIR:-/tmp}/hotline-load.XXXXXX")
sock="hotline-load-$$"
tm() { tmux -L "$sock" -f /dev/null "$@"; }
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
	tm kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
db="$work/load.db"
bin="$work/hotline"

cd "$root"
go build -tags sqlite_fts5 -o "$bin" .
go build -tags sqlite_fts5 -o "$work/portalload" ./scripts/portalload
# Never read the developer's own config or data.
export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" USER=load

mkdir -p "$XDG_CONFIG_HOME/hotline"
cat > "$XDG_CONFIG_HOME/hotline/config.yaml" <<YAML
portal:
  suggestions_per_minute: 1000000   # every client is 127.0.0.1 here
YAML

if [ -d "$corpus" ]; then
	"$bin" kb import --db "$db" "$corpus" >/dev/null 2>&1 || true
else
	echo "portal-load: $corpus not found: suggestions run on an empty knowledge base" >&2
	"$bin" version --db "$db" >/dev/null
fi
key=$("$bin" apikey add load --db "$db" 2>/dev/null)

# The terminal interface, open on the same database.
tm new-session -d -s ui -x 120 -y 40 "$bin --db $db"
for _ in $(seq 1 100); do
	tm capture-pane -p -t ui 2>/dev/null | grep -q . && break
	sleep 0.1
done

"$bin" serve --db "$db" --http 127.0.0.1:0 --ssh off > "$work/serve.out" 2> "$work/serve.log" &
pid=$!
addr=""
for _ in $(seq 1 600); do  # up to 60 s on a loaded machine
	addr=$(sed -n 's|^hotline serve: portal and API on \(http://[^/]*\)/$|\1|p' "$work/serve.out")
	[ -n "$addr" ] && break
	sleep 0.1
done
[ -n "$addr" ] || { echo "portal-load: serve did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

status=0
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/portalload" -pid "$pid" -addr "$addr" -key "$key" -db "$db" -clients 16 -tickets "${TICKETS:-10000}" -suggestions "${SUGGESTIONS:-3000}" || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The server's CPU time over the whole run (filing and suggestions).
read -r -a st < "/proc/$pid/stat"
hz=$(getconf CLK_TCK)
echo "hotline serve CPU: user $(( st[13] * 1000 / hz )) ms, system $(( st[14] * 1000 / hz )) ms"
# The interface's, which follows every change (it shares the two cores).
uipid=$(tm display-message -p -t ui '#{pane_pid}' 2>/dev/null || true)
if [ -n "$uipid" ] && read -r -a st < "/proc/$uipid/stat" 2>/dev/null; then
	echo "interface CPU: user $(( st[13] * 1000 / hz )) ms, system $(( st[14] * 1000 / hz )) ms"
fi
if grep -qi "database is locked" "$work/serve.log"; then
	echo "portal-load: FAIL: 'database is locked' in the server's log" >&2
	status=1
fi
tm capture-pane -p -t ui | grep -q . || { echo "portal-load: the interface died" >&2; status=1; }
exit $status
