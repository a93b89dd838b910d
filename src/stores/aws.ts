// The AWS Secrets Manager backend of the SecretStore port, over the AWS SDK v3 (loaded only
// when this store is opened). Every call goes through #call, which maps SDK errors to our
// typed errors (aws-errors.ts) and remembers the account from any ARN it sees, so the write
// summary can name region and account without an STS call.
import type {
  SecretListEntry as AwsSecretListEntry,
  DescribeSecretResponse,
  ReplicationStatusType,
  RotationRulesType,
  SecretsManagerClient,
  Tag as AwsTag,
} from '@aws-sdk/client-secrets-manager'

import {ConflictError, NotFoundError, UnavailableError, ValidationError, changedUnderneathError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {type AwsCallContext, toStoreError} from './aws-errors.js'
import {type AwsClientSettings, createSecretsManagerClient} from './aws-client.js'
import {
  DEFAULT_RECOVERY_WINDOW_DAYS,
  assertValidCheckAndSetStages,
  assertValidDeleteOptions,
  assertValidDescription,
  assertValidPageSize,
  assertValidRotationRules,
  assertValidSecretId,
  assertValidSecretName,
  assertValidSecretValue,
  assertValidStage,
  assertValidStages,
  assertValidTags,
  assertValidToken,
} from './limits.js'
import {assertValidListFilters} from './local-list-filter.js'
import {
  AWSCURRENT,
  AWSPREVIOUS,
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

type SecretsManagerModule = typeof import('@aws-sdk/client-secrets-manager')

/** Open the AWS store: resolves region, credentials source, endpoint and retry settings. */
export async function openAwsStore(options: StoreOptions): Promise<SecretStore> {
  const sdk = await import('@aws-sdk/client-secrets-manager')
  const {client, settings} = await createSecretsManagerClient(sdk, options)
  return new AwsStore(sdk, client, settings, {warn: options.warn})
}

/** How many attempts (SDK retries included) the call behind a mapped error made. */
const attemptsMade = new WeakMap<object, number>()

interface CallSubject {
  name?: string
  versionDetail?: string
  isWrite: boolean
}

export class AwsStore implements SecretStore {
  readonly kind = 'aws' as const
  readonly #sdk: SecretsManagerModule
  readonly #client: SecretsManagerClient
  readonly #settings: AwsClientSettings
  readonly #warn: (message: string) => void
  #account: string | undefined

  constructor(sdk: SecretsManagerModule, client: SecretsManagerClient, settings: AwsClientSettings, options: Pick<StoreOptions, 'warn'> = {}) {
    this.#sdk = sdk
    this.#client = client
    this.#settings = settings
    this.#warn = options.warn ?? (() => {})
  }

  async target(): Promise<StoreTarget> {
    const {region, endpoint} = this.#settings
    const account = this.#account
    return {
      kind: 'aws',
      label: `aws ${region}${account ? ` (account ${account})` : ''}`,
      region,
      ...(account ? {account} : {}),
      ...(endpoint ? {endpoint} : {}),
    }
  }

  async create(input: CreateSecretInput): Promise<WriteResult> {
    assertValidSecretName(input.name)
    assertValidSecretValue(input.value)
    assertValidToken(input.clientRequestToken)
    assertValidDescription(input.description)
    assertValidTags(input.tags ?? [])
    const output = await this.#call('CreateSecret', {name: input.name, isWrite: true}, () =>
      this.#client.send(
        new this.#sdk.CreateSecretCommand({
          Name: input.name,
          ClientRequestToken: input.clientRequestToken,
          ...secretPayload(input.value),
          Description: input.description,
          KmsKeyId: input.kmsKeyId,
          Tags: input.tags?.length ? input.tags.map(toAwsTag) : undefined,
          AddReplicaRegions: input.replicaRegions?.length ? input.replicaRegions.map((region) => ({Region: region})) : undefined,
        }),
      ),
    )
    return this.#writeResult(input.name, output)
  }

  async putValue(input: PutValueInput): Promise<WriteResult> {
    assertValidSecretId(input.name)
    assertValidSecretValue(input.value)
    assertValidToken(input.clientRequestToken)
    if (input.stages !== undefined) assertValidStages(input.stages)
    if (input.expectedCurrentVersionId === undefined) return (await this.#putSecretValue(input, input.stages)).written
    assertValidCheckAndSetStages(input.stages)
    return this.#checkAndSetPut(input, input.expectedCurrentVersionId)
  }

  async getValue(name: string, options: GetValueOptions = {}): Promise<SecretVersionValue> {
    assertValidSecretId(name)
    const stage = options.versionStage ?? (options.versionId ? undefined : AWSCURRENT)
    const versionDetail = [options.versionId && `version ${options.versionId}`, stage && `stage ${stage}`]
      .filter(Boolean)
      .join(' with ')
    const output = await this.#call('GetSecretValue', {name, versionDetail, isWrite: false}, () =>
      this.#client.send(new this.#sdk.GetSecretValueCommand({SecretId: name, VersionId: options.versionId, VersionStage: stage})),
    )
    let value: SecretValue
    if (output.SecretBinary !== undefined) value = SecretValue.fromBinary(output.SecretBinary)
    else if (output.SecretString !== undefined) value = SecretValue.fromText(output.SecretString)
    else throw unexpectedResponse('GetSecretValue', name)
    return {
      ...this.#ref(name, output.ARN, output.Name),
      versionId: required(output.VersionId, 'GetSecretValue', name),
      stages: output.VersionStages ?? [],
      value,
      createdDate: output.CreatedDate ?? new Date(0),
    }
  }

  async describe(name: string): Promise<SecretDescription> {
    assertValidSecretId(name)
    const output = await this.#call('DescribeSecret', {name, isWrite: false}, () =>
      this.#client.send(new this.#sdk.DescribeSecretCommand({SecretId: name})),
    )
    return {...this.#listEntry(output, name), versions: output.VersionIdsToStages ?? {}}
  }

  async *list(options: ListOptions = {}): AsyncIterable<SecretListEntry> {
    const pageSize = options.pageSize
    assertValidPageSize(pageSize)
    assertValidListFilters(options.filters ?? [])

    const pages = this.#sdk.paginateListSecrets(
      {client: this.#client, pageSize},
      {
        Filters: options.filters?.map((filter) => ({Key: filter.key, Values: filter.values})),
        IncludePlannedDeletion: options.includePlannedDeletion,
      },
    )
    const iterator = pages[Symbol.asyncIterator]()
    while (true) {
      const page = await this.#call('ListSecrets', {isWrite: false}, () => iterator.next())
      if (page.done) return
      for (const entry of page.value.SecretList ?? []) yield this.#listEntry(entry, entry.Name ?? '')
    }
  }

  async listVersions(name: string, options: {includeDeprecated?: boolean} = {}): Promise<VersionEntry[]> {
    assertValidSecretId(name)
    const pages = this.#sdk.paginateListSecretVersionIds(
      {client: this.#client},
      {SecretId: name, IncludeDeprecated: options.includeDeprecated},
    )
    const iterator = pages[Symbol.asyncIterator]()
    const versions: VersionEntry[] = []
    while (true) {
      const page = await this.#call('ListSecretVersionIds', {name, isWrite: false}, () => iterator.next())
      if (page.done) return versions
      this.#noteArn(page.value.ARN)
      for (const version of page.value.Versions ?? []) {
        versions.push({
          versionId: required(version.VersionId, 'ListSecretVersionIds', name),
          stages: version.VersionStages ?? [],
          createdDate: version.CreatedDate ?? new Date(0),
          ...(version.LastAccessedDate ? {lastAccessedDate: version.LastAccessedDate} : {}),
        })
      }
    }
  }

  async moveStage(name: string, input: MoveStageInput): Promise<SecretRef> {
    assertValidSecretId(name)
    assertValidStage(input.stage)
    try {
      const output = await this.#call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
        this.#client.send(
          new this.#sdk.UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: input.stage,
            MoveToVersionId: input.moveToVersionId,
            RemoveFromVersionId: input.removeFromVersionId,
          }),
        ),
      )
      return this.#ref(name, output.ARN, output.Name)
    } catch (error) {
      // A retry after a lost response finds the label already moved, and Secrets Manager
      // then refuses RemoveFromVersionId. If the label sits where it was asked to go, the
      // move landed: report success, as for any other idempotent write.
      if (error instanceof ValidationError && input.moveToVersionId && (attemptsMade.get(error) ?? 0) > 1) {
        const description = await this.describe(name)
        if (description.versions[input.moveToVersionId]?.includes(input.stage)) return {name: description.name, arn: description.arn}
      }

      throw error
    }
  }

  async updateMetadata(name: string, input: UpdateMetadataInput): Promise<SecretRef> {
    assertValidSecretId(name)
    assertValidDescription(input.description)
    // UpdateSecret without SecretString/SecretBinary changes metadata only: no new version.
    const output = await this.#call('UpdateSecret', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.UpdateSecretCommand({SecretId: name, Description: input.description, KmsKeyId: input.kmsKeyId})),
    )
    return this.#ref(name, output.ARN, output.Name)
  }

  async tag(name: string, tags: Tag[]): Promise<void> {
    assertValidSecretId(name)
    assertValidTags(tags)
    await this.#call('TagResource', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.TagResourceCommand({SecretId: name, Tags: tags.map(toAwsTag)})),
    )
  }

  async untag(name: string, keys: string[]): Promise<void> {
    assertValidSecretId(name)
    await this.#call('UntagResource', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.UntagResourceCommand({SecretId: name, TagKeys: keys})),
    )
  }

  async delete(name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    assertValidSecretId(name)
    assertValidDeleteOptions(options)
    if (options.force) {
      // Secrets Manager answers a forced delete of a missing secret with success; look first
      // so a typo reports "not found" (exit 3) as on the local store.
      await this.describe(name)
    }

    const recoveryWindow = options.force ? undefined : (options.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS)
    try {
      const output = await this.#call('DeleteSecret', {name, isWrite: true}, () =>
        this.#client.send(
          new this.#sdk.DeleteSecretCommand({
            SecretId: name,
            RecoveryWindowInDays: recoveryWindow,
            ForceDeleteWithoutRecovery: options.force ? true : undefined,
          }),
        ),
      )
      return {...this.#ref(name, output.ARN, output.Name), deletionDate: output.DeletionDate ?? new Date()}
    } catch (error) {
      // Deleting a secret already scheduled for deletion (a re-run, or an SDK retry after a
      // lost response) keeps the first schedule, as on the local store.
      if (error instanceof ConflictError && !options.force) {
        const description = await this.describe(name)
        if (description.deletedDate) return {name: description.name, arn: description.arn, deletionDate: description.deletedDate}
      }

      throw error
    }
  }

  async restore(name: string): Promise<SecretRef> {
    assertValidSecretId(name)
    const output = await this.#call('RestoreSecret', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.RestoreSecretCommand({SecretId: name})),
    )
    return this.#ref(name, output.ARN, output.Name)
  }

  async rotate(name: string, input: RotationInput): Promise<RotationResult> {
    assertValidSecretId(name)
    assertValidToken(input.clientRequestToken)
    assertValidRotationRules(input.rotationRules)
    const output = await this.#call('RotateSecret', {name, isWrite: true}, () =>
      this.#client.send(
        new this.#sdk.RotateSecretCommand({
          SecretId: name,
          ClientRequestToken: input.clientRequestToken,
          RotationLambdaARN: input.rotationLambdaArn,
          RotationRules: input.rotationRules ? toAwsRotationRules(input.rotationRules) : undefined,
          RotateImmediately: input.rotateImmediately,
        }),
      ),
    )
    return {...this.#ref(name, output.ARN, output.Name), ...(output.VersionId ? {versionId: output.VersionId} : {})}
  }

  async cancelRotation(name: string): Promise<SecretRef> {
    assertValidSecretId(name)
    const output = await this.#call('CancelRotateSecret', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.CancelRotateSecretCommand({SecretId: name})),
    )
    return this.#ref(name, output.ARN, output.Name)
  }

  async replicate(name: string, regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]> {
    assertValidSecretId(name)
    const output = await this.#call('ReplicateSecretToRegions', {name, isWrite: true}, () =>
      this.#client.send(
        new this.#sdk.ReplicateSecretToRegionsCommand({
          SecretId: name,
          AddReplicaRegions: regions.map(({region, kmsKeyId}) => ({Region: region, KmsKeyId: kmsKeyId})),
        }),
      ),
    )
    this.#noteArn(output.ARN)
    return (output.ReplicationStatus ?? []).map(toReplicaStatus)
  }

  async removeReplicas(name: string, regions: string[]): Promise<ReplicaStatus[]> {
    assertValidSecretId(name)
    const output = await this.#call('RemoveRegionsFromReplication', {name, isWrite: true}, () =>
      this.#client.send(new this.#sdk.RemoveRegionsFromReplicationCommand({SecretId: name, RemoveReplicaRegions: regions})),
    )
    this.#noteArn(output.ARN)
    return (output.ReplicationStatus ?? []).map(toReplicaStatus)
  }

  async randomPassword(options: PasswordOptions = {}): Promise<SecretValue> {
    const output = await this.#call('GetRandomPassword', {isWrite: false}, () =>
      this.#client.send(
        new this.#sdk.GetRandomPasswordCommand({
          PasswordLength: options.length,
          ExcludeCharacters: options.excludeCharacters,
          ExcludeNumbers: options.excludeNumbers,
          ExcludePunctuation: options.excludePunctuation,
          ExcludeUppercase: options.excludeUppercase,
          ExcludeLowercase: options.excludeLowercase,
          IncludeSpace: options.includeSpace,
          RequireEachIncludedType: options.requireEachIncludedType,
        }),
      ),
    )
    if (output.RandomPassword === undefined) throw unexpectedResponse('GetRandomPassword')
    return SecretValue.fromText(output.RandomPassword)
  }

  async close(): Promise<void> {
    this.#client.destroy()
  }

  async #putSecretValue(input: PutValueInput, stages: string[] | undefined): Promise<{written: WriteResult; stages: string[]}> {
    const output = await this.#call('PutSecretValue', {name: input.name, isWrite: true}, () =>
      this.#client.send(
        new this.#sdk.PutSecretValueCommand({
          SecretId: input.name,
          ClientRequestToken: input.clientRequestToken,
          ...secretPayload(input.value),
          VersionStages: stages,
        }),
      ),
    )
    return {written: this.#writeResult(input.name, output), stages: output.VersionStages ?? []}
  }

  /**
   * Check-and-set with no window, from Secrets Manager's own staging-label rules (it has no
   * conditional put):
   *   1. PutSecretValue under a label private to this write, so AWSCURRENT does not move;
   *   2. UpdateSecretVersionStage moves AWSCURRENT to the new version with RemoveFromVersionId =
   *      the expected version. Secrets Manager refuses the move unless AWSCURRENT is on that
   *      version at that moment, so the compare and the swap are one call; AWSPREVIOUS follows
   *      as for a plain put;
   *   3. the private label comes off again, whatever the outcome. A refused write leaves its
   *      version with no label (deprecated), for Secrets Manager to purge.
   * Each step is safe to repeat (the SDK retries; so may the caller, with the same token).
   */
  async #checkAndSetPut(input: PutValueInput, expected: string): Promise<WriteResult> {
    const {name, clientRequestToken: versionId} = input
    const label = checkAndSetLabel(versionId)
    let put: {written: WriteResult; stages: string[]}
    try {
      put = await this.#putSecretValue(input, [label])
    } catch (error) {
      // Every answer lost: the version may have landed, label and all.
      if (error instanceof UnavailableError) await this.#removeCheckAndSetLabel(name, versionId, label)
      throw error
    }

    let outcome: {landed: true} | {landed: false; current: string | undefined}
    try {
      // A repeat of a write that already landed finds its version current: nothing to move.
      outcome = put.stages.includes(AWSCURRENT) ? {landed: true} : await this.#moveCurrentTo(name, versionId, expected)
    } catch (error) {
      await this.#removeCheckAndSetLabel(name, versionId, label)
      throw error
    }

    await this.#removeCheckAndSetLabel(name, versionId, label)
    if (outcome.landed) return put.written
    throw changedUnderneathError(
      name,
      outcome.current,
      expected,
      `Your value was not made current (its version ${versionId} is left unlabelled, for Secrets Manager to purge)`,
    )
  }

  /** Step 2 of a check-and-set: the atomic compare-and-move of AWSCURRENT. */
  async #moveCurrentTo(name: string, versionId: string, expected: string): Promise<{landed: true} | {landed: false; current: string | undefined}> {
    try {
      await this.#call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
        this.#client.send(
          new this.#sdk.UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: AWSCURRENT,
            MoveToVersionId: versionId,
            RemoveFromVersionId: expected,
          }),
        ),
      )
      return {landed: true}
    } catch (error) {
      if (!(error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError)) throw error
      // Refused: either AWSCURRENT had moved on (the conflict this exists to catch), or this
      // is a repeat of a move that landed (an SDK retry after a lost response, or the caller's
      // retry with the same token). Only the labels tell which.
      const {versions} = await this.describe(name)
      const current = Object.keys(versions).find((id) => versions[id].includes(AWSCURRENT))
      // AWSPREVIOUS on our version: our move landed, and yet another write followed it.
      if (current === versionId || versions[versionId]?.includes(AWSPREVIOUS)) return {landed: true}
      if (current !== expected) return {landed: false, current}
      throw error
    }
  }

  /**
   * Step 3 of a check-and-set; never throws. A repeat finds the label gone, which is success.
   * A label that cannot be removed is harmless to readers (AWSCURRENT is where the write left
   * it), so it is reported as a warning rather than failing a write that landed.
   */
  async #removeCheckAndSetLabel(name: string, versionId: string, label: string): Promise<void> {
    try {
      await this.#call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
        this.#client.send(new this.#sdk.UpdateSecretVersionStageCommand({SecretId: name, VersionStage: label, RemoveFromVersionId: versionId})),
      )
    } catch (error) {
      try {
        const {versions} = await this.describe(name)
        if (!Object.values(versions).some((stages) => stages.includes(label))) return
      } catch (describeError) {
        if (describeError instanceof NotFoundError) return
        // Otherwise fall through to the warning: whether the label is still there is unknown.
      }

      this.#warn(
        `Secret ${name}: check-and-set's temporary label ${label} may be left on version ${versionId} ` +
          `(removing it failed with ${(error as Error).constructor.name}); if describe lists it, remove it with: ` +
          `aws secretsmanager update-secret-version-stage --secret-id ${name} --version-stage ${label} --remove-from-version-id ${versionId}`,
      )
    }
  }

  async #call<T>(operation: string, subject: CallSubject, send: () => Promise<T>): Promise<T> {
    try {
      return await send()
    } catch (error) {
      const context: AwsCallContext = {
        operation,
        secretName: subject.name,
        versionDetail: subject.versionDetail || undefined,
        region: this.#settings.region,
        credentialSource: this.#settings.credentialSource,
        endpoint: this.#settings.endpoint,
        isWrite: subject.isWrite,
      }
      const mapped = toStoreError(error, context)
      const attempts = (error as {$metadata?: {attempts?: unknown}})?.$metadata?.attempts
      if (typeof attempts === 'number') attemptsMade.set(mapped, attempts)
      throw mapped
    }
  }

  #writeResult(name: string, output: {ARN?: string; Name?: string; VersionId?: string}): WriteResult {
    return {...this.#ref(name, output.ARN, output.Name), versionId: required(output.VersionId, 'write', name)}
  }

  #ref(requested: string, arn: string | undefined, name: string | undefined): SecretRef {
    this.#noteArn(arn)
    return {name: name ?? requested, arn: arn ?? ''}
  }

  /** arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-abcdef → remember ACCOUNT. */
  #noteArn(arn: string | undefined): void {
    const account = arn?.split(':')[4]
    if (account && /^\d{12}$/.test(account)) this.#account = account
  }

  #listEntry(entry: AwsSecretListEntry | DescribeSecretResponse, requested: string): SecretListEntry {
    return {
      ...this.#ref(requested, entry.ARN, entry.Name),
      ...defined({
        description: entry.Description,
        kmsKeyId: entry.KmsKeyId,
        createdDate: entry.CreatedDate,
        lastChangedDate: entry.LastChangedDate,
        lastAccessedDate: entry.LastAccessedDate,
        deletedDate: entry.DeletedDate,
        rotationLambdaArn: entry.RotationLambdaARN,
        rotationRules: entry.RotationRules ? fromAwsRotationRules(entry.RotationRules) : undefined,
        lastRotatedDate: entry.LastRotatedDate,
        nextRotationDate: entry.NextRotationDate,
        primaryRegion: entry.PrimaryRegion,
        replication: 'ReplicationStatus' in entry && entry.ReplicationStatus ? entry.ReplicationStatus.map(toReplicaStatus) : undefined,
      }),
      tags: (entry.Tags ?? []).map((tag) => ({key: tag.Key ?? '', value: tag.Value ?? ''})),
      rotationEnabled: entry.RotationEnabled ?? false,
    }
  }
}

