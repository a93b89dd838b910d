// The embedded, encrypted local store: Secrets Manager's semantics (names, version ids,
// staging labels, recovery windows, idempotent client request tokens) on this machine, so
// secretsmith works with no AWS account. Layout under the store directory (0700):
//
//   store.json                 manifest: where the key is (keychain or key file); no names
//   store.key                  the key file, only where no OS keychain is used (0600)
//   index.rec                  each secret's last write count (sealed), so a rollback is seen (local-index.ts)
//   write.lock/                proper-lockfile's lock while a write is in progress
//   write.lock.owner           the lock holder's pid, so a waiting write can name it
//   secrets/<hmac(name)>/      one private directory per secret, named opaquely
//     secret.rec               the secret's metadata and version list (sealed)
//     v-<hash(versionId)>.rec  one version's value (sealed)
//
// Every .rec file is AES-256-GCM sealed (see local-records.ts), and every file and directory
// must be the user's own and writable by nobody else (local-trust.ts). A `get` opens the manifest, the index,
// one secret.rec and one value file; only `list` reads every secret.rec. Writes take the
// store lock, re-read what they change, and commit by renaming secret.rec into place.
//
// This file is the SecretStore port; the work is done by local-open.ts (opening, creating),
// local-read.ts (loading records and values), local-write.ts (committing), local-purge.ts
// (deletion), and the pure rules of local-secret-record.ts and local-secret-rules.ts.
import {
  ConflictError,
  IntegrityError,
  alreadyExistsError,
  changedUnderneathError,
  scheduledForDeletionError,
} from '../errors.js'
import {type Keychain, keychainDisabledByEnvironment, keychainRequestedByEnvironment, osKeychain} from '../keychain.js'
import {generatePassword} from '../password.js'
import {resolveDataDir} from '../paths.js'
import type {SecretValue} from '../secret-value.js'
import {
  DEFAULT_RECOVERY_WINDOW_DAYS,
  assertValidCheckAndSetStages,
  assertValidDeleteOptions,
  assertValidDescription,
  assertValidListFilters,
  assertValidPageSize,
  assertValidRotationRules,
  assertValidSecretName,
  assertValidSecretValue,
  assertValidStages,
  assertValidToken,
} from './limits.js'
import {matchesListFilters} from './local-list-filter.js'
import {
  type LocalStoreSettings,
  createStore,
  namingFileSystemErrors,
  openExistingStore,
  storeNotCreated,
  withLocalLock,
} from './local-open.js'
import {notePurgeDue, removeSecret} from './local-purge.js'
import {
  type LoadedSecret,
  type OpenStore,
  holdsValue,
  loadAllSecrets,
  loadLiveSecret,
  loadSecret,
  readVersionValue,
} from './local-read.js'
import {
  type StoredSecret,
  addVersion,
  currentVersion,
  findVersion,
  moveStage,
  stagesByVersion,
  versionEntries,
} from './local-secret-record.js'
import {
  DAY_MS,
  applyRotation,
  arnOf,
  isExpired,
  listEntry,
  mergeTags,
  nameOfSecretId,
  noRegions,
  pickVersion,
  randomArnSuffix,
  secretNotFound,
} from './local-secret-rules.js'
import {
  type MutateOptions,
  type Mutation,
  mutateSecret,
  recordAccess,
  writeNewSecret,
  writeVersionValue,
} from './local-write.js'
import {
  AWSCURRENT,
  type CreateSecretInput,
  type DeleteOptions,
  type DeleteResult,
  type GetValueOptions,
  type ListOptions,
  type MoveStageInput,
  type PasswordOptions,
  type PutValueInput,
  type ReplicaStatus,
  type RotationInput,
  type RotationResult,
  type SecretDescription,
  type SecretListEntry,
  type SecretRef,
  type SecretStore,
  type SecretVersionValue,
  type StoreOptions,
  type StoreTarget,
  type Tag,
  type UpdateMetadataInput,
  type VersionEntry,
  type WriteResult,
} from './store.js'

export {LOCAL_ARN_PREFIX} from './local-secret-rules.js'

