// A progress indicator for long audits, only when stderr is a terminal (never in CI logs or
// pipes): secrets listed and checked so far, redrawn in place, drawn by cli-progress and
// loaded only when shown.
export interface AuditProgress {
  update(progress: {listed: number; checked: number; done: boolean}): void
  stop(): void
}

export async function startAuditProgress(
  stream: NodeJS.WriteStream = process.stderr,
): Promise<AuditProgress | undefined> {
  if (!stream.isTTY) return undefined
  const {default: cliProgress} = await import('cli-progress')
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'Auditing [{bar}] {value}/{total} secrets checked',
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  )
  // Drawn from the first listed secret on: before that the total is unknown.
  let started = false
  return {
    update({listed, checked}) {
      if (!started) {
        if (listed === 0) return
        bar.start(listed, checked)
        started = true
        return
      }

      bar.setTotal(listed)
      bar.update(checked)
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
