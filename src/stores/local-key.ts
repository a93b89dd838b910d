// The local store's key and its manifest (store.json). The 256-bit store key lives in the OS
// keychain (service "secretsmith", account = the store's absolute directory). Where no
// keychain answers, it lives in a 0600 key file inside the 0700 store directory, with a
// warning the one time that file is created; SECRETSMITH_KEYCHAIN=off asks for the key file
// outright (a choice, so only a --debug line). The manifest records which of the two holds
// the key, so a store whose key is in the keychain never silently falls back to a fresh key
// file when the keychain is briefly unavailable. Opening a store whose key is in a key file
// never asks the keychain anything; SECRETSMITH_KEYCHAIN=on moves such a key into the
// keychain (moveKeyIntoKeychain), the file removed only once the keychain has given it back.
import {randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {open, rm} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {IntegrityError, UnavailableError, UsageError} from '../errors.js'
import {KEYCHAIN_SERVICE, type Keychain, KeychainUnavailableError} from '../keychain.js'
import {FILE_MODE, STORE_KEY_BYTES, deriveRecordKeys, syncDirectory, writeFileAtomically} from './local-records.js'
import {readTrustedFile} from './local-trust.js'

const MANIFEST_FILE = 'store.json'
export const KEY_FILE = 'store.key'
const MANIFEST_FORMAT = 1

export type KeySource = 'keychain' | 'file'

/** store.json: no secrets, no names; just how to find the key and when a purge is due. */
export interface StoreManifest {
  format: number
  keySource: KeySource
  keychainService?: string
  keychainAccount?: string
  /** Derived from the key, so a wrong key is reported as such instead of as damaged records. */
  keyCheck: string
  createdDate: string
  /** The earliest date a secret scheduled for deletion becomes purgeable (no names). */
  purgeDueDate?: string
}

export interface KeyContext {
  directory: string
  /** The keychain to use, or undefined when it is switched off. */
  keychain: Keychain | undefined
  warn: (message: string) => void
  /** What happened that the user should hear of, not a warning (the key moved). */
  notice: (message: string) => void
  debug: (message: string) => void
}

export async function readManifest(directory: string): Promise<StoreManifest | undefined> {
  const path = join(directory, MANIFEST_FILE)
  const raw = await readTrustedFile(path, "local store's manifest")
  if (raw === undefined) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw.toString('utf8'))
  } catch {
    // JSON.parse quotes its input in its message; build our own.
    throw new IntegrityError(`The local store manifest ${path} is not valid JSON; the store was not opened.`)
  }

  const manifest = parsed as Partial<StoreManifest>
  if (
    manifest === null ||
    typeof manifest !== 'object' ||
    manifest.format !== MANIFEST_FORMAT ||
    (manifest.keySource !== 'keychain' && manifest.keySource !== 'file') ||
    typeof manifest.keyCheck !== 'string'
  ) {
    throw new IntegrityError(
      `The local store manifest ${path} is damaged or from an unknown version; the store was not opened.`,
    )
  }

  return manifest as StoreManifest
}

