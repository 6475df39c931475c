#!/usr/bin/env bash
# Measures the interface's start in tmux at 120x40 from process start:
# milliseconds until the first ticket row, then until every tab count
# (French labels), polling capture-pane every 5 ms. Run by hand, not by CI.
# usage: scripts/interface-start.sh BIN DB   (e.g. the 1M database of cmd/hotline-bench)
bin=$1; db=$2
home=$(mktemp -d)   # never the technician's own config
tmux kill-session -t sm 2>/dev/null
t0=$(date +%s%N)
tmux new-session -d -s sm -x 120 -y 40 "env HOME=$home XDG_CONFIG_HOME=$home XDG_DATA_HOME=$home LANG=fr_FR.UTF-8 $bin --db $db --user ndiallo"
row=""; counts=""
for i in $(seq 1 2000); do
  s=$(tmux capture-pane -p -t sm 2>/dev/null)
  now=$(( ($(date +%s%N)-t0)/1000000 ))
  if [ -z "$row" ] && grep -qE '^[ ›]+[! ]*#[0-9]+' <<<"$s"; then row=$now; fi
  if [ -z "$counts" ] && grep -qE 'À trier [0-9]' <<<"$s" && grep -qE 'Tous [0-9]' <<<"$s"; then counts=$now; fi
  [ -n "$row" ] && [ -n "$counts" ] && break
  sleep 0.005
done
echo "rows ${row} ms, counts ${counts} ms"
tmux capture-pane -p -t sm | head -3
tmux kill-session -t sm
