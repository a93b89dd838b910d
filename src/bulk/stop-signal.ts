// Ctrl-C (or SIGTERM) during a bulk run: stop starting new entries, let the ones in flight
// finish (each is idempotent, and its outcome is journalled), then report and exit 130, so
// `--resume` picks up exactly where the run stopped. A second signal ends the process at once.
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

export async function whileStoppable<T>(run: (stopped: () => boolean) => Promise<T>): Promise<T> {
  let stopped = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopped) process.exit(signal === 'SIGINT' ? 130 : 128 + (signal === 'SIGTERM' ? 15 : 1))
    stopped = true
    process.stderr.write('Stopping: finishing the entries in flight (press Ctrl-C again to quit at once)…\n')
  }

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal)
  try {
    return await run(() => stopped)
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal)
  }
}
