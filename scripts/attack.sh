#!/usr/bin/env bash
# Runs the attacks of package attacks at the sizes of issue 14: SIGKILL 30
# times each during `ticket import` of 100,000 rows, `kb import` of the real
# corpus (../shared/data/kb-fr-alchemy) and a tag rename over 100,000
# tickets, and of `hotline serve` while clients file tickets with files
# through the API and the form; 8 processes creating 1,000 tickets each while 4 comment and
# update the same tickets and a reader lists and searches; a full disk, a
# read-only file and folder, a lock held by another program, damaged files.
# Prints the figures (FIGURES lines) that docs/robustness.md quotes. On
# the shared 2-core machine (niced, load 25-36) the ticket import attack
# alone took 76 min, the tag rename 23 min, the kb import 3 min: run one
# test per process side by side with "$1" (e.g. TestKillDuringTicketImport).
set -euo pipefail
cd "$(dirname "$0")/.."
HOTLINE_ATTACK=full go test -count=1 -tags sqlite_fts5 -timeout 3h -v -run "${1:-.}" ./attacks 2>&1 |
  tee /tmp/hotline-attack.log | grep -E 'FIGURES|^--- |^(ok|FAIL)'
