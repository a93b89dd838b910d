// Writing the local store's records, always under the store lock: a version's value file,
// then the secret's record, whose rename is the commit point; afterwards the secret's
// directory is swept of whatever no committed record refers to. A new secret is written by
// writeNewSecret, every change to an existing one goes through mutateSecret; the once-a-day
// access date a read leaves behind is best effort and never fails the read.
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {scheduledForDeletionError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {indexForWrite, writeIndex} from './local-index.js'
import {type HeldLock, ifStoreLockFree} from './local-lock.js'
import {
  type LoadedSecret,
  type OpenStore,
  SECRET_RECORD,
  loadLiveSecret,
  loadSecret,
  loadSecretById,
  recordIdentity,
  secretDirectory,
  valueIdentity,
} from './local-read.js'
import {
  TEMP_PREFIX,
  ensurePrivateDirectory,
  removeTree,
  seal,
  sealValue,
  secretFileId,
  versionFileName,
  writeFileAtomically,
} from './local-records.js'
import {type StoredSecret, type StoredVersion, accessDay, addVersion, findVersion} from './local-secret-record.js'
import {accessRecorded} from './local-secret-rules.js'
import {AWSCURRENT, type CreateSecretInput, type Tag} from './store.js'

/** Writes one version's value file; the version exists once a committed record lists it. */
export async function writeVersionValue(
  store: OpenStore,
  loaded: LoadedSecret,
  versionId: string,
  value: SecretValue,
  now: string,
): Promise<StoredVersion> {
  const file = versionFileName(versionId)
  await writeFileAtomically(
    join(loaded.directory, file),
    sealValue(store.keys.encryption, value, valueIdentity(loaded.fileId, versionId)),
  )
  return {id: versionId, stages: [], createdDate: now, file}
}

/**
 * Commits a secret's record (the rename is the commit point) with the next write count, then
 * the index (a crash between the two leaves the record one ahead, which reads as valid and is
 * caught up by the next write), then tidies its directory.
 */
async function commitSecret(store: OpenStore, loaded: LoadedSecret, lock: HeldLock): Promise<void> {
  const index = await indexForWrite(store, (fileId) => writeCountOnDisk(store, fileId))
  const entry = index.secrets[loaded.fileId]
  const writeCount = Math.max(entry?.w ?? 0, loaded.record.writeCount ?? 0) + 1
  loaded.record.writeCount = writeCount
  await writeRecord(store, loaded, lock)
  index.secrets[loaded.fileId] = {w: writeCount}
  await writeIndex(store, index)
  await sweepSecretDirectory(loaded)
}

/** Seals a secret's record and replaces secret.rec with it, durably (the rename is the commit point). */
async function writeRecord(store: OpenStore, loaded: LoadedSecret, lock: HeldLock): Promise<void> {
  const sealed = seal(
    store.keys.encryption,
    Buffer.from(JSON.stringify(loaded.record), 'utf8'),
    recordIdentity(loaded.fileId),
  )
  lock.assertHeld()
  await writeFileAtomically(join(loaded.directory, SECRET_RECORD), sealed)
}

/**
 * Before a secret's directory is removed (force delete, purge, a create over an expired one):
 * the index marks it gone, one past its last write, so a copy put back later is refused and a
 * directory a crash leaves behind reads as removed. The caller holds the lock.
 */
export async function retireSecret(store: OpenStore, fileId: string): Promise<void> {
  const index = await indexForWrite(store, (id) => writeCountOnDisk(store, id))
  const onDisk = await writeCountOnDisk(store, fileId).catch(() => ({exists: false, writeCount: undefined}))
  const entry = index.secrets[fileId]
  if (!onDisk.exists && (!entry || entry.gone)) return
  // Already retired, and a crash left its directory behind: the mark stands as it is.
  if (entry?.gone && (onDisk.writeCount ?? 0) === entry.w - 1) return
  index.secrets[fileId] = {w: Math.max(entry?.w ?? 0, onDisk.writeCount ?? 0) + 1, gone: true}
  await writeIndex(store, index)
}

async function writeCountOnDisk(
  store: OpenStore,
  fileId: string,
): Promise<{exists: boolean; writeCount: number | undefined}> {
  const loaded = await loadSecretById(store, fileId)
  return {exists: loaded !== undefined, writeCount: loaded?.record.writeCount}
}

/** Removes what no committed record refers to: a crashed writer's temp files, dropped versions' values. */
async function sweepSecretDirectory(loaded: LoadedSecret): Promise<void> {
  const referenced = new Set([SECRET_RECORD, ...loaded.record.versions.map((version) => version.file)])
  const entries = await readdir(loaded.directory)
  const stale = entries.filter(
    (entry) => !referenced.has(entry) && (entry.startsWith(TEMP_PREFIX) || entry.endsWith('.rec')),
  )
  await Promise.all(stale.map((entry) => removeTree(join(loaded.directory, entry))))
}

/**
 * Best effort, once a day per secret: a busy lock or a failure never fails the read. The
 * record just read answers whether today is already recorded, so the common read takes no
 * lock and decrypts nothing twice; the check is repeated under the lock before writing.
 */
export async function recordAccess(
  store: OpenStore,
  read: StoredSecret,
  versionId: string,
  now: Date,
  debug: (message: string) => void,
): Promise<void> {
  const day = accessDay(now)
  if (accessRecorded(read, versionId, day)) return
  try {
    await ifStoreLockFree(store.directory, async (lock) => {
      const loaded = await loadSecret(store, read.name)
      if (!loaded || loaded.record.deletionDate) return
      const version = findVersion(loaded.record, versionId)
      if (accessRecorded(loaded.record, versionId, day)) return
      loaded.record.lastAccessedDate = day
      if (version) version.lastAccessedDate = day
      // The record keeps its write count: the index is neither read nor written and there is
      // nothing to tidy, so this costs one durable write. Putting back the copy just before
      // (the one other record with that count) can only undo an access date, which nothing
      // relies on for safety; a write, which moves the count, still cannot be undone unnoticed.
      await writeRecord(store, loaded, lock)
    })
  } catch (error) {
    debug(`local store: could not record the access date (${(error as Error).constructor.name})`)
  }
}

/** A new secret's directory, first version and record, committed; whatever was at its place goes. */
export async function writeNewSecret(
  store: OpenStore,
  lock: HeldLock,
  input: Pick<CreateSecretInput, 'name' | 'value' | 'clientRequestToken' | 'description' | 'kmsKeyId'> & {tags: Tag[]},
  arnSuffix: string,
  now: string,
): Promise<StoredSecret> {
  const fileId = secretFileId(store.keys, input.name)
  const directory = secretDirectory(store, fileId)
  // Whatever is there is a crashed create or an expired secret: neither is a live secret.
  lock.assertHeld()
  await retireSecret(store, fileId)
  await removeTree(directory)
  await ensurePrivateDirectory(directory)
  const record: StoredSecret = {
    format: 1,
    name: input.name,
    arnSuffix,
    ...(input.description === undefined ? {} : {description: input.description}),
    ...(input.kmsKeyId === undefined ? {} : {kmsKeyId: input.kmsKeyId}),
    tags: input.tags,
    createdDate: now,
    lastChangedDate: now,
    versions: [],
  }
  const loaded: LoadedSecret = {record, directory, fileId}
  const version = await writeVersionValue(store, loaded, input.clientRequestToken, input.value, now)
  addVersion(record, {...version, stages: [AWSCURRENT]})
  await commitSecret(store, loaded, lock)
  return record
}

/** One read-modify-write of an existing secret, as mutateSecret hands it to a change. */
export interface Mutation {
  readonly store: OpenStore
  readonly loaded: LoadedSecret
  readonly record: StoredSecret
  readonly lock: HeldLock
  /** The one time this write stamps on what it changes. */
  readonly now: Date
  /** Runs `task` under the lock once the record is committed. */
  readonly afterCommit: (task: () => Promise<void>) => void
}

export interface MutateOptions {
  /** Whether the change applies to a secret scheduled for deletion (delete, restore) or is refused. */
  whileScheduled?: 'refuse' | 'allow'
}

/**
 * The one read-modify-write path for an existing secret, under the lock the caller holds:
 * re-read the record, let `change` edit it, and commit only when it changed, stamping the
 * change date. A secret scheduled for deletion is refused unless the options allow it.
 */
export async function mutateSecret<T>(
  target: {store: OpenStore; lock: HeldLock; secretId: string; name: string; now: Date},
  change: (mutation: Mutation) => T | Promise<T>,
  options: MutateOptions = {},
): Promise<T> {
  const {store, lock, secretId, name, now} = target
  const loaded = await loadLiveSecret(store, secretId, name, now)
  const {record} = loaded
  if (record.deletionDate && options.whileScheduled !== 'allow') throw scheduledForDeletionError(name)
  const before = JSON.stringify(record)
  const tasks: Array<() => Promise<void>> = []
  const result = await change({store, loaded, record, lock, now, afterCommit: (task) => tasks.push(task)})
  if (JSON.stringify(record) !== before) {
    record.lastChangedDate = now.toISOString()
    await commitSecret(store, loaded, lock)
    for (const task of tasks) await task()
  }

  return result
}