export interface LocalStoreOptions extends StoreOptions {
  /**
   * Where the store key lives: 'os' (the OS keychain, falling back to a key file when none
   * answers), 'off' (always the key file), or a Keychain of the caller's (tests). Default:
   * 'off' when SECRETSMITH_KEYCHAIN=off, else 'os'.
   */
  keychain?: 'os' | 'off' | Keychain
  /**
   * Move the key of a store that keeps it in a key file into the keychain, on the next open.
   * Default: when SECRETSMITH_KEYCHAIN=on asks for the keychain (and no keychain option is given).
   */
  moveKeyToKeychain?: boolean
  /** The clock, so recovery windows and rotation dates can be tested without waiting days. */
  clock?: () => Date
  /** How long a write waits for another process's lock before exit 6. */
  lockWaitMs?: number
}

export async function openLocalStore(options: LocalStoreOptions = {}): Promise<SecretStore> {
  return new LocalStore(options.home ?? resolveDataDir(), options)
}

export class LocalStore implements SecretStore {
  readonly kind = 'local' as const
  readonly directory: string
  readonly #settings: LocalStoreSettings
  #opening: Promise<OpenStore | undefined> | undefined

  constructor(directory: string, options: LocalStoreOptions = {}) {
    this.directory = directory
    const choice = options.keychain ?? (keychainDisabledByEnvironment() ? 'off' : 'os')
    this.#settings = {
      directory,
      keychain: choice === 'off' ? undefined : choice === 'os' ? osKeychain() : choice,
      clock: options.clock ?? (() => new Date()),
      warn: options.warn ?? (() => {}),
      notice: options.notice ?? (() => {}),
      moveKeyToKeychain:
        options.moveKeyToKeychain ?? (options.keychain === undefined && keychainRequestedByEnvironment()),
      debug: options.debug ?? (() => {}),
      lockWaitMs: options.lockWaitMs,
    }
  }

  async target(): Promise<StoreTarget> {
    return {kind: 'local', label: `local store ${this.directory}`, path: this.directory}
  }

  async create(input: CreateSecretInput): Promise<WriteResult> {
    const {name, value, clientRequestToken} = input
    assertValidSecretName(name)
    assertValidSecretValue(value)
    assertValidToken(clientRequestToken)
    assertValidDescription(input.description)
    const tags = mergeTags([], input.tags ?? [])
    if (input.replicaRegions && input.replicaRegions.length > 0) throw noRegions('replicate a secret')

    const store = await this.#openForWrite()
    return this.#naming(() =>
      withLocalLock(this.#settings, async (lock) => {
        const existing = await loadSecret(store, name)
        if (existing && !isExpired(existing.record, this.#settings.clock())) {
          const retried = findVersion(existing.record, clientRequestToken)
          if (retried && !existing.record.deletionDate && (await holdsValue(store, existing, retried, value))) {
            return {name, arn: arnOf(existing.record), versionId: retried.id}
          }

          if (existing.record.deletionDate) {
            throw scheduledForDeletionError(name, {creating: true})
          }

          throw alreadyExistsError(name)
        }

        const now = this.#settings.clock().toISOString()
        const record = await writeNewSecret(store, lock, {...input, tags}, randomArnSuffix(), now)
        this.#settings.debug(`local store: created a secret with version ${clientRequestToken}`)
        return {name, arn: arnOf(record), versionId: clientRequestToken}
      }),
    )
  }

  async putValue(input: PutValueInput): Promise<WriteResult> {
    const {value, clientRequestToken} = input
    const name = nameOfSecretId(input.name)
    assertValidSecretValue(value)
    assertValidToken(clientRequestToken)
    const stages = input.stages ?? [AWSCURRENT]
    assertValidStages(stages, {allowNone: true})
    if (input.expectedCurrentVersionId !== undefined) assertValidCheckAndSetStages(input.stages)

    return this.#mutate(input.name, async ({store, loaded, record, now}) => {
      const retried = findVersion(record, clientRequestToken)
      if (retried) {
        // A retry of a write that landed: same token and same value is the same write.
        if (await holdsValue(store, loaded, retried, value)) return {name, arn: arnOf(record), versionId: retried.id}
        throw new ConflictError(
          `Version ${clientRequestToken} of ${name} already exists with a different value; a version never changes. Nothing was written.`,
        )
      }

      if (input.expectedCurrentVersionId !== undefined) {
        const current = currentVersion(record)
        if (current?.id !== input.expectedCurrentVersionId) {
          throw changedUnderneathError(name, current?.id, input.expectedCurrentVersionId)
        }
      }

      const version = await writeVersionValue(store, loaded, clientRequestToken, value, now.toISOString())
      addVersion(record, {...version, stages})
      this.#settings.debug(
        `local store: added version ${clientRequestToken} with stages ${stages.join(',') || '(none)'}`,
      )
      return {name, arn: arnOf(record), versionId: clientRequestToken}
    })
  }

  async getValue(secretId: string, options: GetValueOptions = {}): Promise<SecretVersionValue> {
    // A concurrent put may drop an old version between reading the record and its value: read again once.
    for (let attempt = 0; ; attempt++) {
      const {store, loaded} = await this.#loadLive(secretId)
      const {record} = loaded
      if (record.deletionDate) throw scheduledForDeletionError(record.name)
      const version = pickVersion(record, options)
      const value = await this.#naming(() => readVersionValue(store, loaded, version))
      if (value === undefined) {
        if (attempt === 0) continue
        throw new IntegrityError(
          `The value file of version ${version.id} of ${record.name} is missing from the local store ${loaded.directory}.`,
        )
      }

      await recordAccess(store, record, version.id, this.#settings.clock(), this.#settings.debug)
      return {
        name: record.name,
        arn: arnOf(record),
        versionId: version.id,
        stages: [...version.stages],
        value,
        createdDate: new Date(version.createdDate),
      }
    }
  }

  async describe(secretId: string): Promise<SecretDescription> {
    const {record} = (await this.#loadLive(secretId)).loaded
    return {...listEntry(record), versions: stagesByVersion(record)}
  }

  async *list(options: ListOptions = {}): AsyncIterable<SecretListEntry> {
    const filters = options.filters ?? []
    assertValidListFilters(filters)
    assertValidPageSize(options.pageSize)

    const store = await this.#open()
    if (!store) return
    const now = this.#settings.clock()
    const entries: SecretListEntry[] = []
    for (const {record} of await this.#naming(() => loadAllSecrets(store))) {
      if (isExpired(record, now)) continue
      if (record.deletionDate && !options.includePlannedDeletion) continue
      if (!matchesListFilters(record, filters)) continue
      entries.push({...listEntry(record), versions: stagesByVersion(record)})
    }

    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    yield* entries
  }

  async listVersions(secretId: string, options: {includeDeprecated?: boolean} = {}): Promise<VersionEntry[]> {
    const {record} = (await this.#loadLive(secretId)).loaded
    return versionEntries(record, options.includeDeprecated ?? false)
  }

  async moveStage(secretId: string, input: MoveStageInput): Promise<SecretRef> {
    return this.#mutate(secretId, ({record}) => {
      moveStage(record, input)
      return refOf(record)
    })
  }

  async updateMetadata(secretId: string, input: UpdateMetadataInput): Promise<SecretRef> {
    assertValidDescription(input.description)
    return this.#mutate(secretId, ({record}) => {
      if (input.description !== undefined) record.description = input.description
      if (input.kmsKeyId !== undefined) record.kmsKeyId = input.kmsKeyId
      return refOf(record)
    })
  }

  async tag(secretId: string, tags: Tag[]): Promise<void> {
    mergeTags([], tags)
    await this.#mutate(secretId, ({record}) => {
      record.tags = mergeTags(record.tags, tags)
    })
  }

  async untag(secretId: string, keys: string[]): Promise<void> {
    await this.#mutate(secretId, ({record}) => {
      record.tags = record.tags.filter((tag) => !keys.includes(tag.key))
    })
  }

  async delete(secretId: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    nameOfSecretId(secretId)
    assertValidDeleteOptions(options)
    const days = options.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS
    return this.#mutate(
      secretId,
      async ({store, loaded, record, lock, now, afterCommit}) => {
        if (options.force) {
          lock.assertHeld()
          await removeSecret(store, loaded)
          this.#settings.debug('local store: force-deleted a secret')
          return {...refOf(record), deletionDate: now}
        }

        // A retried delete of a secret already scheduled keeps the first date.
        if (record.deletionDate) return {...refOf(record), deletionDate: new Date(record.deletionDate)}
        const deletionDate = new Date(now.getTime() + days * DAY_MS)
        record.deletionDate = deletionDate.toISOString()
        afterCommit(() => notePurgeDue(store, deletionDate))
        return {...refOf(record), deletionDate}
      },
      {whileScheduled: 'allow'},
    )
  }

  async restore(secretId: string): Promise<SecretRef> {
    return this.#mutate(
      secretId,
      ({record}) => {
        delete record.deletionDate
        return refOf(record)
      },
      {whileScheduled: 'allow'},
    )
  }

  /** Records a schedule, or (immediately) finishes a rehearsed rotation: see applyRotation. */
  async rotate(secretId: string, input: RotationInput): Promise<RotationResult> {
    assertValidRotationRules(input.rotationRules)
    assertValidToken(input.clientRequestToken)
    return this.#mutate(secretId, ({record, now}) => {
      const finished = applyRotation(record, input, now)
      return {...refOf(record), ...(finished ? {versionId: input.clientRequestToken} : {})}
    })
  }

  async cancelRotation(secretId: string): Promise<SecretRef> {
    return this.#mutate(secretId, ({record}) => {
      if (record.rotation) {
        record.rotation.enabled = false
        delete record.rotation.nextRotationDate
      }

      return refOf(record)
    })
  }

  async replicate(_secretId: string, _regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]> {
    throw noRegions('replicate a secret')
  }

  async removeReplicas(_secretId: string, _regions: string[]): Promise<ReplicaStatus[]> {
    throw noRegions('remove replicas')
  }

  async randomPassword(options: PasswordOptions = {}): Promise<SecretValue> {
    return generatePassword(options)
  }

  /** The local store has no resource policies; a secret that exists has none. */
  async getResourcePolicy(secretId: string): Promise<string | null> {
    await this.describe(secretId)
    return null
  }

  async close(): Promise<void> {
    // Nothing is held between operations: each write takes and releases the lock itself.
  }

  /** The open store, or undefined when nothing was ever written here (reads then find nothing). */
  async #open(): Promise<OpenStore | undefined> {
    this.#opening ??= this.#naming(() => openExistingStore(this.#settings)).catch((error: unknown) => {
      this.#opening = undefined
      throw error
    })
    return this.#opening
  }

  /** The open store, created (directory, key, manifest) on the first write. */
  async #openForWrite(): Promise<OpenStore> {
    const existing = await this.#open()
    if (existing) return existing
    await this.#naming(() => createStore(this.#settings))
    this.#opening = undefined
    const created = await this.#open()
    if (!created) throw storeNotCreated(this.directory)
    return created
  }

  /** A secret that exists (scheduled for deletion or not), for reading. */
  async #loadLive(secretId: string): Promise<{store: OpenStore; loaded: LoadedSecret}> {
    const name = nameOfSecretId(secretId)
    const store = await this.#open()
    if (!store) throw secretNotFound(name)
    return {
      store,
      loaded: await this.#naming(() => loadLiveSecret(store, secretId, name, this.#settings.clock())),
    }
  }

  /** The one read-modify-write path for an existing secret (see mutateSecret). */
  async #mutate<T>(
    secretId: string,
    change: (mutation: Mutation) => T | Promise<T>,
    options: MutateOptions = {},
  ): Promise<T> {
    const name = nameOfSecretId(secretId)
    const store = await this.#open()
    if (!store) throw secretNotFound(name)
    return this.#naming(() =>
      withLocalLock(this.#settings, (lock) =>
        mutateSecret({store, lock, secretId, name, now: this.#settings.clock()}, change, options),
      ),
    )
  }

  /** A file-system failure named with its path and reason (exit 2), not an unexpected error. */
  async #naming<T>(work: () => Promise<T>): Promise<T> {
    return namingFileSystemErrors(this.directory, work)
  }
}

function refOf(record: StoredSecret): SecretRef {
  return {name: record.name, arn: arnOf(record)}
}
