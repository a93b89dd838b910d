// --debug diagnostics: timing, API call names, statuses, paths. Written to stderr, and by
// contract never handed a value (callers pass names, sizes, ids and durations only).
export type DebugLog = (message: string) => void

export function createDebugLog(enabled: boolean, stream: NodeJS.WritableStream = process.stderr): DebugLog {
  if (!enabled) return () => {}
  const started = performance.now()
  return (message) => {
    const elapsed = (performance.now() - started).toFixed(0).padStart(5)
    stream.write(`[debug +${elapsed}ms] ${message}\n`)
  }
}
