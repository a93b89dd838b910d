// Opening the local store: checking that it may be trusted (local-trust.ts), reading its
// manifest and key, warning when others can read its directory, purging what has expired; and
// creating it (directory, key, manifest) on the first write. Reads of a store that was never
// written find nothing and create nothing. File-system failures (permission denied, a
// read-only file system, a file where a directory should be) are named here, with the path.
import {chmod, lstat, readdir} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {IntegrityError, SecretsmithError, foreignOwnerError, storePathUnusableError} from '../errors.js'
import type {Keychain} from '../keychain.js'
import {
  KEY_FILE,
  type KeyContext,
  type StoreManifest,
  createStoreKey,
  loadStoreKey,
  moveKeyIntoKeychain,
  readManifest,
  removeLeftoverKeyFile,
  writeManifest,
} from './local-key.js'
import {type HeldLock, LOCK_DIR, LOCK_OWNER_FILE, ifStoreLockFree, withStoreLock} from './local-lock.js'
import {purgeIfDue} from './local-purge.js'
import type {OpenStore} from './local-read.js'
import {DIR_MODE, TEMP_PREFIX, deriveRecordKeys, ensurePrivateDirectory, secretsDirectory} from './local-records.js'
import {assertSafeAncestors, readTrustedFile, trustedInnerDirectory, trustedStoreDirectory} from './local-trust.js'

/** What opening, locking and upkeep need to know about one LocalStore. */
export interface LocalStoreSettings {
  readonly directory: string
  /** The keychain to use, or undefined when it is switched off. */
  readonly keychain: Keychain | undefined
  readonly clock: () => Date
  readonly warn: (message: string) => void
  readonly notice: (message: string) => void
  readonly debug: (message: string) => void
  /** Move a key kept in a key file into the keychain (SECRETSMITH_KEYCHAIN=on). */
  readonly moveKeyToKeychain: boolean
  readonly lockWaitMs: number | undefined
}

/** Runs `work` under the store's write lock, waiting as long as the settings allow. */
export async function withLocalLock<T>(settings: LocalStoreSettings, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  return withStoreLock(settings.directory, work, {waitMs: settings.lockWaitMs, notice: settings.warn})
}

/** The store as it is on disk, or undefined when nothing was ever written here. */
export async function openExistingStore(settings: LocalStoreSettings): Promise<OpenStore | undefined> {
  const {directory} = settings
  const stats = await trustedStoreDirectory(directory)
  if (!stats) return undefined
  let manifest = await readManifest(directory)
  if (!manifest) return undefined
  warnIfReadableByOthers(settings, stats.mode)
  await trustedInnerDirectory(secretsDirectory({directory}), "local store's secrets directory")
  // Only here, on request, and when the store was created is the keychain asked anything: a
  // store whose key is in a key file opens without probing for a keychain (or loading its binding).
  if (settings.moveKeyToKeychain && settings.keychain) manifest = await moveKeyUnderLock(settings, manifest)
  const key = await loadKeyFollowingAMove(settings, manifest)
  const store = {directory, manifest, keys: deriveRecordKeys(key)}
  key.fill(0)
  await purgeIfDue(store, settings.clock(), settings.debug)
  return store
}

/** Creates the store (directory, key, manifest) unless another process did so first. */
export async function createStore(settings: LocalStoreSettings): Promise<void> {
  const {directory, debug} = settings
  await assertSafeAncestors(directory)
  await ensurePrivateDirectory(directory)
  await makeDirectoryPrivate(settings)
  await trustedStoreDirectory(directory)
  await withLocalLock(settings, async (lock) => {
    // Another process may have created it while we waited for the lock.
    if (await readManifest(directory)) return
    const {key, manifest} = await createStoreKey(keyContext(settings), settings.clock())
    key.fill(0)
    lock.assertHeld()
    await writeManifest(directory, manifest)
    debug(
      `local store: created ${directory} (key in ${manifest.keySource === 'file' ? 'a key file' : 'the OS keychain'})`,
    )
  })
}

/**
 * Moves the key into the keychain under the store lock, or finishes a move a crash interrupted.
 * Upkeep the user asked for, not what the command is for: it never waits for another
 * process's lock (the next run tries again), and a store it cannot change (read-only, say)
 * keeps its key file with a warning, the command going on with it.
 */