/** A text secret travels as SecretString, a binary one as SecretBinary (base64 on the wire). */
function secretPayload(value: SecretValue): {SecretString: string} | {SecretBinary: Uint8Array} {
  return value.isBinary ? {SecretBinary: value.revealBytes()} : {SecretString: value.revealText()}
}

export const CHECK_AND_SET_LABEL_PREFIX = 'secretsmith-cas-'

/**
 * The staging label a check-and-set write puts on its new version until AWSCURRENT has moved:
 * private to this write (derived from its token, which is the version id), never AWSPENDING,
 * which rotation owns. Staging labels are 1 to 256 characters; this one is at most 80.
 */
export function checkAndSetLabel(clientRequestToken: string): string {
  return `${CHECK_AND_SET_LABEL_PREFIX}${clientRequestToken}`
}

function toAwsTag(tag: Tag): AwsTag {
  return {Key: tag.key, Value: tag.value}
}

function toAwsRotationRules(rules: RotationRules): RotationRulesType {
  return {AutomaticallyAfterDays: rules.automaticallyAfterDays, ScheduleExpression: rules.scheduleExpression, Duration: rules.duration}
}

function fromAwsRotationRules(rules: RotationRulesType): RotationRules {
  return defined({automaticallyAfterDays: rules.AutomaticallyAfterDays, scheduleExpression: rules.ScheduleExpression, duration: rules.Duration})
}

function toReplicaStatus(status: ReplicationStatusType): ReplicaStatus {
  return {
    region: status.Region ?? '',
    status: status.Status ?? 'Unknown',
    ...defined({kmsKeyId: status.KmsKeyId, statusMessage: status.StatusMessage}),
  }
}

/** Drops undefined fields, so optional properties are absent rather than present-and-undefined. */
function defined<T extends Record<string, unknown>>(object: T): {[K in keyof T]?: Exclude<T[K], undefined>} {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}

function required<T>(value: T | undefined, operation: string, name?: string): T {
  if (value === undefined) throw unexpectedResponse(operation, name)
  return value
}

function unexpectedResponse(operation: string, name?: string): Error {
  return toStoreError(
    Object.assign(new Error('incomplete response'), {name: 'IncompleteResponse', $metadata: {httpStatusCode: 200}}),
    {operation, secretName: name, region: '?', credentialSource: '?', isWrite: false},
  )
}
