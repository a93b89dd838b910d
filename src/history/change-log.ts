// The local change log: one JSON line per write secretsmith makes (either store), appended to
// an owner-only file under the data directory, so "who changed what, when, from which machine"
// has an answer even without CloudTrail. Lines hold names, version ids, labels and key names;
// never a value, never a fingerprint of one.
//
// How a write gets recorded: the store a command opens is wrapped by recordWrites() (see
// base-command.ts), so every successful write through the SecretStore port appends a line
// with no help from the workflow. A workflow that knows more (the keys a put changed, the
// version it replaced) says so just before writing, through the ChangeRecorder in its context:
//
//     context.changes?.describeNext(name, {keys: summarizeChange(before, after), versionBefore})
//
// A workflow that writes outside the port (none today) calls ChangeRecorder.append() itself.
// recordWrites() forwards every call unchanged, so it composes with other SecretStore
// wrappers (a cache) in either order.
//
// Concurrency: each line is written with one write() on a descriptor opened O_APPEND, and is
// kept under MAX_LINE_BYTES (below Linux's 4 KiB PIPE_BUF), so lines from concurrent
// secretsmith processes land whole, one after another, never interleaved.
import {constants} from 'node:fs'
import {mkdir, open} from 'node:fs/promises'
import {hostname, userInfo} from 'node:os'
import {join} from 'node:path'

import type {SecretStore} from '../stores/store.js'
import type {ChangeLogEntry, KeyChanges} from '../output/change-log.js'

export const CHANGE_LOG_FILE = 'change-log.jsonl'
/** A line longer than this is shortened (key lists become counts) before it is written. */
export const MAX_LINE_BYTES = 4000
const FILE_MODE = 0o600
const DIR_MODE = 0o700

/** What a workflow adds to the line of its next write to a secret. */
export interface ChangeDetail {
  /** The keys the write changed (for a JSON value); names only. */
  keys?: KeyChanges
  /** The version AWSCURRENT was on before the write. */
  versionBefore?: string
  /** A short phrase for a change with no version: "description", "tags +team -owner". */
  summary?: string
}

export interface ChangeRecorderOptions {
  /** The data directory (the local store's directory); the log is CHANGE_LOG_FILE inside it. */
  dataDir: string
  command: string
  /** Where a line that could not be written is reported (never fails the write itself). */
  warn?: (message: string) => void
  clock?: () => Date
}

/** Collects what workflows know about their writes and appends the lines. One per command run. */
export class ChangeRecorder {
  readonly path: string
  readonly #options: ChangeRecorderOptions
  readonly #pending = new Map<string, ChangeDetail>()
  #identity: {user: string; host: string} | undefined

  constructor(options: ChangeRecorderOptions) {
    this.#options = options
    this.path = join(options.dataDir, CHANGE_LOG_FILE)
  }

  /** Adds detail to the line of the next write to `name` (made through a recordWrites() store). */
  describeNext(name: string, detail: ChangeDetail): void {
    this.#pending.set(name, {...this.#pending.get(name), ...detail})
  }

  /** Takes (and forgets) the detail a workflow gave for `name`. */
  takeDetail(...names: Array<string | undefined>): ChangeDetail {
    for (const name of names) {
      if (name === undefined) continue
      const detail = this.#pending.get(name)
      if (detail) {
        for (const key of names) if (key !== undefined) this.#pending.delete(key)
        return detail
      }
    }

    return {}
  }

