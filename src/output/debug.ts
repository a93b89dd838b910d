// --debug diagnostics: timing, API call names, statuses, paths. Written to stderr, and by
// contract never handed a value (callers pass names, sizes, ids and durations only).
export type DebugLog = (message: string) => void

export function createDebugLog(enabled: boolean, stream?: NodeJS.WritableStream): DebugLog {
  if (!enabled) return () => {}
  const started = performance.now()
  return (message) => {
    const elapsed = (performance.now() - started).toFixed(0).padStart(5)
    // process.stderr is read here, not as a default argument: a run without --debug that writes
    // nothing to stderr never creates the stream (a pipe's is a socket, made on first read).
    ;(stream ?? process.stderr).write(`[debug +${elapsed}ms] ${message}\n`)
  }
}
