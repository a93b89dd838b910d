// The resume journal of a bulk run: one JSON line per state change of an entry (names,
// states and client request tokens; never values), appended to a 0600 file under the data
// directory. `--resume` replays it: entries already done are skipped without a call, and an
// entry whose write was in flight is written again with the same client request token, which
// the service treats as a repeat of the same write rather than a second one.
import {createHash, randomBytes} from 'node:crypto'
import {mkdir, open, readFile, rm} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {UsageError} from '../errors.js'

export type JournalState = 'started' | 'created' | 'updated' | 'unchanged' | 'failed'

export interface JournalEntry {
  state: JournalState
  token?: string
  /** With `started`: what the write was, so a resumed run can report a write that landed. */
  action?: 'create' | 'update'
}

interface JournalHeader {
  journal: 1
  kind: string
  nonce: string
  startedAt: string
}

const DONE_STATES = new Set<JournalState>(['created', 'updated', 'unchanged'])

export class BulkJournal {
  readonly path: string
  readonly #nonce: string
  readonly #entries: Map<string, JournalEntry>
  #handle: Awaited<ReturnType<typeof open>> | undefined

  private constructor(path: string, nonce: string, entries: Map<string, JournalEntry>) {
    this.path = path
    this.#nonce = nonce
    this.#entries = entries
  }

  /**
   * Opens the journal of this run. `key` names the run (kind, target, input, prefix), so the
   * same command on the same input finds it again. Without `resume` any earlier journal of the
   * same run is replaced; with it, one must exist.
   */
  static async open(directory: string, key: string, options: {kind: string; resume: boolean}): Promise<BulkJournal> {
    const path = journalPath(directory, key, options.kind)
    await mkdir(dirname(path), {recursive: true, mode: 0o700})
    if (options.resume) {
      const loaded = await load(path)
      if (!loaded) {
        throw new UsageError(
          `There is no interrupted ${options.kind} of this input to resume (no journal at ${path}); run it again without --resume.`,
        )
      }

      const journal = new BulkJournal(path, loaded.nonce, loaded.entries)
      journal.#handle = await open(path, 'a', 0o600)
      return journal
    }

    const nonce = randomBytes(16).toString('hex')
    const header: JournalHeader = {journal: 1, kind: options.kind, nonce, startedAt: new Date().toISOString()}
    const handle = await open(path, 'w', 0o600)
    await handle.write(`${JSON.stringify(header)}\n`)
    const journal = new BulkJournal(path, nonce, new Map())
    journal.#handle = handle
    return journal
  }

  /** Whether an earlier journal of this run exists and was not finished (to suggest --resume). */
  static async hasUnfinished(directory: string, key: string, kind: string): Promise<boolean> {
    const loaded = await load(journalPath(directory, key, kind))
    return loaded !== undefined && !loaded.finished
  }

  /** The entry's state from an earlier, interrupted run (resume only). */
  previous(name: string): JournalEntry | undefined {
    return this.#entries.get(name)
  }

  isDone(name: string): boolean {
    const state = this.#entries.get(name)?.state
    return state !== undefined && DONE_STATES.has(state)
  }

  /**
   * The client request token of an entry's write: derived from the run's nonce and the name,
   * so a resumed run sends the very token the interrupted one did. Shaped like a UUID (32–64
   * characters, as ClientRequestToken requires).
   */
  tokenFor(name: string, purpose = 'value'): string {
    const hex = createHash('sha256').update(`${this.#nonce}\0${purpose}\0${name}`).digest('hex')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }

  /** Appends one state change; each line goes out in a single write so a crash never leaves half a line. */
  async record(name: string, entry: JournalEntry): Promise<void> {
    this.#entries.set(name, entry)
    await this.#handle?.write(`${JSON.stringify({name, ...entry})}\n`)
  }

  /** Marks the run finished (nothing left to resume) and closes the file. */
  async finish(): Promise<void> {
    await this.#handle?.write(`${JSON.stringify({finished: true})}\n`)
    await this.close()
  }

  async close(): Promise<void> {
    await this.#handle?.close()
    this.#handle = undefined
  }

  /** Removes the journal (a dry run keeps none). */
  async discard(): Promise<void> {
    await this.close()
    await rm(this.path, {force: true})
  }
}

/** One file per run key, named by a hash: the key holds paths and names, which need not be on show. */
function journalPath(directory: string, key: string, kind: string): string {
  return join(directory, 'journals', `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 24)}.jsonl`)
}

async function load(
  path: string,
): Promise<{nonce: string; entries: Map<string, JournalEntry>; finished: boolean} | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }

  const entries = new Map<string, JournalEntry>()
  let nonce: string | undefined
  let finished = false
  for (const line of text.split('\n')) {
    if (line === '') continue
    let record: Record<string, unknown>
    try {
      record = JSON.parse(line) as Record<string, unknown>
    } catch {
      continue // a line cut short by a crash: the entry is treated as not started
    }

    if (record.journal === 1 && typeof record.nonce === 'string') nonce = record.nonce
    else if (record.finished === true) finished = true
    else if (typeof record.name === 'string' && typeof record.state === 'string') {
      entries.set(record.name, {
        state: record.state as JournalState,
        token: typeof record.token === 'string' ? record.token : undefined,
        action: record.action === 'create' || record.action === 'update' ? record.action : undefined,
      })
    }
  }

  return nonce === undefined ? undefined : {nonce, entries, finished}
}
