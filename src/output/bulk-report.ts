// What a bulk run (import, copy) shows: a progress bar on a terminal (cli-progress, on
// stderr), plain periodic lines elsewhere, the plan of a dry run, and the closing summary.
// Names and counts only; never a value.
import {groupDigits} from '../wording.js'

/** What a bulk run does with one entry. */
export type BulkAction = 'create' | 'update' | 'unchanged'

export interface BulkTotals {
  create: number
  update: number
  unchanged: number
  failed: number
  /** Done by an earlier, interrupted run (with --resume): no call made. */
  doneBefore: number
}

export interface BulkProgress {
  /** One more entry finished. */
  tick(): void
  stop(): void
}

/** Plain lines at most this often when stderr is not a terminal (CI logs stay short). */
const PLAIN_INTERVAL_MS = 5000

export async function startProgress(options: {
  total: number
  verb: string
  terminal: boolean
  write: (line: string) => void
}): Promise<BulkProgress> {
  const started = Date.now()
  let done = 0
  if (options.terminal) {
    const {default: cliProgress} = await import('cli-progress')
    const bar = new cliProgress.SingleBar(
      {
        format: `${options.verb} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    )
    bar.start(options.total, 0, {rate: '0.0'})
    return {
      tick() {
        done++
        bar.update(done, {rate: rate(done, started)})
      },
      stop: () => bar.stop(),
    }
  }

  let last = started
  return {
    tick() {
      done++
      const now = Date.now()
      if (now - last >= PLAIN_INTERVAL_MS && done < options.total) {
        last = now
        options.write(`${options.verb}: ${done}/${options.total} entries done (${rate(done, started)}/s)`)
      }
    },
    stop() {},
  }
}

function rate(done: number, started: number): string {
  const seconds = Math.max(0.001, (Date.now() - started) / 1000)
  return (done / seconds).toFixed(1)
}

export function emptyTotals(): BulkTotals {
  return {create: 0, update: 0, unchanged: 0, failed: 0, doneBefore: 0}
}

const PLAN_WORDS: Record<BulkAction, string> = {
  create: 'create',
  update: 'update (new version)',
  unchanged: 'unchanged',
}

/** The plan of a dry run or of a confirmation: counts, then the names under each action. */
export function formatPlan(plan: Record<BulkAction, string[]>, failed: string[], target: string): string[] {
  const lines = [
    `Plan for ${target}: create ${plan.create.length}, update ${plan.update.length}, unchanged ${plan.unchanged.length}${failed.length > 0 ? `, failing ${failed.length}` : ''}`,
  ]
  for (const action of ['create', 'update', 'unchanged'] as const) {
    for (const name of plan[action]) lines.push(`  ${PLAN_WORDS[action]}: ${name}`)
  }

  for (const name of failed) lines.push(`  failing: ${name}`)
  return lines
}

export interface BulkSummaryInput {
  verb: string
  target: string
  totals: BulkTotals
  elapsedMs: number
  calls: number
  retries?: number
}

/** "Imported into aws eu-west-1: 990 created, 5 updated, 3 unchanged, 2 failed in 21.3 s (1,998 calls, 12 retries)." */
export function formatBulkSummary(input: BulkSummaryInput): string {
  const {totals} = input
  const parts = [
    `${totals.create} created`,
    `${totals.update} updated`,
    `${totals.unchanged} unchanged`,
    `${totals.failed} failed`,
  ]
  if (totals.doneBefore > 0) parts.push(`${totals.doneBefore} done before the interruption`)
  const calls = [`${groupDigits(input.calls)} calls`]
  if (input.retries !== undefined) calls.push(`${groupDigits(input.retries)} retries`)
  return `${input.verb} into ${input.target}: ${parts.join(', ')} in ${(input.elapsedMs / 1000).toFixed(1)} s (${calls.join(', ')}).`
}
