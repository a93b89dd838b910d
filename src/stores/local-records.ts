// The local store's on-disk record format and file discipline. Every record is sealed with
// AES-256-GCM under a key derived from the store key, with a fresh 96-bit IV per write and
// the record's identity (its path inside the store) bound as additional authenticated data,
// so a record copied over another fails authentication instead of being used. Files are
// written temp → fsync → rename → fsync(dir), so a crash leaves the old or the new record,
// never half of one. A record that fails authentication or is cut short is an IntegrityError
// that names the file (and the secret when known), never its content.
import {createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes} from 'node:crypto'
import {constants} from 'node:fs'
import {type FileHandle, mkdir, open, readFile, readdir, rename, rm, unlink} from 'node:fs/promises'
import {dirname, join} from 'node:path'

import {IntegrityError, plantedPathError} from '../errors.js'
import {SecretValue} from '../secret-value.js'

const MAGIC = Buffer.from('SSMR', 'ascii')
const FORMAT_VERSION = 1
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = MAGIC.length + 1 + IV_BYTES
export const STORE_KEY_BYTES = 32

/** Private to the owner: the store directory and everything under it. */
export const DIR_MODE = 0o700
export const FILE_MODE = 0o600

/** Temp files start with this prefix, so a sweep under the lock can remove a crashed writer's leftovers. */
export const TEMP_PREFIX = '.tmp-'
/** The directory holding one directory per secret, named by its file id. */
export const SECRETS_DIR = 'secrets'

/** The keys used for one store, derived from its 256-bit store key so each has one job. */
export interface RecordKeys {
  /** Seals and opens records. */
  readonly encryption: Buffer
  /** Turns secret names into opaque file names. */
  readonly naming: Buffer
  /** Lets store.json say which key it belongs to without revealing it. */
  readonly check: string
}

export function deriveRecordKeys(storeKey: Buffer): RecordKeys {
  if (storeKey.length !== STORE_KEY_BYTES) throw new TypeError(`a store key is ${STORE_KEY_BYTES} bytes`)
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', storeKey, Buffer.alloc(0), `secretsmith/local-store/${info}`, 32))
  return {
    encryption: derive('record-encryption'),
    naming: derive('record-naming'),
    check: derive('key-check').toString('hex').slice(0, 32),
  }
}

/** The opaque directory name of a secret: nothing on disk spells out a secret's name. */
export function secretFileId(keys: RecordKeys, name: string): string {
  return createHmac('sha256', keys.naming).update(name, 'utf8').digest('hex').slice(0, 40)
}

/** The file name of one version's value inside its secret's directory. */
export function versionFileName(versionId: string): string {
  return `v-${createHash('sha256').update(versionId, 'utf8').digest('hex').slice(0, 32)}.rec`
}

export function seal(key: Buffer, plaintext: Buffer, identity: string): Buffer {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(additionalData(identity))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), iv, body, cipher.getAuthTag()])
}

/**
 * Opens a sealed record, or throws IntegrityError naming `what` (a file path and, when the
 * caller knows it, the secret's name) if the record is truncated, tampered with or was
 * sealed for another identity.
 */
export function unseal(key: Buffer, sealed: Buffer, identity: string, what: string): Buffer {
  if (sealed.length < HEADER_BYTES + TAG_BYTES) {
    throw new IntegrityError(
      `The local store record ${what} is truncated (${sealed.length} bytes); it was not used. Restore it from a backup or delete the secret.`,
    )
  }

  if (!sealed.subarray(0, MAGIC.length).equals(MAGIC) || sealed[MAGIC.length] !== FORMAT_VERSION) {
    throw new IntegrityError(
      `The local store record ${what} is not a secretsmith record (bad header); it was not used.`,
    )
  }

  const iv = sealed.subarray(MAGIC.length + 1, HEADER_BYTES)
  const body = sealed.subarray(HEADER_BYTES, sealed.length - TAG_BYTES)
  const tag = sealed.subarray(sealed.length - TAG_BYTES)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv)
    decipher.setAAD(additionalData(identity))
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()])
  } catch {
    throw new IntegrityError(
      `The local store record ${what} failed authentication (tampered with, truncated, or moved from another record); it was not used.`,
    )
  }
}

