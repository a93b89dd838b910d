// The embedded, encrypted local store: Secrets Manager's semantics (names, version ids,
// staging labels, recovery windows, idempotent client request tokens) on this machine, so
// secretsmith works with no AWS account. Layout under the store directory (0700):
//
//   store.json                 manifest: where the key is (keychain or key file); no names
//   store.key                  the key file, only where no OS keychain is used (0600)
//   write.lock/                proper-lockfile's lock while a write is in progress
//   secrets/<hmac(name)>/      one private directory per secret, named opaquely
//     secret.rec               the secret's metadata and version list (sealed)
//     v-<hash(versionId)>.rec  one version's value (sealed)
//
// Every .rec file is AES-256-GCM sealed (see local-records.ts). A `get` opens the manifest,
// one secret.rec and one value file; only `list` reads every secret.rec. Writes take the
// store lock, re-read what they change, and commit by renaming secret.rec into place.
import {randomBytes, randomInt} from 'node:crypto'
import {chmod, readdir, rename, stat} from 'node:fs/promises'
import {join} from 'node:path'

import {ConflictError, IntegrityError, NotFoundError, UsageError, changedUnderneathError, scheduledForDeletionError} from '../errors.js'
import {type Keychain, keychainDisabledByEnvironment, osKeychain} from '../keychain.js'
import {resolveDataDir} from '../paths.js'
import {SecretValue} from '../secret-value.js'
import {
  DEFAULT_RECOVERY_WINDOW_DAYS,
  assertValidCheckAndSetStages,
  assertValidDeleteOptions,
  assertValidDescription,
  assertValidPageSize,
  assertValidRotationRules,
  assertValidSecretName,
  assertValidSecretValue,
  assertValidStages,
  assertValidTag,
  assertValidTagCount,
  assertValidToken,
} from './limits.js'
import {KEY_FILE, type StoreManifest, createStoreKey, loadStoreKey, readManifest, writeManifest} from './local-key.js'
import {assertValidListFilters, matchesListFilters} from './local-list-filter.js'
import {type HeldLock, LOCK_DIR, ifStoreLockFree, withStoreLock} from './local-lock.js'
import {
  DIR_MODE,
  type RecordKeys,
  TEMP_PREFIX,
  deriveRecordKeys,
  ensurePrivateDirectory,
  isNotFound,
  readFileIfExists,
  removeTree,
  seal,
  secretFileId,
  syncDirectory,
  unseal,
  versionFileName,
  writeFileAtomically,
} from './local-records.js'
import {
  type StoredSecret,
  type StoredVersion,
  accessDay,
  addVersion,
  currentVersion,
  findVersion,
  moveStage,
  stagesByVersion,
  versionEntries,
} from './local-secret-record.js'
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
  type RotationRules,
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

/** The ARN's region and account: honest that this is not AWS, yet shaped like Secrets Manager's. */
export const LOCAL_ARN_PREFIX = 'arn:aws:secretsmanager:local:000000000000:secret:'
const SECRETS_DIR = 'secrets'
const SECRET_RECORD = 'secret.rec'
const TRASH_PREFIX = '.trash-'
const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
/** The schedule recorded when rotation is turned on without rules (the local store's choice). */
const DEFAULT_ROTATION_DAYS = 30
const DAY_MS = 24 * 60 * 60 * 1000
const LIST_PARALLELISM = 32
const VALUE_TEXT = 0
const VALUE_BINARY = 1

export interface LocalStoreOptions extends StoreOptions {
  /**
   * Where the store key lives: 'os' (the OS keychain, falling back to a key file when none
   * answers), 'off' (always the key file), or a Keychain of the caller's (tests). Default:
   * 'off' when SECRETSMITH_KEYCHAIN=off, else 'os'.
   */
  keychain?: 'os' | 'off' | Keychain
  /** The clock, so recovery windows and rotation dates can be tested without waiting days. */
  clock?: () => Date
  /** How long a write waits for another process's lock before exit 6. */
  lockWaitMs?: number
}

