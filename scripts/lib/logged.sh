# Logging for the dependency scripts (scripts/wasi-deps/build.sh, scripts/audio-deps/fetch.sh).
# Source it after setting LOG_TAG; it defines functions only.
#   log MSG                  "[LOG_TAG] MSG" on stderr
#   die MSG                  log "error: MSG" and exit 1
#   run_logged LOGFILE CMD   run CMD with all output to LOGFILE; on failure show the log's tail and exit

log() { printf '[%s] %s\n' "$LOG_TAG" "$*" >&2; }
die() { log "error: $*"; exit 1; }

run_logged() {
    local logfile=$1; shift
    if ! "$@" >"$logfile" 2>&1; then
        log "failed: $* (log: $logfile)"
        tail -n 40 "$logfile" | sed 's/^/    /' >&2
        exit 1
    fi
}
