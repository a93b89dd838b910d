// Writes made through secretsmith drop the cached copies of what they wrote, at once. This is
// a decorator around the SecretStore port, applied where a command opens its store, so every
// command that writes (put, edit, update, rollback, rotate, delete, restore, import, ...)
// invalidates without having to remember to. It wraps any SecretStore, so it composes with
// other decorators of the port. The entry is dropped whether the write succeeded or not: a
// write whose answer was lost may still have landed.
import type {SecretValue} from '../secret-value.js'
import type {
  CreateSecretInput,
  CurrentValueOutcome,
  DeleteOptions,
  DeleteResult,
  GetValueOptions,
  ListOptions,
  MoveStageInput,
  PasswordOptions,
  PutValueInput,
  ReplicaStatus,
  RotationInput,
  RotationResult,
  SecretDescription,
  SecretListEntry,
  SecretRef,
  SecretStore,
  SecretVersionValue,
  StoreTarget,
  Tag,
  UpdateMetadataInput,
  VersionEntry,
  WriteResult,
} from '../stores/store.js'

/** Drops cached entries for these names/ARNs; never throws (a failure is the cache's to report). */
export type InvalidateCache = (secretIds: string[]) => Promise<void>

export function invalidatingCacheOnWrite(store: SecretStore, invalidate: InvalidateCache): SecretStore {
  return new CacheInvalidatingStore(store, invalidate)
}

class CacheInvalidatingStore implements SecretStore {
  readonly #inner: SecretStore
  readonly #invalidate: InvalidateCache
  readonly getCurrentValues?: (names: string[]) => Promise<CurrentValueOutcome[]>

  constructor(inner: SecretStore, invalidate: InvalidateCache) {
    this.#inner = inner
    this.#invalidate = invalidate
    // An optional capability stays optional: present here only when the inner store has it.
    if (inner.getCurrentValues) this.getCurrentValues = (names) => inner.getCurrentValues!(names)
  }

  get kind() {
    return this.#inner.kind
  }

  target(): Promise<StoreTarget> {
    return this.#inner.target()
  }

  create(input: CreateSecretInput): Promise<WriteResult> {
    return this.#write(input.name, () => this.#inner.create(input))
  }

  putValue(input: PutValueInput): Promise<WriteResult> {
    return this.#write(input.name, () => this.#inner.putValue(input))
  }

  getValue(name: string, options?: GetValueOptions): Promise<SecretVersionValue> {
    return this.#inner.getValue(name, options)
  }

  describe(name: string): Promise<SecretDescription> {
    return this.#inner.describe(name)
  }

  list(options?: ListOptions): AsyncIterable<SecretListEntry> {
    return this.#inner.list(options)
  }

  listVersions(name: string, options?: {includeDeprecated?: boolean}): Promise<VersionEntry[]> {
    return this.#inner.listVersions(name, options)
  }

  moveStage(name: string, input: MoveStageInput): Promise<SecretRef> {
    return this.#write(name, () => this.#inner.moveStage(name, input))
  }

  // Metadata only, but a cached entry carries no metadata worth keeping over a fresh read.
  updateMetadata(name: string, input: UpdateMetadataInput): Promise<SecretRef> {
    return this.#write(name, () => this.#inner.updateMetadata(name, input))
  }

  tag(name: string, tags: Tag[]): Promise<void> {
    return this.#inner.tag(name, tags)
  }

  untag(name: string, keys: string[]): Promise<void> {
    return this.#inner.untag(name, keys)
  }

  delete(name: string, options?: DeleteOptions): Promise<DeleteResult> {
    return this.#write(name, () => this.#inner.delete(name, options))
  }

  restore(name: string): Promise<SecretRef> {
    return this.#write(name, () => this.#inner.restore(name))
  }

  rotate(name: string, input: RotationInput): Promise<RotationResult> {
    return this.#write(name, () => this.#inner.rotate(name, input))
  }

  cancelRotation(name: string): Promise<SecretRef> {
    return this.#write(name, () => this.#inner.cancelRotation(name))
  }

  replicate(name: string, regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]> {
    return this.#inner.replicate(name, regions)
  }

  removeReplicas(name: string, regions: string[]): Promise<ReplicaStatus[]> {
    return this.#inner.removeReplicas(name, regions)
  }

  randomPassword(options?: PasswordOptions): Promise<SecretValue> {
    return this.#inner.randomPassword(options)
  }

  getResourcePolicy(name: string): Promise<string | null> {
    return this.#inner.getResourcePolicy(name)
  }

  close(): Promise<void> {
    return this.#inner.close()
  }

  async #write<T extends SecretRef | void>(name: string, write: () => Promise<T>): Promise<T> {
    let result: T | undefined
    try {
      result = await write()
      return result
    } finally {
      const ref = result as SecretRef | undefined
      // The name as given, and as the store answered (the name when an ARN was given, and the ARN).
      await this.#invalidate([name, ...(ref?.name ? [ref.name] : []), ...(ref?.arn ? [ref.arn] : [])])
    }
  }
}