  /** Appends one line. Never throws: a write that happened is not undone by a log that failed. */
  async append(entry: Omit<ChangeLogEntry, 'time' | 'user' | 'host' | 'command'>): Promise<void> {
    this.#identity ??= currentIdentity()
    const line: ChangeLogEntry = {
      time: (this.#options.clock?.() ?? new Date()).toISOString(),
      ...this.#identity,
      command: this.#options.command,
      ...entry,
    }
    try {
      await appendLine(this.#options.dataDir, this.path, encodeLine(line))
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
      this.#options.warn?.(`the change was made, but could not be recorded in the change log ${this.path} (${code}).`)
    }
  }
}

/** The JSON line for `entry`, shortened to MAX_LINE_BYTES: key lists first, then the summary. */
export function encodeLine(entry: ChangeLogEntry): Buffer {
  let line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8')
  if (line.length <= MAX_LINE_BYTES) return line
  const {keys, ...rest} = entry
  const shorter: ChangeLogEntry = keys
    ? {...rest, keyCount: keys.added.length + keys.modified.length + keys.removed.length}
    : rest
  line = Buffer.from(`${JSON.stringify(shorter)}\n`, 'utf8')
  if (line.length <= MAX_LINE_BYTES) return line
  const {summary: _summary, ...bare} = shorter
  return Buffer.from(`${JSON.stringify(bare)}\n`, 'utf8')
}

async function appendLine(dataDir: string, path: string, line: Buffer): Promise<void> {
  await mkdir(dataDir, {recursive: true, mode: DIR_MODE})
  // O_NOFOLLOW: a symlink planted in place of the log is refused, never followed.
  const handle = await open(
    path,
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW,
    FILE_MODE,
  )
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), {code: 'ENOTREGULAR'})
    if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
      throw Object.assign(new Error('owned by another user'), {code: 'EOWNER'})
    }

    // Whatever widened it (a restore from backup, a umask), the log is the owner's alone.
    if ((stat.mode & 0o077) !== 0) await handle.chmod(FILE_MODE)
    // One write() of the whole line: O_APPEND puts it at the end atomically.
    const {bytesWritten} = await handle.write(line, 0, line.length, null)
    if (bytesWritten !== line.length) throw Object.assign(new Error('short write'), {code: 'ESHORTWRITE'})
  } finally {
    await handle.close()
  }
}

function currentIdentity(): {user: string; host: string} {
  let user: string
  try {
    user = userInfo().username
  } catch {
    // No passwd entry (some containers): the uid still says who.
    user =
      process.env.USER ??
      process.env.USERNAME ??
      (typeof process.getuid === 'function' ? `uid ${process.getuid()}` : 'unknown')
  }

  return {user, host: hostname()}
}

/**
 * The store, with every successful write recorded in the change log. Reads pass straight
 * through; arguments and results are forwarded unchanged.
 */
export function recordWrites(store: SecretStore, recorder: ChangeRecorder): SecretStore {
  const record = async (
    operation: string,
    secretId: string,
    written: {name?: string; versionId?: string},
    extra: Partial<ChangeLogEntry> = {},
  ) => {
    const secret = written.name ?? secretId
    const detail = recorder.takeDetail(secretId, secret)
    const target = await store.target()
    await recorder.append({
      store: {kind: target.kind, label: target.label},
      secret,
      operation,
      ...defined({
        versionBefore: extra.versionBefore ?? detail.versionBefore,
        versionAfter: extra.versionAfter ?? written.versionId,
        stage: extra.stage,
        keys: detail.keys,
        summary: extra.summary ?? detail.summary,
      }),
    })
  }

  /** Runs a write; on failure forgets the workflow's detail, so it never lands on a later line. */
  const write = async <T>(secretId: string, run: () => Promise<T>, after: (result: T) => Promise<void>): Promise<T> => {
    let result: T
    try {
      result = await run()
    } catch (error) {
      recorder.takeDetail(secretId)
      throw error
    }

    await after(result)
    return result
  }

  const wrapped: SecretStore = {
    kind: store.kind,
    target: () => store.target(),
    getValue: (name, options) => store.getValue(name, options),
    // A read, and optional: present only when the store has a batch call.
    ...(store.getCurrentValues ? {getCurrentValues: (names: string[]) => store.getCurrentValues!(names)} : {}),
    describe: (name) => store.describe(name),
    list: (options) => store.list(options),
    listVersions: (name, options) => store.listVersions(name, options),
    randomPassword: (options) => store.randomPassword(options),
    getResourcePolicy: (name) => store.getResourcePolicy(name),
    close: () => store.close(),

    create: (input) =>
      write(
        input.name,
        () => store.create(input),
        (result) => record('create', input.name, result),
      ),
    putValue: (input) =>
      write(
        input.name,
        () => store.putValue(input),
        (result) =>
          record('put-value', input.name, result, {
            ...defined({versionBefore: input.expectedCurrentVersionId}),
            ...(input.stages && input.stages.length > 0 && !input.stages.includes('AWSCURRENT')
              ? {summary: `labels ${input.stages.join(',')}`}
              : {}),
          }),
      ),
    moveStage: (name, input) =>
      write(
        name,
        () => store.moveStage(name, input),
        (result) =>
          record('move-stage', name, result, {
            stage: input.stage,
            ...defined({versionBefore: input.removeFromVersionId, versionAfter: input.moveToVersionId}),
          }),
      ),
    updateMetadata: (name, input) =>
      write(
        name,
        () => store.updateMetadata(name, input),
        (result) =>
          record('update-metadata', name, result, {
            summary: [
              input.description === undefined ? '' : 'description',
              input.kmsKeyId === undefined ? '' : 'kms key',
            ]
              .filter(Boolean)
              .join(', '),
          }),
      ),
    tag: (name, tags) =>
      write(
        name,
        () => store.tag(name, tags),
        () => record('tag', name, {}, {summary: `tags ${tags.map((tag) => `+${tag.key}`).join(' ')}`}),
      ),
    untag: (name, keys) =>
      write(
        name,
        () => store.untag(name, keys),
        () => record('untag', name, {}, {summary: `tags ${keys.map((key) => `-${key}`).join(' ')}`}),
      ),
    delete: (name, options) =>
      write(
        name,
        () => store.delete(name, options),
        (result) =>
          record(
            options?.force ? 'force-delete' : 'delete',
            name,
            result,
            options?.force ? {} : {summary: `deletion scheduled for ${result.deletionDate.toISOString()}`},
          ),
      ),
    restore: (name) =>
      write(
        name,
        () => store.restore(name),
        (result) => record('restore', name, result),
      ),
    rotate: (name, input) =>
      write(
        name,
        () => store.rotate(name, input),
        (result) => record('rotate', name, result),
      ),
    cancelRotation: (name) =>
      write(
        name,
        () => store.cancelRotation(name),
        (result) => record('cancel-rotation', name, result),
      ),
    replicate: (name, regions) =>
      write(
        name,
        () => store.replicate(name, regions),
        () => record('replicate', name, {}, {summary: `regions +${regions.map((region) => region.region).join(' +')}`}),
      ),
    removeReplicas: (name, regions) =>
      write(
        name,
        () => store.removeReplicas(name, regions),
        () => record('remove-replicas', name, {}, {summary: `regions -${regions.join(' -')}`}),
      ),
  }
  return wrapped
}

