// The client-side cache's files: a private directory under the XDG cache directory holding
// the manifest (cache.json), the key file where no keychain answers, one sealed file per
// cached secret version (entries/), and hit/miss counters (stats.json). At most 1,000
// entries, as the AWS caching clients and the Secrets Manager Agent keep by default; the least
// recently used goes first (a hit touches its file's mtime). Every failure to read an entry is
// a miss, never an error: the store is the truth, the cache only saves calls. Writes are
// temp + rename, so concurrent secretsmith processes see whole entries or none.
import {randomBytes} from 'node:crypto'
import {chmod, lstat, mkdir, readdir, rename, rm, stat, unlink, utimes, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import type {Keychain} from '../keychain.js'
import {assertOwnedPrivately} from '../stores/local-trust.js'
import {TEMP_PREFIX, isNotFound, readFileIfExists, writeFileAtomically} from '../stores/local-records.js'
import {
  type CacheEntry,
  type VersionSelector,
  deriveEntryKey,
  entryFileName,
  isEntryFileName,
  openEntry,
  readEntryHeader,
  sealEntry,
  secretFilePrefix,
} from './cache-entry.js'
import {type CacheManifest, createCacheKey, loadCacheKey, readCacheManifest, writeCacheManifest} from './cache-key.js'
import {plural} from '../wording.js'

/** The AWS caching clients' and the Agent's default capacity. */
export const DEFAULT_MAX_ENTRIES = 1000
const ENTRIES_DIR = 'entries'
const STATS_FILE = 'stats.json'
/** A temp file older than this belongs to a writer that died. */
const STALE_TEMP_MS = 60 * 60 * 1000

export interface CacheStats {
  hits: number
  misses: number
  /** Past the TTL, and a DescribeSecret showed the version unchanged: no GetSecretValue. */
  refreshes: number
  /** Past the TTL, the store unreachable, and --allow-stale served the old value. */
  stale: number
  since?: string
}

export type CacheStatKind = Exclude<keyof CacheStats, 'since'>

export interface CacheEntryInfo {
  fileName: string
  fetchedAt: number
  lastUsedAt: number
  bytes: number
  /** With names only (needs the key): what the entry holds, values aside. */
  opened?: Omit<CacheEntry, 'secret'> & {name: string; versionId: string; stages: string[]}
}

export interface SecretCacheOptions {
  directory: string
  keychain: Keychain | undefined
  warn: (message: string) => void
  debug: (message: string) => void
  maxEntries?: number
  now?: () => number
}

/** Thrown when the cache cannot be used safely this run (the caller reads the store directly). */
export class CacheUnusableError extends Error {}

export class SecretCache {
  readonly directory: string
  readonly #options: SecretCacheOptions
  readonly #maxEntries: number
  readonly #now: () => number
  #ready: Promise<{manifest: CacheManifest; entryKey: Buffer; salt: Buffer}> | undefined

  constructor(options: SecretCacheOptions) {
    this.directory = options.directory
    this.#options = options
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES
    this.#now = options.now ?? Date.now
  }

  get #entriesDir(): string {
    return join(this.directory, ENTRIES_DIR)
  }

  /** The cached entry for this read, or undefined. A damaged or foreign entry is removed. */
  async lookup(scope: string, secretId: string, selector: VersionSelector): Promise<CacheEntry | undefined> {
    const {entryKey, salt} = await this.#open()
    const fileName = entryFileName(salt, scope, secretId, selector)
    const path = join(this.#entriesDir, fileName)
    const sealed = await readFileIfExists(path)
    if (sealed === undefined) return undefined
    const entry = openEntry(entryKey, fileName, sealed)
    if (entry && entry.scope === scope && entry.secretId === secretId) return entry
    this.#options.debug('cache: an entry failed authentication and was removed')
    await unlink(path).catch(() => {})
    return undefined
  }

  /** Marks an entry used now, for least-recently-used eviction. */
  async touch(scope: string, secretId: string, selector: VersionSelector): Promise<void> {
    const {salt} = await this.#open()
    const now = new Date(this.#now())
    await utimes(join(this.#entriesDir, entryFileName(salt, scope, secretId, selector)), now, now).catch(() => {})
  }

  async save(entry: CacheEntry): Promise<void> {
    const {entryKey, salt} = await this.#open()
    const fileName = entryFileName(salt, entry.scope, entry.secretId, entry.selector)
    await writeFileAtomically(join(this.#entriesDir, fileName), sealEntry(entryKey, fileName, entry))
    await this.#evict()
  }

  /**
   * Drops every cached version of these secrets (names or ARNs) in this target. Needs no key:
   * file names are keyed by the manifest's naming salt. With no manifest nothing was cached.
   */
  async invalidate(scope: string, secretIds: readonly string[]): Promise<number> {
    const manifest = await readCacheManifest(this.directory)
    if (!manifest) return 0
    const salt = Buffer.from(manifest.namingSalt, 'base64')
    const prefixes = [...new Set(secretIds)].map((id) => secretFilePrefix(salt, scope, id))
    let removed = 0
    for (const fileName of await this.#entryFiles()) {
      if (!prefixes.some((prefix) => fileName.startsWith(prefix))) continue
      await unlink(join(this.#entriesDir, fileName)).catch(() => {})
      removed++
    }

    return removed
  }

  /** Drops every entry that holds this secret (by the name or ARN it was read with, or its own), in any target. */
  async clearSecret(nameOrArn: string): Promise<number> {
    const {entryKey} = await this.#open()
    let removed = 0
    for (const fileName of await this.#entryFiles()) {
      const path = join(this.#entriesDir, fileName)
      const sealed = await readFileIfExists(path)
      const entry = sealed && openEntry(entryKey, fileName, sealed)
      if (entry && ![entry.secretId, entry.secret.name, entry.secret.arn].includes(nameOrArn)) continue
      // Entries that no longer open are dropped too: nothing could ever read them.
      await unlink(path).catch(() => {})
      if (entry) removed++
    }

    return removed
  }

  /** Drops every entry and the counters; the key stays, so no new key-file warning follows. */
  async clearAll(): Promise<number> {
    const count = (await this.#entryFiles()).length
    await rm(this.#entriesDir, {recursive: true, force: true})
    await rm(join(this.directory, STATS_FILE), {force: true})
    return count
  }

  /** Entries with their ages (no key needed), and what they hold when `withNames`. */
  async entries(withNames = false): Promise<CacheEntryInfo[]> {
    const entryKey = withNames ? (await this.#open()).entryKey : undefined
    const infos: CacheEntryInfo[] = []
    for (const fileName of await this.#entryFiles()) {
      const path = join(this.#entriesDir, fileName)
      const [sealed, stats] = await Promise.all([readFileIfExists(path), stat(path).catch(() => undefined)])
      const header = sealed && readEntryHeader(sealed)
      if (!sealed || !stats || !header) continue
      const info: CacheEntryInfo = {fileName, fetchedAt: header.fetchedAt, lastUsedAt: stats.mtimeMs, bytes: stats.size}
      if (entryKey) {
        const entry = openEntry(entryKey, fileName, sealed)
        if (!entry) continue
        const {secret, ...rest} = entry
        info.opened = {...rest, name: secret.name, versionId: secret.versionId, stages: secret.stages}
      }

      infos.push(info)
    }

    return infos.sort((a, b) => b.lastUsedAt - a.lastUsedAt)
  }

  async stats(): Promise<CacheStats> {
    const raw = await readFileIfExists(join(this.directory, STATS_FILE)).catch(() => undefined)
    const empty: CacheStats = {hits: 0, misses: 0, refreshes: 0, stale: 0}
    if (!raw) return empty
    try {
      const parsed = JSON.parse(raw.toString('utf8')) as Partial<CacheStats>
      const count = (value: unknown) =>
        typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0
      return {
        hits: count(parsed.hits),
        misses: count(parsed.misses),
        refreshes: count(parsed.refreshes),
        stale: count(parsed.stale),
        ...(typeof parsed.since === 'string' ? {since: parsed.since} : {}),
      }
    } catch {
      return empty
    }
  }

  /**
   * Counts one outcome. Best effort: two processes counting at the same instant may lose one
   * increment (no lock on the read path, which must stay as fast as a local read).
   */
  async count(kind: CacheStatKind): Promise<void> {
    try {
      const stats = await this.stats()
      stats[kind]++
      stats.since ??= new Date(this.#now()).toISOString()
      // Counters are not worth an fsync on the read path: a crash may lose the last few.
      const temp = join(this.directory, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`)
      await writeFile(temp, JSON.stringify(stats), {mode: 0o600, flag: 'wx'})
      await rename(temp, join(this.directory, STATS_FILE)).catch(async (error: unknown) => {
        await unlink(temp).catch(() => {})
        throw error
      })
    } catch (error) {
      this.#options.debug(`cache: counters not updated (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    }
  }

  /** Whether anything was ever cached here (a manifest exists); reading names needs it. */
  async exists(): Promise<boolean> {
    return (await readCacheManifest(this.directory)) !== undefined
  }

  /** Where the key is kept, for `cache status` (undefined before the first cached read). */
  async keySource(): Promise<string | undefined> {
    const manifest = await readCacheManifest(this.directory)
    if (!manifest) return undefined
    return manifest.keySource === 'keychain' ? 'the OS keychain' : join(this.directory, 'cache.key')
  }

  #open(): Promise<{manifest: CacheManifest; entryKey: Buffer; salt: Buffer}> {
    this.#ready ??= this.#openOnce()
    return this.#ready
  }

  async #openOnce(): Promise<{manifest: CacheManifest; entryKey: Buffer; salt: Buffer}> {
    await ensurePrivateCacheDirectory(this.directory)
    const context = {
      directory: this.directory,
      keychain: this.#options.keychain,
      warn: this.#options.warn,
      debug: this.#options.debug,
    }
    let manifest = await readCacheManifest(this.directory)
    let key = manifest && (await loadCacheKey(context, manifest))
    if (!manifest || !key) {
      if (manifest) this.#options.debug('cache: its key is missing or does not match; starting an empty cache')
      await rm(this.#entriesDir, {recursive: true, force: true})
      ;({key, manifest} = await createCacheKey(context, new Date(this.#now())))
      await writeCacheManifest(this.directory, manifest)
    }

    await mkdir(this.#entriesDir, {recursive: true, mode: 0o700})
    return {manifest, entryKey: deriveEntryKey(key), salt: Buffer.from(manifest.namingSalt, 'base64')}
  }

  async #entryFiles(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.#entriesDir)
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }

    return names.filter(isEntryFileName)
  }

  /** Least recently used first, down to the capacity; also sweeps temp files of crashed writers. */
  async #evict(): Promise<void> {
    const names = await readdir(this.#entriesDir)
    const now = this.#now()
    for (const name of names.filter((name) => name.startsWith(TEMP_PREFIX))) {
      const stats = await stat(join(this.#entriesDir, name)).catch(() => undefined)
      if (stats && now - stats.mtimeMs > STALE_TEMP_MS) await unlink(join(this.#entriesDir, name)).catch(() => {})
    }

    const entries = names.filter(isEntryFileName)
    if (entries.length <= this.#maxEntries) return
    const aged = await Promise.all(
      entries.map(async (name) => ({
        name,
        usedAt: (await stat(join(this.#entriesDir, name)).catch(() => undefined))?.mtimeMs ?? 0,
      })),
    )
    aged.sort((a, b) => a.usedAt - b.usedAt)
    for (const {name} of aged.slice(0, entries.length - this.#maxEntries))
      await unlink(join(this.#entriesDir, name)).catch(() => {})
    this.#options.debug(
      `cache: evicted ${plural(entries.length - this.#maxEntries, 'least recently used entry', 'least recently used entries')}`,
    )
  }
}

/**
 * The cache directory, created 0700. Like the local store's directory (and ssh's ~/.ssh), one
 * owned by another user or writable by others is refused (exit 2): another user could read or
 * plant entries. One others can only read is made private.
 */
async function ensurePrivateCacheDirectory(directory: string): Promise<void> {
  await mkdir(directory, {recursive: true, mode: 0o700})
  const stats = await lstat(directory)
  if (!stats.isDirectory()) throw new CacheUnusableError(`the cache directory ${directory} is not a directory`)
  assertOwnedPrivately(stats, directory, 'cache directory')
  if (process.platform !== 'win32' && (stats.mode & 0o077) !== 0) await chmod(directory, 0o700)
}
