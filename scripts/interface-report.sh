#!/usr/bin/env bash
# Measures the reports screen as the technician sees it, in tmux at 120x40:
# the interface is started, r pressed once the first ticket row is on
# screen, then the milliseconds until the ten-week report is drawn; then 3
# (six months) and the milliseconds until that report replaces it. Polls
# capture-pane every 5 ms. Run by hand, not by CI.
# usage: scripts/interface-report.sh BIN DB   (e.g. the ui benchmarks' 1M database)
bin=$1; db=$2
home=$(mktemp -d)   # never the technician's own config
s=hotline-report-$$
ms() { echo $(( ($(date +%s%N)-$1)/1000000 )); }
# The screen's periods end tomorrow (UTC) and start 10 or 26 weeks before.
to=$(date -u -d tomorrow +%Y-%m-%d)
from10=$(date -u -d "$to - 70 days" +%d/%m/%Y)
from26=$(date -u -d "$to - 182 days" +%d/%m/%Y)
wait_for() { # pattern, max ms
  local t0=$(date +%s%N)
  for i in $(seq 1 4000); do
    if tmux capture-pane -p -t $s 2>/dev/null | grep -qE "$1"; then ms $t0; return; fi
    sleep 0.005
  done
  echo "never"
}
tmux new-session -d -s $s -x 120 -y 40 "env HOME=$home XDG_CONFIG_HOME=$home XDG_DATA_HOME=$home LANG=fr_FR.UTF-8 $bin --db $db --user ndiallo"
start=$(date +%s%N)
wait_for '^[ ›]+[! ]*#[0-9]+' >/dev/null
echo "rows after $(ms $start) ms"
tmux send-keys -t $s r
echo "ten weeks drawn $(wait_for "du $from10 au") ms after r"
tmux send-keys -t $s 3
echo "six months drawn $(wait_for "du $from26 au") ms after 3"
tmux capture-pane -p -t $s | head -3
tmux kill-session -t $s
rm -rf "$home"
