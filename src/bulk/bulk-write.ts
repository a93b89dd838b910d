// The engine under `import` and `copy`: for each entry, read what the destination holds, then
// create the secret, write a new version, or skip it when the value is the same (compared in
// memory, never printed). Paced per quota group, a bounded number in flight, every write
// carrying a client request token from the journal so that a retried or resumed write is the
// same write, never a second version.
import {ConflictError, NotFoundError, SecretsmithError, UnavailableError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import type {SecretStore, SecretVersionValue} from '../stores/store.js'
import type {BulkAction, BulkTotals} from '../output/bulk-report.js'
import type {BulkEntry} from './entries.js'
import type {BulkJournal} from './journal.js'
import type {QuotaPacer} from './quotas.js'

export type {BulkAction} from '../output/bulk-report.js'
export type EntryResult =
  | {name: string; action: BulkAction; resumed?: boolean}
  | {name: string; action: 'failed'; error: SecretsmithError}
  | {name: string; action: 'done-before'}

/**
 * Write calls one check-and-set put spends against the shared write quota: PutSecretValue with
 * the new version parked under AWSPREVIOUS, then UpdateSecretVersionStage to move AWSCURRENT
 * (which takes AWSPREVIOUS along; see the aws store).
 */
const CHECK_AND_SET_WRITE_CALLS = 2

export interface BulkWriteContext {
  /** Where the entries go. */
  store: SecretStore
  pacer: QuotaPacer
  /** Absent on a dry run: nothing is written, so nothing is journalled. */
  journal?: BulkJournal
  /** Plan only: read, compare, decide; write nothing. */
  dryRun: boolean
  /** put's three-call check-and-set instead of one PutSecretValue. */
  checkAndSet: boolean
  /** Entries in flight at once. */
  concurrency: number
  /** Stop taking new entries after the first failure. */
  failFast: boolean
  /** Called once per entry as it finishes (progress, plan listing). */
  onResult: (result: EntryResult) => void
  /** Checked before each new entry: true stops the run (Ctrl-C); entries in flight finish. */
  stopped: () => boolean
}

export function countResult(totals: BulkTotals, result: EntryResult): void {
  if (result.action === 'done-before') totals.doneBefore++
  else totals[result.action]++
}

/** An entry whose value is read only when a worker takes it up (copy reads the source then, in parallel). */
export type PendingEntry = Omit<BulkEntry, 'value'> & {loadValue: () => Promise<SecretValue>}

/** Runs every entry; returns when all have finished or the run was stopped. */
export async function writeEntries(
  context: BulkWriteContext,
  entries: AsyncIterable<BulkEntry | PendingEntry>,
): Promise<void> {
  let failed = false
  await forEachConcurrently(
    entries,
    context.concurrency,
    () => context.stopped() || (context.failFast && failed),
    async (entry) => {
      const result = await writeEntry(context, entry)
      if (result.action === 'failed') failed = true
      context.onResult(result)
    },
  )
}

async function writeEntry(context: BulkWriteContext, pending: BulkEntry | PendingEntry): Promise<EntryResult> {
  const {journal} = context
  if (journal?.isDone(pending.name)) return {name: pending.name, action: 'done-before'}
  try {
    const entry = 'loadValue' in pending ? {...pending, value: await pending.loadValue()} : pending
    return await withEntryRetries(() => decideAndWrite(context, entry), context.stopped)
  } catch (error) {
    const failure =
      error instanceof SecretsmithError
        ? error
        : new SecretsmithError('unexpected error (run with --debug for details)', 1, 'Unexpected')
    await journal?.record(pending.name, {state: 'failed'})
    return {name: pending.name, action: 'failed', error: failure}
  }
}

/**
 * Rounds per entry when the service stays throttled or unavailable through the SDK's own
 * retries. Over a long run the SDK's client-side retry quota (a token bucket that each retry
 * draws on) runs dry, and from then on a single throttle fails the call; the entry is tried
 * again after a jittered pause instead, which is safe because every write carries the same
 * client request token.
 */
const ENTRY_ROUNDS = 6
const ENTRY_BACKOFF_MS = 250
const ENTRY_BACKOFF_CAP_MS = 8000

async function withEntryRetries<T>(attempt: () => Promise<T>, stopped: () => boolean): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof UnavailableError) || round >= ENTRY_ROUNDS || stopped()) throw error
      const ceiling = Math.min(ENTRY_BACKOFF_CAP_MS, ENTRY_BACKOFF_MS * 2 ** (round - 1))
      await new Promise((resolve) => setTimeout(resolve, ceiling / 2 + Math.random() * (ceiling / 2)))
    }
  }
}

