// Opening the local store: reading its manifest and key, warning when its directory is open
// to other users, purging what has expired; and creating it (directory, key, manifest) on
// the first write. Reads of a store that was never written find nothing and create nothing.
import {chmod, readdir, stat} from 'node:fs/promises'

import {IntegrityError} from '../errors.js'
import type {Keychain} from '../keychain.js'
import {KEY_FILE, type KeyContext, createStoreKey, loadStoreKey, readManifest, writeManifest} from './local-key.js'
import {type HeldLock, LOCK_DIR, withStoreLock} from './local-lock.js'
import {purgeIfDue} from './local-purge.js'
import type {OpenStore} from './local-read.js'
import {DIR_MODE, TEMP_PREFIX, deriveRecordKeys, ensurePrivateDirectory} from './local-records.js'

/** What opening, locking and upkeep need to know about one LocalStore. */
export interface LocalStoreSettings {
  readonly directory: string
  /** The keychain to use, or undefined when it is switched off. */
  readonly keychain: Keychain | undefined
  readonly clock: () => Date
  readonly warn: (message: string) => void
  readonly debug: (message: string) => void
  readonly lockWaitMs: number | undefined
}

/** Runs `work` under the store's write lock, waiting as long as the settings allow. */
export async function withLocalLock<T>(settings: LocalStoreSettings, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  return withStoreLock(settings.directory, work, {waitMs: settings.lockWaitMs})
}

/** The store as it is on disk, or undefined when nothing was ever written here. */
export async function openExistingStore(settings: LocalStoreSettings): Promise<OpenStore | undefined> {
  const {directory} = settings
  const manifest = await readManifest(directory)
  if (!manifest) return undefined
  await checkDirectoryMode(settings)
  const key = await loadStoreKey(keyContext(settings), manifest)
  const store = {directory, manifest, keys: deriveRecordKeys(key)}
  key.fill(0)
  await purgeIfDue(store, settings.clock(), settings.debug)
  return store
}

/** Creates the store (directory, key, manifest) unless another process did so first. */
export async function createStore(settings: LocalStoreSettings): Promise<void> {
  const {directory, debug} = settings
  await ensurePrivateDirectory(directory)
  await withLocalLock(settings, async (lock) => {
    // Another process may have created it while we waited for the lock.
    if (await readManifest(directory)) return
    await makeDirectoryPrivate(settings)
    const {key, manifest} = await createStoreKey(keyContext(settings), settings.clock())
    key.fill(0)
    lock.assertHeld()
    await writeManifest(directory, manifest)
    debug(
      `local store: created ${directory} (key in ${manifest.keySource === 'file' ? 'a key file' : 'the OS keychain'})`,
    )
  })
}

export function storeNotCreated(directory: string): IntegrityError {
  return new IntegrityError(
    `The local store ${directory} could not be created (its manifest is missing after writing it).`,
  )
}

function keyContext(settings: LocalStoreSettings): KeyContext {
  const {directory, keychain, warn, debug} = settings
  return {directory, keychain, warn, debug}
}

/**
 * A new store's directory is tightened to 0700 when it holds nothing else (SECRETSMITH_HOME
 * may name a directory made with the default umask); a shared directory is only warned about.
 */
async function makeDirectoryPrivate({directory, debug}: LocalStoreSettings): Promise<void> {
  if (process.platform === 'win32') return
  const {mode} = await stat(directory)
  if ((mode & 0o077) === 0) return
  const others = (await readdir(directory)).filter(
    (entry) => entry !== LOCK_DIR && entry !== KEY_FILE && !entry.startsWith(TEMP_PREFIX),
  )
  if (others.length === 0) {
    await chmod(directory, DIR_MODE)
    debug(`local store: made ${directory} private (mode ${DIR_MODE.toString(8)})`)
  }
}

async function checkDirectoryMode({directory, warn}: LocalStoreSettings): Promise<void> {
  if (process.platform === 'win32') return
  const {mode} = await stat(directory)
  if ((mode & 0o077) !== 0) {
    warn(
      `The local store directory ${directory} is open to other users (mode ${(mode & 0o777).toString(8)}); run: chmod ${DIR_MODE.toString(8)} ${directory}`,
    )
  }
}