function defined<T extends Record<string, unknown>>(object: T): {[K in keyof T]?: Exclude<T[K], undefined>} {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== '')) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

export interface ChangeLogQuery {
  /** Only lines for this secret (by name, or by the name inside an ARN). */
  secret?: string
  /** Only lines at or after this time. */
  since?: Date
}

export interface ChangeLogRead {
  entries: ChangeLogEntry[]
  /** Lines that did not parse (a crash mid-line on a filesystem without atomic appends, an edit by hand). */
  skippedLines: number
}

/** The log's lines that match, oldest first. A missing log is an empty one. */
export async function readChangeLog(dataDir: string, query: ChangeLogQuery = {}): Promise<ChangeLogRead> {
  const path = join(dataDir, CHANGE_LOG_FILE)
  let text: string
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW)
    try {
      text = await handle.readFile('utf8')
    } finally {
      await handle.close()
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {entries: [], skippedLines: 0}
    throw error
  }

  const wanted = query.secret === undefined ? undefined : nameOfSecretId(query.secret)
  const entries: ChangeLogEntry[] = []
  let skippedLines = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let entry: ChangeLogEntry
    try {
      entry = JSON.parse(line) as ChangeLogEntry
      if (typeof entry?.time !== 'string' || typeof entry.secret !== 'string' || typeof entry.operation !== 'string')
        throw new TypeError('shape')
    } catch {
      skippedLines++
      continue
    }

    if (wanted !== undefined && nameOfSecretId(entry.secret) !== wanted) continue
    if (query.since && Date.parse(entry.time) < query.since.getTime()) continue
    entries.push(entry)
  }

  return {entries, skippedLines}
}

/**
 * arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf, or the partial ARN without the
 * suffix → NAME; a name stays a name. As in Secrets Manager, an ARN ending in a hyphen and six
 * characters is read as a full ARN.
 */
export function nameOfSecretId(secretId: string): string {
  const match = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+?)(?:-[A-Za-z0-9]{6})?$/.exec(secretId)
  return match ? match[1] : secretId
}
