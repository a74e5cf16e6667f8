#!/usr/bin/env bash
# Recovery runbook for a Logger pair whose state transfer failed (see docs/runbook.md).
#
#   ICMSYNC_CONFIG=/etc/icmsync/icmsync.json ICMSYNC_PASSWORD=… bash docs/runbook.sh
#
# It drives icmsync only through exit codes and --json documents, writes its reports to
# $REPORT_DIR, and stops at the first step that needs a person. Settings come from icmsync.json
# (or ICMSYNC_CONFIG) and ICMSYNC_* variables, as for every icmsync command.
#
#   ICMSYNC         the icmsync command (default: icmsync)
#   REPORT_DIR      where the reports go (default: ./icmsync-recovery-<UTC time>)
#   WINDOW          the longest the sync may write (default: 40m); it stops at a batch boundary
#   SCOPE           config (default: what ICMDBA Synchronize copies) or all (historical too)
#
# Exit codes: 0 the sides are in sync (or were already); 10 a person must look (the message says
# why); anything else is icmsync's own exit code from the step that failed.
set -uo pipefail

ICMSYNC=${ICMSYNC:-icmsync}
REPORT_DIR=${REPORT_DIR:-./icmsync-recovery-$(date -u +%Y%m%dT%H%M%SZ)}
WINDOW=${WINDOW:-40m}
SCOPE=${SCOPE:-config}
mkdir -p "$REPORT_DIR"

log() { printf '%s runbook: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
stop() { log "$1"; exit "${2:-10}"; }
# Reads one field of a JSON document (node is there wherever icmsync runs).
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{let v=JSON.parse(s);for(const k of process.argv[1].split("."))v=v?.[k];process.stdout.write(v==null?"":String(v))})' "$1"; }

# 1. Which way? status says which side is ahead.
log "status"
$ICMSYNC status --json >"$REPORT_DIR/status-before.json"
code=$?
case $code in
  0) log "the sides are IN SYNC: nothing to do"; exit 0 ;;
  1) ;;
  *) stop "status failed (exit $code): $(field error.message <"$REPORT_DIR/status-before.json")" "$code" ;;
esac
state=$(field verdict.state <"$REPORT_DIR/status-before.json")
from=$(field verdict.from <"$REPORT_DIR/status-before.json")
to=$(field verdict.to <"$REPORT_DIR/status-before.json")
if [ -z "$from" ] || [ -z "$to" ]; then
  stop "status says $state: no side is simply ahead; compare the diff report and decide by hand (icmsync diff --html)"
fi
log "status says $state: copy $from to $to"

# 2. Preflight: every check of the sync about to run.
log "doctor"
$ICMSYNC doctor --from "$from" --to "$to" --json >"$REPORT_DIR/doctor.json"
code=$?
case $code in
  0) ;;
  4) stop "doctor found a check that fails; see $REPORT_DIR/doctor.json (each failing check says its fix)" 4 ;;
  *) stop "doctor could not run (exit $code); see $REPORT_DIR/doctor.json" "$code" ;;
esac

# 3. The dry-run report for the change record: which rows the sync will write.
log "diff"
$ICMSYNC diff --scope "$SCOPE" --json --html "$REPORT_DIR/diff.html" >"$REPORT_DIR/diff.json"
code=$?
case $code in
  0) log "diff finds no row to copy"; exit 0 ;;
  1) ;;
  *) stop "diff failed (exit $code)" "$code" ;;
esac

# 4. The sync, bounded by the maintenance window; --resume carries on where a stopped run ended.
log "sync $from -> $to (scope $SCOPE, at most $WINDOW)"
$ICMSYNC sync --from "$from" --to "$to" --scope "$SCOPE" --max-duration "$WINDOW" --yes --json \
  >"$REPORT_DIR/sync.json"
code=$?
case $code in
  0) ;;
  4) stop "sync refused: $(field error.message <"$REPORT_DIR/sync.json")" 4 ;;
  5)
    outcome=$(field outcome <"$REPORT_DIR/sync.json")
    if [ "$outcome" = stopped ]; then
      stop "the window ended before the sync did; what is written is committed. Next window: $ICMSYNC sync --resume --yes" 5
    fi
    stop "sync ended with $outcome (exit 5); run it again: it writes only what still differs" 5
    ;;
  *) stop "sync failed (exit $code): $(field error.message <"$REPORT_DIR/sync.json")" "$code" ;;
esac

# 5. Verify independently of the sync's own checksums.
log "verify"
$ICMSYNC diff --scope "$SCOPE" --json >"$REPORT_DIR/diff-after.json"
code=$?
[ $code -eq 0 ] || stop "rows still differ after the sync (exit $code); see $REPORT_DIR/diff-after.json" 10
$ICMSYNC status --json >"$REPORT_DIR/status-after.json"
log "done: side $to matches side $from ($(field verdict.state <"$REPORT_DIR/status-after.json")); start the Logger on side $to and watch its trace"
exit 0