export async function openLocalStore(options: LocalStoreOptions = {}): Promise<SecretStore> {
  return new LocalStore(options.home ?? resolveDataDir(), options)
}

interface OpenStore {
  manifest: StoreManifest
  keys: RecordKeys
}

/** A secret's record as read from disk, with where it lives. */
interface LoadedSecret {
  record: StoredSecret
  directory: string
  fileId: string
}

export class LocalStore implements SecretStore {
  readonly kind = 'local' as const
  readonly directory: string
  readonly #keychain: Keychain | undefined
  readonly #clock: () => Date
  readonly #warn: (message: string) => void
  readonly #debug: (message: string) => void
  readonly #lockWaitMs: number | undefined
  #opening: Promise<OpenStore | undefined> | undefined

  constructor(directory: string, options: LocalStoreOptions = {}) {
    this.directory = directory
    const choice = options.keychain ?? (keychainDisabledByEnvironment() ? 'off' : 'os')
    this.#keychain = choice === 'off' ? undefined : choice === 'os' ? osKeychain() : choice
    this.#clock = options.clock ?? (() => new Date())
    this.#warn = options.warn ?? (() => {})
    this.#debug = options.debug ?? (() => {})
    this.#lockWaitMs = options.lockWaitMs
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
    return this.#withLock(async (lock) => {
      const existing = await this.#load(store, name)
      if (existing && !this.#isExpired(existing.record)) {
        const retried = findVersion(existing.record, clientRequestToken)
        if (retried && !existing.record.deletionDate && (await this.#sameValue(store, existing, retried, value))) {
          return {name, arn: arnOf(existing.record), versionId: retried.id}
        }

        if (existing.record.deletionDate) {
          throw scheduledForDeletionError(name, {creating: true})
        }

        throw new ConflictError(`A secret named ${name} already exists; use put to add a new version.`)
      }

      const fileId = secretFileId(store.keys, name)
      const directory = this.#secretDirectory(fileId)
      // Whatever is there is a crashed create or an expired secret: neither is a live secret.
      await removeTree(directory)
      await ensurePrivateDirectory(directory)
      const now = this.#clock().toISOString()
      const record: StoredSecret = {
        format: 1,
        name,
        arnSuffix: randomArnSuffix(),
        ...(input.description === undefined ? {} : {description: input.description}),
        ...(input.kmsKeyId === undefined ? {} : {kmsKeyId: input.kmsKeyId}),
        tags,
        createdDate: now,
        lastChangedDate: now,
        versions: [],
      }
      const loaded: LoadedSecret = {record, directory, fileId}
      const version = await this.#writeValue(store, loaded, clientRequestToken, value, now)
      addVersion(record, {...version, stages: [AWSCURRENT]})
      await this.#commit(store, loaded, lock)
      this.#debug(`local store: created a secret with version ${clientRequestToken}`)
      return {name, arn: arnOf(record), versionId: clientRequestToken}
    })
  }

  async putValue(input: PutValueInput): Promise<WriteResult> {
    const {value, clientRequestToken} = input
    const name = this.#nameOf(input.name)
    assertValidSecretValue(value)
    assertValidToken(clientRequestToken)
    const stages = input.stages ?? [AWSCURRENT]
    assertValidStages(stages, {allowNone: true})
    if (input.expectedCurrentVersionId !== undefined) assertValidCheckAndSetStages(input.stages)

    const store = await this.#open()
    if (!store) throw notFound(name)
    return this.#withLock(async (lock) => {
      const loaded = await this.#loadForWrite(store, input.name, name)
      const {record} = loaded
      const retried = findVersion(record, clientRequestToken)
      if (retried) {
        // A retry of a write that landed: same token and same value is the same write.
        if (await this.#sameValue(store, loaded, retried, value)) return {name, arn: arnOf(record), versionId: retried.id}
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

      const now = this.#clock().toISOString()
      const version = await this.#writeValue(store, loaded, clientRequestToken, value, now)
      addVersion(record, {...version, stages})
      record.lastChangedDate = now
      await this.#commit(store, loaded, lock)
      this.#debug(`local store: added version ${clientRequestToken} with stages ${stages.join(',') || '(none)'}`)
      return {name, arn: arnOf(record), versionId: clientRequestToken}
    })
  }

  async getValue(secretId: string, options: GetValueOptions = {}): Promise<SecretVersionValue> {
    const name = this.#nameOf(secretId)
    const store = await this.#open()
    if (!store) throw notFound(name)

    // A concurrent put may drop an old version between reading the record and its value: read again once.
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.#loadLive(store, secretId, name)
      const {record} = loaded
      if (record.deletionDate) throw scheduledForDeletion(name)
      const version = pickVersion(record, options)
      const value = await this.#readValue(store, loaded, version)
      if (value === undefined) {
        if (attempt === 0) continue
        throw new IntegrityError(`The value file of version ${version.id} of ${name} is missing from the local store ${loaded.directory}.`)
      }

      await this.#recordAccess(store, name, record, version.id)
      return {
        name,
        arn: arnOf(record),
        versionId: version.id,
        stages: [...version.stages],
        value,
        createdDate: new Date(version.createdDate),
      }
    }
  }

  async describe(secretId: string): Promise<SecretDescription> {
    const name = this.#nameOf(secretId)
    const store = await this.#open()
    if (!store) throw notFound(name)
    const {record} = await this.#loadLive(store, secretId, name)
    return {...listEntry(record), versions: stagesByVersion(record)}
  }

  async *list(options: ListOptions = {}): AsyncIterable<SecretListEntry> {
    const filters = options.filters ?? []
    assertValidListFilters(filters)
    assertValidPageSize(options.pageSize)

    const store = await this.#open()
    if (!store) return
    const entries: SecretListEntry[] = []
    for (const loaded of await this.#loadAll(store)) {
      const {record} = loaded
      if (this.#isExpired(record)) continue
      if (record.deletionDate && !options.includePlannedDeletion) continue
      if (!matchesListFilters(record, filters)) continue
      entries.push(listEntry(record))
    }

    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    yield* entries
  }

  async listVersions(secretId: string, options: {includeDeprecated?: boolean} = {}): Promise<VersionEntry[]> {
    const name = this.#nameOf(secretId)
    const store = await this.#open()
    if (!store) throw notFound(name)
    const {record} = await this.#loadLive(store, secretId, name)
    return versionEntries(record, options.includeDeprecated ?? false)
  }

  async moveStage(secretId: string, input: MoveStageInput): Promise<SecretRef> {
    return this.#update(secretId, (record) => moveStage(record, input))
  }

  async updateMetadata(secretId: string, input: UpdateMetadataInput): Promise<SecretRef> {
    assertValidDescription(input.description)
    return this.#update(secretId, (record) => {
      if (input.description !== undefined) record.description = input.description
      if (input.kmsKeyId !== undefined) record.kmsKeyId = input.kmsKeyId
    })
  }

  async tag(secretId: string, tags: Tag[]): Promise<void> {
    mergeTags([], tags)
    await this.#update(secretId, (record) => {
      record.tags = mergeTags(record.tags, tags)
    })
  }

  async untag(secretId: string, keys: string[]): Promise<void> {
    await this.#update(secretId, (record) => {
      record.tags = record.tags.filter((tag) => !keys.includes(tag.key))
    })
  }

  async delete(secretId: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    const name = this.#nameOf(secretId)
    assertValidDeleteOptions(options)
    const days = options.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS
    const store = await this.#open()
    if (!store) throw notFound(name)

    return this.#withLock(async (lock) => {
      const loaded = await this.#loadLive(store, secretId, name)
      const {record} = loaded
      const now = this.#clock()
      if (options.force) {
        lock.assertHeld()
        await this.#removeSecret(loaded)
        this.#debug('local store: force-deleted a secret')
        return {name, arn: arnOf(record), deletionDate: now}
      }

      // A retried delete of a secret already scheduled keeps the first date.
      if (record.deletionDate) return {name, arn: arnOf(record), deletionDate: new Date(record.deletionDate)}
      const deletionDate = new Date(now.getTime() + days * DAY_MS)
      record.deletionDate = deletionDate.toISOString()
      record.lastChangedDate = now.toISOString()
      await this.#commit(store, loaded, lock)
      await this.#notePurgeDue(store, deletionDate)
      return {name, arn: arnOf(record), deletionDate}
    })
  }

  async restore(secretId: string): Promise<SecretRef> {
    const name = this.#nameOf(secretId)
    const store = await this.#open()
    if (!store) throw notFound(name)
    return this.#withLock(async (lock) => {
      const loaded = await this.#loadLive(store, secretId, name)
      const {record} = loaded
      if (record.deletionDate) {
        delete record.deletionDate
        record.lastChangedDate = this.#clock().toISOString()
        await this.#commit(store, loaded, lock)
      }

      return {name, arn: arnOf(record)}
    })
  }

  async rotate(secretId: string, input: RotationInput): Promise<RotationResult> {
    const rules = input.rotationRules
    assertValidRotationRules(rules)

    if (input.rotateImmediately ?? true) {
      throw new UsageError(
        'The local store has no rotation function to run, so it cannot rotate now; it records the rotation schedule only ' +
          '(ask for no immediate rotation). An offline rotation rehearsal for the local store is on the roadmap.',
      )
    }

    return this.#update(secretId, (record) => {
      const now = this.#clock()
      const chosen: RotationRules = rules ?? record.rotation?.rules ?? {automaticallyAfterDays: DEFAULT_ROTATION_DAYS}
      const lastRotated = record.rotation?.lastRotatedDate
      const next = nextRotationDate(chosen, lastRotated ? new Date(lastRotated) : now)
      record.rotation = {
        enabled: true,
        ...((input.rotationLambdaArn ?? record.rotation?.lambdaArn) === undefined
          ? {}
          : {lambdaArn: input.rotationLambdaArn ?? record.rotation?.lambdaArn}),
        rules: chosen,
        ...(lastRotated === undefined ? {} : {lastRotatedDate: lastRotated}),
        ...(next === undefined ? {} : {nextRotationDate: next.toISOString()}),
      }
    })
  }

  async cancelRotation(secretId: string): Promise<SecretRef> {
    return this.#update(secretId, (record) => {
      if (!record.rotation) return
      record.rotation.enabled = false
      delete record.rotation.nextRotationDate
    })
  }

  async replicate(_secretId: string, _regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]> {
    throw noRegions('replicate a secret')
  }

  async removeReplicas(_secretId: string, _regions: string[]): Promise<ReplicaStatus[]> {
    throw noRegions('remove replicas')
  }

  async randomPassword(options: PasswordOptions = {}): Promise<SecretValue> {
    const {generatePassword} = await import('../input/generate-password.js')
    return generatePassword(options)
  }

  async close(): Promise<void> {
    // Nothing is held between operations: each write takes and releases the lock itself.
  }

  // ---- opening the store ----

  /** The open store, or undefined when nothing was ever written here (reads then find nothing). */
  async #open(): Promise<OpenStore | undefined> {
    this.#opening ??= this.#openExisting().catch((error: unknown) => {
      this.#opening = undefined
      throw error
    })
    return this.#opening
  }

  async #openExisting(): Promise<OpenStore | undefined> {
    const manifest = await readManifest(this.directory)
    if (!manifest) return undefined
    await this.#checkDirectoryMode()
    const key = await loadStoreKey(this.#keyContext(), manifest)
    const store = {manifest, keys: deriveRecordKeys(key)}
    key.fill(0)
    await this.#purgeIfDue(store)
    return store
  }

  /** The open store, created (directory, key, manifest) on the first write. */
  async #openForWrite(): Promise<OpenStore> {
    const existing = await this.#open()
    if (existing) return existing
    await ensurePrivateDirectory(this.directory)
    await this.#withLock(async (lock) => {
      // Another process may have created it while we waited for the lock.
      if (await readManifest(this.directory)) return
      await this.#makeDirectoryPrivate()
      const {key, manifest} = await createStoreKey(this.#keyContext(), this.#clock())
      key.fill(0)
      lock.assertHeld()
      await writeManifest(this.directory, manifest)
      this.#debug(`local store: created ${this.directory} (key in ${manifest.keySource === 'file' ? 'a key file' : 'the OS keychain'})`)
    })
    this.#opening = undefined
    const created = await this.#open()
    if (!created) throw new IntegrityError(`The local store ${this.directory} could not be created (its manifest is missing after writing it).`)
    return created
  }

  #keyContext() {
    return {directory: this.directory, keychain: this.#keychain, warn: this.#warn, debug: this.#debug}
  }

  /**
   * A new store's directory is tightened to 0700 when it holds nothing else (SECRETSMITH_HOME
   * may name a directory made with the default umask); a shared directory is only warned about.
   */
  async #makeDirectoryPrivate(): Promise<void> {
    if (process.platform === 'win32') return
    const {mode} = await stat(this.directory)
    if ((mode & 0o077) === 0) return
    const others = (await readdir(this.directory)).filter((entry) => entry !== LOCK_DIR && entry !== KEY_FILE && !entry.startsWith(TEMP_PREFIX))
    if (others.length === 0) {
      await chmod(this.directory, DIR_MODE)
      this.#debug(`local store: made ${this.directory} private (mode ${DIR_MODE.toString(8)})`)
    }
  }

  async #checkDirectoryMode(): Promise<void> {
    if (process.platform === 'win32') return
    const {mode} = await stat(this.directory)
    if ((mode & 0o077) !== 0) {
      this.#warn(
        `The local store directory ${this.directory} is open to other users (mode ${(mode & 0o777).toString(8)}); run: chmod ${DIR_MODE.toString(8)} ${this.directory}`,
      )
    }
  }

  async #withLock<T>(work: (lock: HeldLock) => Promise<T>): Promise<T> {
    return withStoreLock(this.directory, work, {waitMs: this.#lockWaitMs})
  }

  // ---- reading records ----

  #secretsDirectory(): string {
    return join(this.directory, SECRETS_DIR)
  }

  #secretDirectory(fileId: string): string {
    return join(this.#secretsDirectory(), fileId)
  }

  /** A secret's record, or undefined when there is none (expired ones included: callers decide). */
  async #load(store: OpenStore, name: string): Promise<LoadedSecret | undefined> {
    const fileId = secretFileId(store.keys, name)
    const loaded = await this.#loadById(store, fileId, name)
    if (loaded && loaded.record.name !== name) {
      throw new IntegrityError(`The local store record ${join(loaded.directory, SECRET_RECORD)} (secret ${name}) holds another secret; it was not used.`)
    }

    return loaded
  }

  async #loadById(store: OpenStore, fileId: string, knownName?: string): Promise<LoadedSecret | undefined> {
    const directory = this.#secretDirectory(fileId)
    const path = join(directory, SECRET_RECORD)
    const sealed = await readFileIfExists(path)
    if (sealed === undefined) return undefined
    const what = knownName === undefined ? path : `${path} (secret ${knownName})`
    const plaintext = unseal(store.keys.encryption, sealed, `${SECRETS_DIR}/${fileId}/${SECRET_RECORD}`, what)
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

  /** A secret that exists (scheduled for deletion or not), or NotFoundError. */
  async #loadLive(store: OpenStore, secretId: string, name: string): Promise<LoadedSecret> {
    const loaded = await this.#load(store, name)
    if (!loaded || this.#isExpired(loaded.record)) throw notFound(name)
    if (secretId.startsWith('arn:') && secretId !== arnOf(loaded.record)) throw notFound(name)
    return loaded
  }

  /** Under the lock, for a change: exists, and is not scheduled for deletion. */
  async #loadForWrite(store: OpenStore, secretId: string, name: string): Promise<LoadedSecret> {
    const loaded = await this.#loadLive(store, secretId, name)
    if (loaded.record.deletionDate) throw scheduledForDeletion(name)
    return loaded
  }

  async #loadAll(store: OpenStore): Promise<LoadedSecret[]> {
    let entries: string[]
    try {
      entries = await readdir(this.#secretsDirectory())
    } catch (error) {
      if (isNotFound(error)) return []
      throw error
    }

    // Bounded parallelism: fast on an SSD, and never near the open-files limit.
    const fileIds = entries.filter((entry) => !entry.startsWith('.'))
    const loaded: LoadedSecret[] = []
    for (let start = 0; start < fileIds.length; start += LIST_PARALLELISM) {
      const batch = await Promise.all(fileIds.slice(start, start + LIST_PARALLELISM).map((fileId) => this.#loadById(store, fileId)))
      for (const entry of batch) if (entry) loaded.push(entry)
    }

    return loaded
  }

  async #readValue(store: OpenStore, loaded: LoadedSecret, version: StoredVersion): Promise<SecretValue | undefined> {
    const path = join(loaded.directory, version.file)
    const sealed = await readFileIfExists(path)
    if (sealed === undefined) return undefined
    const plaintext = unseal(store.keys.encryption, sealed, valueIdentity(loaded.fileId, version.id), `${path} (secret ${loaded.record.name}, version ${version.id})`)
    try {
      const bytes = plaintext.subarray(1)
      if (plaintext[0] === VALUE_BINARY) return SecretValue.fromBinary(bytes)
      if (plaintext[0] === VALUE_TEXT) return SecretValue.fromText(bytes.toString('utf8'))
      throw new IntegrityError(`The local store record ${path} (secret ${loaded.record.name}) has an unknown value type; it was not used.`)
    } finally {
      plaintext.fill(0)
    }
  }

  async #sameValue(store: OpenStore, loaded: LoadedSecret, version: StoredVersion, value: SecretValue): Promise<boolean> {
    const stored = await this.#readValue(store, loaded, version)
    return stored !== undefined && stored.equals(value)
  }

  #isExpired(record: StoredSecret): boolean {
    return record.deletionDate !== undefined && this.#clock().getTime() >= new Date(record.deletionDate).getTime()
  }

  #nameOf(secretId: string): string {
    if (secretId.startsWith(LOCAL_ARN_PREFIX)) {
      // <name>-<six characters>, as in Secrets Manager.
      const rest = secretId.slice(LOCAL_ARN_PREFIX.length)
      const name = rest.slice(0, -7)
      if (rest.length > 7 && rest.at(-7) === '-') {
        assertValidSecretName(name)
        return name
      }
    }

    if (secretId.startsWith('arn:')) throw new NotFoundError('The local store has no secret with that ARN; local ARNs start with ' + LOCAL_ARN_PREFIX)
    assertValidSecretName(secretId)
    return secretId
  }

  // ---- writing records ----

  /** A read-modify-write of one secret's metadata under the lock. */
  async #update(secretId: string, change: (record: StoredSecret) => void): Promise<SecretRef> {
    const name = this.#nameOf(secretId)
    const store = await this.#open()
    if (!store) throw notFound(name)
    return this.#withLock(async (lock) => {
      const loaded = await this.#loadForWrite(store, secretId, name)
      const before = JSON.stringify(loaded.record)
      change(loaded.record)
      if (JSON.stringify(loaded.record) !== before) {
        loaded.record.lastChangedDate = this.#clock().toISOString()
        await this.#commit(store, loaded, lock)
      }

      return {name, arn: arnOf(loaded.record)}
    })
  }

  async #writeValue(store: OpenStore, loaded: LoadedSecret, versionId: string, value: SecretValue, now: string): Promise<StoredVersion> {
    const file = versionFileName(versionId)
    const bytes = value.revealBytes()
    const plaintext = Buffer.concat([Buffer.from([value.isBinary ? VALUE_BINARY : VALUE_TEXT]), bytes])
    bytes.fill(0)
    try {
      await writeFileAtomically(join(loaded.directory, file), seal(store.keys.encryption, plaintext, valueIdentity(loaded.fileId, versionId)))
    } finally {
      plaintext.fill(0)
    }

    return {id: versionId, stages: [], createdDate: now, file}
  }

  /** Commits a secret's record (the rename is the commit point), then tidies its directory. */
  async #commit(store: OpenStore, loaded: LoadedSecret, lock: HeldLock): Promise<void> {
    const sealed = seal(store.keys.encryption, Buffer.from(JSON.stringify(loaded.record), 'utf8'), `${SECRETS_DIR}/${loaded.fileId}/${SECRET_RECORD}`)
    lock.assertHeld()
    await writeFileAtomically(join(loaded.directory, SECRET_RECORD), sealed)
    await this.#sweepSecretDirectory(loaded)
  }

  /** Removes what no committed record refers to: a crashed writer's temp files, dropped versions' values. */
  async #sweepSecretDirectory(loaded: LoadedSecret): Promise<void> {
    const referenced = new Set([SECRET_RECORD, ...loaded.record.versions.map((version) => version.file)])
    const entries = await readdir(loaded.directory)
    const stale = entries.filter((entry) => !referenced.has(entry) && (entry.startsWith(TEMP_PREFIX) || entry.endsWith('.rec')))
    await Promise.all(stale.map((entry) => removeTree(join(loaded.directory, entry))))
  }

  async #removeSecret(loaded: LoadedSecret): Promise<void> {
    // Renaming first makes the removal atomic: a crash mid-way leaves trash, never half a secret.
    const trash = join(this.#secretsDirectory(), `${TRASH_PREFIX}${randomBytes(8).toString('hex')}`)
    await rename(loaded.directory, trash)
    await syncDirectory(this.#secretsDirectory())
    await removeTree(trash)
  }

  /**
   * Best effort, once a day per secret: a busy lock or a failure never fails the read. The
   * record just read answers whether today is already recorded, so the common read takes no
   * lock and decrypts nothing twice; the check is repeated under the lock before writing.
   */
  async #recordAccess(store: OpenStore, name: string, read: StoredSecret, versionId: string): Promise<void> {
    const day = accessDay(this.#clock())
    if (accessRecorded(read, versionId, day)) return
    try {
      await ifStoreLockFree(this.directory, async (lock) => {
        const loaded = await this.#load(store, name)
        if (!loaded || loaded.record.deletionDate) return
        const version = findVersion(loaded.record, versionId)
        if (accessRecorded(loaded.record, versionId, day)) return
        loaded.record.lastAccessedDate = day
        if (version) version.lastAccessedDate = day
        await this.#commit(store, loaded, lock)
      })
    } catch (error) {
      this.#debug(`local store: could not record the access date (${(error as Error).constructor.name})`)
    }
  }

  // ---- scheduled deletions ----

  async #notePurgeDue(store: OpenStore, deletionDate: Date): Promise<void> {
    const manifest = (await readManifest(this.directory)) ?? store.manifest
    const due = manifest.purgeDueDate ? new Date(manifest.purgeDueDate) : undefined
    if (due && due.getTime() <= deletionDate.getTime()) return
    manifest.purgeDueDate = deletionDate.toISOString()
    await writeManifest(this.directory, manifest)
    store.manifest = manifest
  }

  /** Purges secrets whose recovery window has passed, when the manifest says one is due. Best effort. */
  async #purgeIfDue(store: OpenStore): Promise<void> {
    const due = store.manifest.purgeDueDate
    if (!due || this.#clock().getTime() < new Date(due).getTime()) return
    try {
      await ifStoreLockFree(this.directory, async (lock) => {
        let nextDue: number | undefined
        const entries = await readdir(this.#secretsDirectory()).catch(() => [] as string[])
        for (const entry of entries) {
          if (entry.startsWith(TRASH_PREFIX)) {
            await removeTree(join(this.#secretsDirectory(), entry))
            continue
          }

          if (entry.startsWith('.')) continue
          let loaded: LoadedSecret | undefined
          try {
            loaded = await this.#loadById(store, entry)
          } catch (error) {
            // A damaged record is reported when someone reads it, not by an unrelated command.
            if (error instanceof IntegrityError) continue
            throw error
          }

          if (!loaded?.record.deletionDate) continue
          if (this.#isExpired(loaded.record)) {
            lock.assertHeld()
            await this.#removeSecret(loaded)
            this.#debug('local store: purged a secret whose recovery window ended')
          } else {
            const at = new Date(loaded.record.deletionDate).getTime()
            nextDue = nextDue === undefined ? at : Math.min(nextDue, at)
          }
        }

        const manifest = (await readManifest(this.directory)) ?? store.manifest
        if (nextDue === undefined) delete manifest.purgeDueDate
        else manifest.purgeDueDate = new Date(nextDue).toISOString()
        await writeManifest(this.directory, manifest)
        store.manifest = manifest
      })
    } catch (error) {
      this.#debug(`local store: purge of expired secrets skipped (${(error as Error).constructor.name})`)
    }
  }
}

function valueIdentity(fileId: string, versionId: string): string {
  return `${SECRETS_DIR}/${fileId}/value/${versionId}`
}

function pickVersion(record: StoredSecret, options: GetValueOptions): StoredVersion {
  const {versionId, versionStage} = options
  if (versionId !== undefined) {
    const version = findVersion(record, versionId)
    if (!version || (versionStage !== undefined && !version.stages.includes(versionStage))) {
      throw new NotFoundError(`Secret ${record.name} has no version ${versionId}${versionStage === undefined ? '' : ` with label ${versionStage}`}.`)
    }

    return version
  }

  const stage = versionStage ?? AWSCURRENT
  const version = record.versions.find((candidate) => candidate.stages.includes(stage))
  if (!version) throw new NotFoundError(`Secret ${record.name} has no version labelled ${stage}.`)
  return version
}

function listEntry(record: StoredSecret): SecretListEntry {
  const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value))
  const rotation = record.rotation
  return {
    name: record.name,
    arn: arnOf(record),
    ...(record.description === undefined ? {} : {description: record.description}),
    ...(record.kmsKeyId === undefined ? {} : {kmsKeyId: record.kmsKeyId}),
    tags: record.tags.map((tag) => ({...tag})),
    createdDate: date(record.createdDate),
    lastChangedDate: date(record.lastChangedDate),
    lastAccessedDate: date(record.lastAccessedDate),
    deletedDate: date(record.deletionDate),
    rotationEnabled: rotation?.enabled ?? false,
    rotationLambdaArn: rotation?.lambdaArn,
    rotationRules: rotation?.rules,
    lastRotatedDate: date(rotation?.lastRotatedDate),
    nextRotationDate: date(rotation?.nextRotationDate),
  }
}