export async function writeManifest(directory: string, manifest: StoreManifest): Promise<void> {
  await writeFileAtomically(join(directory, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`)
}

/** Loads the key of an existing store, as its manifest says, and checks it belongs to the store. */
export async function loadStoreKey(context: KeyContext, manifest: StoreManifest): Promise<Buffer> {
  const {directory} = context
  const key = manifest.keySource === 'file' ? await readKeyFile(context) : await readKeychainKey(context, manifest)
  if (deriveRecordKeys(key).check !== manifest.keyCheck) {
    const where = manifest.keySource === 'file' ? join(directory, KEY_FILE) : 'the OS keychain'
    throw new IntegrityError(`The key in ${where} does not belong to the local store ${directory}; nothing was read.`)
  }

  return key
}

/**
 * Creates the key of a new store: in the keychain when one answers, otherwise in a key file
 * (with a one-time warning). Call under the store lock, so parallel first runs agree on one key.
 */
export async function createStoreKey(context: KeyContext, now: Date): Promise<{key: Buffer; manifest: StoreManifest}> {
  const {directory, keychain} = context
  const account = resolve(directory)
  // Undefined when the key file was asked for (SECRETSMITH_KEYCHAIN=off): a choice, not a fallback to warn about.
  let fallbackReason: string | undefined

  if (keychain) {
    try {
      const key = await keychainKeyForNewStore(keychain, account)
      context.debug(`local store key kept in the OS keychain (service ${KEYCHAIN_SERVICE})`)
      return {
        key,
        manifest: {
          format: MANIFEST_FORMAT,
          keySource: 'keychain',
          keychainService: KEYCHAIN_SERVICE,
          keychainAccount: account,
          keyCheck: deriveRecordKeys(key).check,
          createdDate: now.toISOString(),
        },
      }
    } catch (error) {
      if (!(error instanceof KeychainUnavailableError)) throw error
      fallbackReason = error.reason
      context.debug(`OS keychain unavailable: ${fallbackReason}`)
    }
  }

  const key = await keyFileForNewStore(context, fallbackReason)
  return {
    key,
    manifest: {
      format: MANIFEST_FORMAT,
      keySource: 'file',
      keyCheck: deriveRecordKeys(key).check,
      createdDate: now.toISOString(),
    },
  }
}

async function keychainKeyForNewStore(keychain: Keychain, account: string): Promise<Buffer> {
  // An entry left by an earlier store at this path (or a crash before store.json was written) is reused.
  const existing = decodeKey(await keychain.get(account))
  if (existing) return existing
  const key = randomBytes(STORE_KEY_BYTES)
  const encoded = key.toString('base64')
  await keychain.set(account, encoded)
  // Some backends accept a write they cannot read back (e.g. a session keyring that is not persisted).
  if ((await keychain.get(account)) !== encoded) {
    throw new KeychainUnavailableError('it did not return the key it was given')
  }

  return key
}

async function keyFileForNewStore(context: KeyContext, fallbackReason: string | undefined): Promise<Buffer> {
  const path = join(context.directory, KEY_FILE)
  // A key file without a manifest is a first run that crashed half-way: keep its key.
  const existing = await readTrustedFile(path, "local store's key file")
  if (existing !== undefined) return readKeyFile(context)

  const key = randomBytes(STORE_KEY_BYTES)
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, FILE_MODE)
  try {
    await handle.writeFile(`${key.toString('base64')}\n`)
    await handle.sync()
  } finally {
    await handle.close()
  }

  await syncDirectory(context.directory)
  if (fallbackReason === undefined) {
    context.debug(`local store key kept in ${path} (SECRETSMITH_KEYCHAIN=off)`)
    return key
  }

  // Warned once per store: this runs only when the key file is created.
  context.warn(
    `No OS keychain answered (${fallbackReason}); the local store key is kept in the file ${path} (mode 0600). ` +
      'Anyone who can read that file can read this store.',
  )
  return key
}

async function readKeyFile(context: KeyContext): Promise<Buffer> {
  const path = join(context.directory, KEY_FILE)
  const raw = await readTrustedFile(path, "local store's key file", ({mode}) => {
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      context.warn(
        `The local store key file ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`,
      )
    }
  })
  if (raw === undefined) {
    throw new IntegrityError(
      `The local store ${context.directory} keeps its key in ${path}, which is missing; the store cannot be read.`,
    )
  }

  const key = decodeKey(raw.toString('utf8'))
  if (!key) throw new IntegrityError(`The local store key file ${path} is damaged; the store cannot be read.`)
  return key
}

async function readKeychainKey(context: KeyContext, manifest: StoreManifest): Promise<Buffer> {
  const {directory, keychain} = context
  if (!keychain) {
    throw new UsageError(
      `The local store ${directory} keeps its key in the OS keychain, but SECRETSMITH_KEYCHAIN=off; unset it to use this store.`,
    )
  }

  const account = manifest.keychainAccount ?? resolve(directory)
  let encoded: string | undefined
  try {
    encoded = await keychain.get(account)
  } catch (error) {
    if (!(error instanceof KeychainUnavailableError)) throw error
    throw new UnavailableError(
      `The local store ${directory} keeps its key in the OS keychain, which did not answer (${error.reason}). Unlock the keychain or start its service, then retry.`,
    )
  }

  if (encoded === undefined) {
    throw new UnavailableError(
      `The OS keychain has no key for the local store ${directory} (service ${manifest.keychainService ?? KEYCHAIN_SERVICE}, account ${account}); is the keyring unlocked and is this the machine that created the store?`,
    )
  }

  const key = decodeKey(encoded)
  if (!key)
    throw new IntegrityError(
      `The OS keychain entry for the local store ${directory} is damaged; the store cannot be read.`,
    )
  return key
}

function decodeKey(encoded: string | undefined): Buffer | undefined {
  if (encoded === undefined) return undefined
  const text = encoded.trim()
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined
  const key = Buffer.from(text, 'base64')
  return key.length === STORE_KEY_BYTES ? key : undefined
}

/**
 * Moves the key from the key file into the keychain (SECRETSMITH_KEYCHAIN=on). In an order that
 * loses nothing: the keychain entry is written and read back, then the manifest names the
 * keychain, and only then is the key file removed. A keychain that does not take the key leaves
 * the store as it was (a warning says why); a crash after the manifest leaves a key file that
 * the next open with SECRETSMITH_KEYCHAIN=on removes. Call under the store lock.
 */
export async function moveKeyIntoKeychain(
  context: KeyContext,
  manifest: StoreManifest,
  assertLockHeld: () => void,
): Promise<StoreManifest> {
  const {directory, keychain} = context
  if (!keychain || manifest.keySource !== 'file') return manifest
  const path = join(directory, KEY_FILE)
  const key = await loadStoreKey(context, manifest)
  const account = resolve(directory)
  const encoded = key.toString('base64')
  key.fill(0)
  try {
    await keychain.set(account, encoded)
    // Some backends accept a write they cannot read back (e.g. a session keyring that is not persisted).
    if ((await keychain.get(account)) !== encoded) throw new KeychainUnavailableError('it did not return the key')
  } catch (error) {
    if (!(error instanceof KeychainUnavailableError)) throw error
    context.warn(
      `The local store key stays in the file ${path}: SECRETSMITH_KEYCHAIN=on asks to move it into the OS keychain, which did not take it (${error.reason}).`,
    )
    return manifest
  }

  const moved: StoreManifest = {
    ...manifest,
    keySource: 'keychain',
    keychainService: KEYCHAIN_SERVICE,
    keychainAccount: account,
  }
  assertLockHeld()
  await writeManifest(directory, moved)
  await rm(path, {force: true})
  await syncDirectory(directory)
  context.notice(
    `Moved the local store key from ${path} into the OS keychain (service ${KEYCHAIN_SERVICE}); the key file is removed.`,
  )
  return moved
}

/**
 * A key file beside a manifest that names the keychain: a move cut short after the manifest
 * was written. Removed once the keychain's key is known to be the store's and the file holds
 * that same key; a file with any other content is left alone (and reported under --debug).
 */
export async function removeLeftoverKeyFile(context: KeyContext, manifest: StoreManifest): Promise<void> {
  const path = join(context.directory, KEY_FILE)
  const raw = await readTrustedFile(path, "local store's key file")
  if (raw === undefined || manifest.keySource !== 'keychain') return
  const inFile = decodeKey(raw.toString('utf8'))
  const inKeychain = await loadStoreKey(context, manifest)
  try {
    if (!inFile?.equals(inKeychain)) {
      context.debug(`local store: ${path} does not hold the keychain's key; left alone`)
      return
    }

    await rm(path, {force: true})
    await syncDirectory(context.directory)
    context.notice(`Removed ${path}: the local store key is in the OS keychain.`)
  } finally {
    inFile?.fill(0)
    inKeychain.fill(0)
  }
}
