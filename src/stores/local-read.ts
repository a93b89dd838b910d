// Reading the local store's records: where a secret's files are, loading and authenticating
// its secret.rec (by name, by opaque directory, or all of them for `list`), and opening one
// version's value. Readers never lock: every record is replaced by an atomic rename.
import {join} from 'node:path'

import {IntegrityError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import type {StoreManifest} from './local-key.js'
import {
  type RecordKeys,
  SECRETS_DIR,
  listSecretFileIds,
  secretFileId,
  secretsDirectory,
  unseal,
  unsealValue,
} from './local-records.js'
import type {StoredSecret, StoredVersion} from './local-secret-record.js'
import {isArnOf, isExpired, secretNotFound} from './local-secret-rules.js'
import {readTrustedFile, trustedInnerDirectory} from './local-trust.js'
import {type StoreIndex, indexPath, readIndex, verifyRecord} from './local-index.js'

export const SECRET_RECORD = 'secret.rec'
const LIST_PARALLELISM = 32
/** Looks again after a mismatch with the index: writers may have committed between the two reads. */
const INDEX_RECHECKS = 2

/** A store that exists on disk, with its key material derived and ready. */
export interface OpenStore {
  readonly directory: string
  manifest: StoreManifest
  readonly keys: RecordKeys
}

/** A secret's record as read from disk, with where it lives. */
export interface LoadedSecret {
  record: StoredSecret
  directory: string
  fileId: string
}

export function secretDirectory(store: OpenStore, fileId: string): string {
  return join(secretsDirectory(store), fileId)
}

/** The identity a secret.rec is sealed under (its place in the store), so a moved record fails. */
export function recordIdentity(fileId: string): string {
  return `${SECRETS_DIR}/${fileId}/${SECRET_RECORD}`
}

export function valueIdentity(fileId: string, versionId: string): string {
  return `${SECRETS_DIR}/${fileId}/value/${versionId}`
}

/**
 * A secret's record, or undefined when there is none (expired ones included: callers decide).
 * Checked against the store's index, so an older copy put back, or a removed directory, is
 * refused (local-index.ts).
 */
export async function loadSecret(store: OpenStore, name: string): Promise<LoadedSecret | undefined> {
  const fileId = secretFileId(store.keys, name)
  const loaded = await loadIndexedSecret(store, fileId, name)
  if (loaded && loaded.record.name !== name) {
    throw new IntegrityError(
      `The local store record ${join(loaded.directory, SECRET_RECORD)} (secret ${name}) holds another secret; it was not used.`,
    )
  }

  return loaded
}

/**
 * One secret's record checked against the index. Readers take no lock, so a writer may commit
 * between the index read and the record read: the index is read first (it only ever trails
 * the records), and a mismatch is looked at once more before it is called tampering.
 */
async function loadIndexedSecret(
  store: OpenStore,
  fileId: string,
  knownName: string | undefined,
  firstIndex?: StoreIndex,
): Promise<LoadedSecret | undefined> {
  for (let attempt = 0; ; attempt++) {
    const index = attempt === 0 && firstIndex ? firstIndex : await readIndex(store)
    const loaded = await loadSecretById(store, fileId, knownName)
    const verdict = verifyRecord(
      index,
      fileId,
      loaded ? {exists: true, writeCount: loaded.record.writeCount} : {exists: false},
      whereOf(store, fileId, knownName),
    )
    if ('error' in verdict) {
      if (attempt < INDEX_RECHECKS) continue
      throw verdict.error
    }

    return verdict.use ? loaded : undefined
  }
}

function whereOf(
  store: OpenStore,
  fileId: string,
  knownName: string | undefined,
): {what: string; directory: string; indexFile: string} {
  const directory = secretDirectory(store, fileId)
  const path = join(directory, SECRET_RECORD)
  return {
    what: knownName === undefined ? path : `${path} (secret ${knownName})`,
    directory,
    indexFile: indexPath(store),
  }
}

/** A secret's record as it is on disk, authenticated but not checked against the index. */
export async function loadSecretById(
  store: OpenStore,
  fileId: string,
  knownName?: string,
): Promise<LoadedSecret | undefined> {
  const directory = secretDirectory(store, fileId)
  const path = join(directory, SECRET_RECORD)
  if (!(await trustedInnerDirectory(directory, "local store's record directory"))) return undefined
  const sealed = await readTrustedFile(path, "local store's record")
  if (sealed === undefined) return undefined
  const what = knownName === undefined ? path : `${path} (secret ${knownName})`
  const plaintext = unseal(store.keys.encryption, sealed, recordIdentity(fileId), what)
  let record: StoredSecret
  try {
    record = JSON.parse(plaintext.toString('utf8')) as StoredSecret
  } catch {
    throw new IntegrityError(`The local store record ${what} authenticated but does not parse; it was not used.`)
  }

  if (record?.format !== 1 || typeof record.name !== 'string' || !Array.isArray(record.versions)) {
    throw new IntegrityError(`The local store record ${what} is from an unknown format; it was not used.`)
  }

  // The directory name is derived from the name with the store key: a mismatch means the record was moved.
  if (secretFileId(store.keys, record.name) !== fileId) {
    throw new IntegrityError(`The local store record ${what} is not where it belongs; it was not used.`)
  }

  return {record, directory, fileId}
}

/**
 * A secret that exists (scheduled for deletion or not), or NotFoundError. `secretId` is what
 * the caller asked for: an ARN must name this very secret, not an older one of the same name.
 */
export async function loadLiveSecret(
  store: OpenStore,
  secretId: string,
  name: string,
  now: Date,
): Promise<LoadedSecret> {
  const loaded = await loadSecret(store, name)
  if (!loaded || isExpired(loaded.record, now)) throw secretNotFound(name)
  if (secretId.startsWith('arn:') && !isArnOf(secretId, loaded.record)) throw secretNotFound(name)
  return loaded
}

/** Every secret's record, for `list`. */
export async function loadAllSecrets(store: OpenStore): Promise<LoadedSecret[]> {
  const fileIds = await listSecretFileIds(store)
  if (!fileIds) return []
  // Bounded parallelism: fast on an SSD, and never near the open-files limit.
  const index = await readIndex(store)
  // Secrets the index knows but whose directory is gone are checked too: a removal is tampering.
  const listed = new Set(fileIds)
  const known = Object.entries(index?.secrets ?? {}).filter(([fileId, entry]) => !entry.gone && !listed.has(fileId))
  fileIds.push(...known.map(([fileId]) => fileId))
  const loaded: LoadedSecret[] = []
  for (let start = 0; start < fileIds.length; start += LIST_PARALLELISM) {
    const batch = await Promise.all(
      fileIds
        .slice(start, start + LIST_PARALLELISM)
        .map((fileId) => loadIndexedSecret(store, fileId, undefined, index)),
    )
    for (const entry of batch) if (entry) loaded.push(entry)
  }

  return loaded
}

/** One version's value, or undefined when its file is gone (a concurrent put dropped it). */
export async function readVersionValue(
  store: OpenStore,
  loaded: LoadedSecret,
  version: StoredVersion,
): Promise<SecretValue | undefined> {
  const path = join(loaded.directory, version.file)
  const sealed = await readTrustedFile(path, "local store's value record")
  if (sealed === undefined) return undefined
  return unsealValue(
    store.keys.encryption,
    sealed,
    valueIdentity(loaded.fileId, version.id),
    `${path} (secret ${loaded.record.name}, version ${version.id})`,
  )
}

/** Whether `version` holds `value`: a retried write with the same token is the same write only then. */
export async function holdsValue(
  store: OpenStore,
  loaded: LoadedSecret,
  version: StoredVersion,
  value: SecretValue,
): Promise<boolean> {
  const stored = await readVersionValue(store, loaded, version)
  return stored !== undefined && stored.equals(value)
}