async function moveKeyUnderLock(settings: LocalStoreSettings, manifest: StoreManifest): Promise<StoreManifest> {
  const keyFile = join(settings.directory, KEY_FILE)
  if (manifest.keySource === 'keychain' && (await readTrustedFile(keyFile, "local store's key file")) === undefined) {
    return manifest
  }

  let moved: StoreManifest | undefined
  try {
    moved = await ifStoreLockFree(settings.directory, async (lock) => {
      // Another process may have moved it before we got the lock.
      const current = (await readManifest(settings.directory)) ?? manifest
      const context = keyContext(settings)
      if (current.keySource === 'file') {
        return moveKeyIntoKeychain(context, current, () => lock.assertHeld())
      }

      await removeLeftoverKeyFile(context, current)
      return current
    })
  } catch (error) {
    // A key that cannot be read is the store's problem, and reading it next will say so.
    if (error instanceof IntegrityError || !(error instanceof Error)) throw error
    const why =
      error instanceof SecretsmithError ? error.message : ((error as NodeJS.ErrnoException).code ?? error.name)
    settings.warn(`The local store key stays where it is: moving it into the OS keychain failed (${why}).`)
    return manifest
  }

  if (moved === undefined) settings.debug('local store: busy, so the key is not moved into the keychain this time')
  return moved ?? manifest
}

/**
 * The key, as the manifest read a moment ago says. A key file that has gone meanwhile was
 * moved into the keychain by another process (SECRETSMITH_KEYCHAIN=on): the manifest says so now.
 */
async function loadKeyFollowingAMove(settings: LocalStoreSettings, manifest: StoreManifest): Promise<Buffer> {
  const context = keyContext(settings)
  try {
    return await loadStoreKey(context, manifest)
  } catch (error) {
    if (!(error instanceof IntegrityError) || manifest.keySource !== 'file') throw error
    const now = await readManifest(settings.directory)
    if (now?.keySource !== 'keychain') throw error
    return loadStoreKey(context, now)
  }
}

export function storeNotCreated(directory: string): IntegrityError {
  return new IntegrityError(
    `The local store ${directory} could not be created (its manifest is missing after writing it).`,
  )
}

function keyContext(settings: LocalStoreSettings): KeyContext {
  const {directory, keychain, warn, notice, debug} = settings
  return {directory, keychain, warn, notice, debug}
}

/**
 * A new store's directory is tightened to 0700 when it is ours and holds nothing else
 * (SECRETSMITH_HOME may name a directory made with the default umask); one holding anything
 * else is left as it is, and trusted only if nobody else can write to it.
 */
async function makeDirectoryPrivate({directory, debug}: LocalStoreSettings): Promise<void> {
  if (process.platform === 'win32') return
  const stats = await lstat(directory)
  if (typeof process.getuid === 'function' && stats.uid !== process.getuid()) {
    throw foreignOwnerError('local store directory', directory, stats.uid)
  }

  if (!stats.isDirectory() || (stats.mode & 0o077) === 0) return
  const others = (await readdir(directory)).filter(
    (entry) => entry !== LOCK_DIR && entry !== LOCK_OWNER_FILE && entry !== KEY_FILE && !entry.startsWith(TEMP_PREFIX),
  )
  if (others.length === 0) {
    await chmod(directory, DIR_MODE)
    debug(`local store: made ${directory} private (mode ${DIR_MODE.toString(8)})`)
  }
}

/** Others reading the store see only sealed records and opaque names; still, say so. Others writing it is refused. */
function warnIfReadableByOthers({directory, warn}: LocalStoreSettings, mode: number): void {
  if (process.platform === 'win32' || (mode & 0o077) === 0) return
  warn(
    `The local store directory ${directory} is open to other users (mode ${(mode & 0o777).toString(8)}); run: chmod ${DIR_MODE.toString(8)} ${directory}`,
  )
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'not a directory',
  EEXIST: 'exists and is not a directory',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
}

/**
 * Runs `work` on the store, naming a file-system failure with its path and reason (exit 2)
 * instead of letting it surface as an unexpected error. Our own errors pass through.
 */
export async function namingFileSystemErrors<T>(directory: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof SecretsmithError) throw error
    const {code, path} = (error ?? {}) as NodeJS.ErrnoException
    const reason = code === undefined ? undefined : FILE_SYSTEM_REASONS[code]
    if (reason === undefined || typeof path !== 'string') throw error
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      const blocking = await firstNonDirectory(path)
      throw storePathUnusableError(directory, blocking ?? path, 'not a directory')
    }

    throw storePathUnusableError(directory, path, reason)
  }
}

/** The first path component, from the root down, that exists and is not a directory. */
async function firstNonDirectory(path: string): Promise<string | undefined> {
  const chain: string[] = []
  for (let current = path; ; current = dirname(current)) {
    chain.unshift(current)
    if (dirname(current) === current) break
  }

  for (const candidate of chain) {
    const stats = await lstat(candidate).catch(() => undefined)
    if (!stats) return undefined
    if (!stats.isDirectory() && !stats.isSymbolicLink()) return candidate
  }

  return undefined
}