function arnOf(record: StoredSecret): string {
  return `${LOCAL_ARN_PREFIX}${record.name}-${record.arnSuffix}`
}

function randomArnSuffix(): string {
  return Array.from({length: 6}, () => ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)]).join('')
}

function nextRotationDate(rules: RotationRules, from: Date): Date | undefined {
  let days = rules.automaticallyAfterDays
  const rate = rules.scheduleExpression?.match(/^rate\((\d+) (hours?|days?)\)$/)
  if (days === undefined && rate) {
    const amount = Number(rate[1])
    days = rate[2].startsWith('hour') ? amount / 24 : amount
  }

  // A cron() schedule is recorded but not evaluated locally: no next date rather than a wrong one.
  return days === undefined ? undefined : new Date(from.getTime() + days * DAY_MS)
}

/** TagResource's merge: new keys are added, existing keys take the new value; the total is what is limited. */
function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const merged = new Map(existing.map((tag) => [tag.key, tag.value]))
  for (const tag of added) {
    assertValidTag(tag)
    merged.set(tag.key, tag.value)
  }

  assertValidTagCount(merged.size)
  return [...merged].map(([key, value]) => ({key, value}))
}

function notFound(name: string): NotFoundError {
  return new NotFoundError(`No secret named ${name} in the local store.`)
}

function scheduledForDeletion(name: string): ConflictError {
  return scheduledForDeletionError(name)
}

function noRegions(action: string): UsageError {
  return new UsageError(`The local store has no regions, so it cannot ${action}; use --store aws for replication.`)
}

function accessRecorded(record: StoredSecret, versionId: string, day: string): boolean {
  const version = findVersion(record, versionId)
  return record.lastAccessedDate === day && (!version || version.lastAccessedDate === day)
}