/** A value record's plaintext: one type byte (text or binary), then the value's bytes. */
const VALUE_TEXT = 0
const VALUE_BINARY = 1

export function sealValue(key: Buffer, value: SecretValue, identity: string): Buffer {
  const bytes = value.revealBytes()
  const plaintext = Buffer.concat([Buffer.from([value.isBinary ? VALUE_BINARY : VALUE_TEXT]), bytes])
  bytes.fill(0)
  try {
    return seal(key, plaintext, identity)
  } finally {
    plaintext.fill(0)
  }
}

export function unsealValue(key: Buffer, sealed: Buffer, identity: string, what: string): SecretValue {
  const plaintext = unseal(key, sealed, identity, what)
  try {
    const bytes = plaintext.subarray(1)
    if (plaintext[0] === VALUE_BINARY) return SecretValue.fromBinary(bytes)
    if (plaintext[0] === VALUE_TEXT) return SecretValue.fromText(bytes.toString('utf8'))
    throw new IntegrityError(`The local store record ${what} has an unknown value type; it was not used.`)
  } finally {
    plaintext.fill(0)
  }
}

function additionalData(identity: string): Buffer {
  return Buffer.from(`secretsmith/local-store/v${FORMAT_VERSION}/${identity}`, 'utf8')
}

/** Reads a file, or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path)
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }
}

/**
 * Writes a file so that readers see either the old or the new content, even across a crash.
 * `durable: false` skips the two fsyncs, for a file whose loss in a crash costs nothing.
 */
export async function writeFileAtomically(
  path: string,
  content: Buffer | string,
  options: {durable?: boolean} = {},
): Promise<void> {
  const durable = options.durable ?? true
  const directory = dirname(path)
  const temp = join(directory, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`)
  const handle = await openNewFile(temp)
  try {
    try {
      await handle.writeFile(content)
      if (durable) await handle.sync()
    } finally {
      await handle.close()
    }

    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => {})
    throw error
  }

  if (durable) await syncDirectory(directory)
}

/**
 * Creates a new private file, never through a symbolic link or over something already there
 * (O_EXCL refuses both): a temp path someone planted is refused at once, by name.
 */
export async function openNewFile(path: string): Promise<FileHandle> {
  try {
    return await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0),
      FILE_MODE,
    )
  } catch (error) {
    const {code} = error as NodeJS.ErrnoException
    if (code === 'EEXIST' || code === 'ELOOP')
      throw plantedPathError('temp file', path, 'already there (a planted file or symbolic link)')
    throw error
  }
}

/** Creates a private directory (and its parents) if it does not exist. */
export async function ensurePrivateDirectory(path: string): Promise<void> {
  try {
    await mkdir(path, {recursive: true, mode: DIR_MODE})
  } catch (error) {
    if (!isNotFound(error)) throw error
    // Node's recursive mkdir reports some failures (a read-only file system) as ENOENT: go
    // one level at a time, so the error says what really stopped it.
    const parent = dirname(path)
    if (parent !== path) await ensurePrivateDirectory(parent)
    await mkdir(path, {mode: DIR_MODE}).catch((retryError: unknown) => {
      if ((retryError as NodeJS.ErrnoException).code !== 'EEXIST') throw retryError
    })
  }
}

/** Makes a rename or unlink in `directory` durable. Not every platform can open a directory (Windows). */
export async function syncDirectory(directory: string): Promise<void> {
  let handle
  try {
    handle = await open(directory, constants.O_RDONLY)
    await handle.sync()
  } catch {
    // Best effort: the data itself was fsynced before the rename.
  } finally {
    await handle?.close().catch(() => {})
  }
}

export async function removeTree(path: string): Promise<void> {
  await rm(path, {recursive: true, force: true})
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

export function secretsDirectory(store: {readonly directory: string}): string {
  return join(store.directory, SECRETS_DIR)
}

/**
 * The file ids of the secrets on disk (their directories' names; names starting with "." are
 * temp files and trash), or undefined when the store has no secrets directory yet.
 */
export async function listSecretFileIds(store: {readonly directory: string}): Promise<string[] | undefined> {
  let entries: string[]
  try {
    entries = await readdir(secretsDirectory(store))
  } catch (error) {
    if (isNotFound(error)) return undefined
    throw error
  }

  return entries.filter((entry) => !entry.startsWith('.'))
}