async function decideAndWrite(context: BulkWriteContext, entry: BulkEntry): Promise<EntryResult> {
  const {store, pacer, journal} = context
  const current = await readCurrent(context, entry.name)
  if (current && current.value.equals(entry.value)) {
    // The interrupted run's write landed before its answer was lost: report what it did.
    const previous = journal?.previous(entry.name)
    if (previous?.token && previous.token === current.versionId && previous.state === 'started') {
      const action = previous.action ?? 'update'
      await journal?.record(entry.name, {state: action === 'create' ? 'created' : 'updated', token: previous.token})
      return {name: entry.name, action, resumed: true}
    }

    await journal?.record(entry.name, {state: 'unchanged'})
    return {name: entry.name, action: 'unchanged'}
  }

  const action: BulkAction = current ? 'update' : 'create'
  if (context.dryRun || !journal) return {name: entry.name, action}
  const token = journal.tokenFor(entry.name)
  await journal.record(entry.name, {state: 'started', token, action})

  if (action === 'create') {
    await pacer.take('create')
    try {
      await store.create({
        name: entry.name,
        value: entry.value,
        clientRequestToken: token,
        description: entry.description,
        tags: entry.tags,
      })
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error
      // Created meanwhile: by our own earlier attempt whose answer was lost (its version id is
      // our token), or by someone else, in which case the entry becomes a new version.
      const landed = await settleCreateConflict(context, entry, token)
      await journal.record(entry.name, {
        state: landed === 'create' ? 'created' : landed === 'update' ? 'updated' : 'unchanged',
        token,
      })
      return {name: entry.name, action: landed}
    }

    await journal.record(entry.name, {state: 'created', token})
    return {name: entry.name, action: 'create'}
  }

  await putNewVersion(context, entry.name, entry.value, token, current!.versionId)
  await journal.record(entry.name, {state: 'updated', token})
  return {name: entry.name, action: 'update'}
}

async function settleCreateConflict(context: BulkWriteContext, entry: BulkEntry, token: string): Promise<BulkAction> {
  await context.pacer.take('read')
  const description = await context.store.describe(entry.name)
  if (description.versions[token]) return 'create'
  if (description.deletedDate)
    throw error(entry.name, 'is scheduled for deletion; restore it first or choose another name', 4)
  const current = await readCurrent(context, entry.name)
  if (current && current.value.equals(entry.value)) return 'unchanged'
  await putNewVersion(context, entry.name, entry.value, token, current?.versionId)
  return 'update'
}

async function putNewVersion(
  context: BulkWriteContext,
  name: string,
  value: SecretValue,
  token: string,
  readVersionId: string | undefined,
): Promise<void> {
  await context.pacer.take('write', context.checkAndSet ? CHECK_AND_SET_WRITE_CALLS : 1)
  await context.store.putValue({
    name,
    value,
    clientRequestToken: token,
    // Only with --check-and-set: the write is refused if someone else wrote since the read.
    expectedCurrentVersionId: context.checkAndSet ? readVersionId : undefined,
  })
}

async function readCurrent(context: BulkWriteContext, name: string): Promise<SecretVersionValue | undefined> {
  await context.pacer.take('read')
  try {
    return await context.store.getValue(name)
  } catch (error_) {
    if (error_ instanceof NotFoundError) return undefined
    throw error_
  }
}

function error(name: string, what: string, exitCode: number): SecretsmithError {
  return new SecretsmithError(
    `${name} ${what}`,
    exitCode as SecretsmithError['exitCode'],
    exitCode === 4 ? 'Conflict' : 'Failed',
  )
}

/**
 * Pulls items one at a time from `source` into `concurrency` workers; `stop` is asked before
 * each pull, so at most `concurrency` items are ever held at once, however long the input.
 */
export async function forEachConcurrently<T>(
  source: AsyncIterable<T>,
  concurrency: number,
  stop: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = source[Symbol.asyncIterator]()
  let queue: Promise<unknown> = Promise.resolve()
  // Async iterators must not be advanced concurrently: chain the pulls.
  const pull = (): Promise<IteratorResult<T>> => {
    const next = queue.then(() => iterator.next())
    queue = next.catch(() => {})
    return next
  }

  try {
    await Promise.all(
      Array.from({length: Math.max(1, concurrency)}, async () => {
        while (!stop()) {
          const next = await pull()
          if (next.done) return
          await work(next.value)
        }
      }),
    )
  } finally {
    await iterator.return?.()
  }
}
