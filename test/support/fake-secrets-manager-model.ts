// Secrets Manager's semantics, in memory, for the loopback test server: secrets and their
// versions, staging labels (AWSCURRENT/AWSPREVIOUS moved on each put), ClientRequestToken
// idempotency, the recovery window, name rules and the 65,536-byte limit, pagination tokens,
// deprecated versions, ARNs with a 6-character suffix, replicas and rotation bookkeeping.
// Operations take and return the JSON 1.1 shapes of the real API (dates in epoch seconds,
// SecretBinary in base64). Errors are FakeApiError with the AWS error type and status.
import {randomInt, randomUUID} from 'node:crypto'

// ListSecrets' filter semantics (prefixes, words, "!" negation) as documented by AWS; shared
// with the local store so the contract suite compares storage, not two filter dialects.
import {matchesListFilters} from '../../src/stores/local-list-filter.js'
import type {ListFilter} from '../../src/stores/store.js'

export class FakeApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

export interface FakeVersionSnapshot {
  versionId: string
  stages: string[]
  createdDate: Date
  isBinary: boolean
  byteLength: number
}

export interface FakeSecretSnapshot {
  name: string
  arn: string
  description?: string
  kmsKeyId?: string
  tags: Array<{Key: string; Value: string}>
  deletionDate?: Date
  rotationEnabled: boolean
  replicaRegions: string[]
  /** Every stored version, deprecated ones (no staging label) included. */
  versions: FakeVersionSnapshot[]
}

interface StoredVersion {
  id: string
  text?: string
  binary?: Buffer
  stages: string[]
  created: number
  lastAccessed?: number
}

interface StoredReplica {
  region: string
  kmsKeyId?: string
  /** Set by tests to stage a failed or lagging replica; InSync otherwise. */
  status?: string
}

/**
 * A test's changes to a secret's bookkeeping that no API call can make (dates in the past, a
 * failed replica), for fixture accounts: stale, never-rotated, rotation-failed, unused secrets.
 * Dates are epoch milliseconds.
 */
export interface FakeSecretAdjustment {
  created?: number
  lastChanged?: number
  lastAccessed?: number | null
  lastRotated?: number | null
  nextRotation?: number | null
  rotation?: {
    enabled: boolean
    lambdaArn?: string
    rules?: {AutomaticallyAfterDays?: number; ScheduleExpression?: string; Duration?: string}
  }
  replicaStatus?: {region: string; status: string}
  /** A resource policy put without PutResourcePolicy's checks (as one put before BlockPublicPolicy existed). */
  policy?: string
}

interface StoredSecret {
  sequence: number
  name: string
  arn: string
  description?: string
  kmsKeyId?: string
  tags: Array<{Key: string; Value: string}>
  created: number
  lastChanged: number
  lastAccessed?: number
  /** Set while scheduled for deletion: when it will be purged. */
  deletionDate?: number
  versions: Map<string, StoredVersion>
  rotationEnabled: boolean
  rotationLambdaArn?: string
  rotationRules?: {AutomaticallyAfterDays?: number; ScheduleExpression?: string; Duration?: string}
  lastRotated?: number
  nextRotation?: number
  replicas: StoredReplica[]
  /** The resource policy document, as put. */
  policy?: string
}

type Input = Record<string, unknown>
type Output = Record<string, unknown>

export const MAX_SECRET_BYTES = 65_536
const MAX_NAME_LENGTH = 512
const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/
const MAX_VERSIONS_PER_SECRET = 100
const MAX_SECRETS = 10_000
const MAX_TAGS = 50
const MAX_STAGES_PER_VERSION = 20
const DAY_MS = 86_400_000
const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const FILTER_KEYS = new Set(['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'])
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
const MARKED_FOR_DELETION = "You can't perform this operation on the secret because it was marked for deletion."

export class SecretsManagerModel {
  readonly #secrets = new Map<string, StoredSecret>()
  #sequence = 0

  constructor(
    readonly region: string,
    readonly accountId: string,
    private readonly now: () => number,
  ) {}

  reset(): void {
    this.#secrets.clear()
    this.#sequence = 0
  }

  /** A value-free view of a secret for test assertions (e.g. counting versions). */
  snapshot(name: string): FakeSecretSnapshot | undefined {
    this.#purgeExpired()
    const secret = this.#secrets.get(name)
    if (!secret) return undefined
    return {
      name: secret.name,
      arn: secret.arn,
      ...(secret.description === undefined ? {} : {description: secret.description}),
      ...(secret.kmsKeyId === undefined ? {} : {kmsKeyId: secret.kmsKeyId}),
      tags: secret.tags.map((tag) => ({...tag})),
      ...(secret.deletionDate === undefined ? {} : {deletionDate: new Date(secret.deletionDate)}),
      rotationEnabled: secret.rotationEnabled,
      replicaRegions: secret.replicas.map((replica) => replica.region),
      versions: [...secret.versions.values()].map((version) => ({
        versionId: version.id,
        stages: [...version.stages],
        createdDate: new Date(version.created),
        isBinary: version.binary !== undefined,
        byteLength: version.binary?.length ?? Buffer.byteLength(version.text ?? '', 'utf8'),
      })),
    }
  }

  /** Applies a test's bookkeeping changes to one secret (see FakeSecretAdjustment). */
  adjust(name: string, change: FakeSecretAdjustment): void {
    const secret = this.#secrets.get(name)
    if (!secret) throw new Error(`no secret ${name} to adjust`)
    if (change.created !== undefined) {
      secret.created = change.created
      for (const version of secret.versions.values()) version.created = Math.min(version.created, change.created)
    }

    if (change.lastChanged !== undefined) secret.lastChanged = change.lastChanged
    const setOrClear = (key: 'lastAccessed' | 'lastRotated' | 'nextRotation', value: number | null | undefined) => {
      if (value === null) delete secret[key]
      else if (value !== undefined) secret[key] = value
    }

    setOrClear('lastAccessed', change.lastAccessed)
    setOrClear('lastRotated', change.lastRotated)
    setOrClear('nextRotation', change.nextRotation)
    if (change.rotation) {
      secret.rotationEnabled = change.rotation.enabled
      if (change.rotation.lambdaArn !== undefined) secret.rotationLambdaArn = change.rotation.lambdaArn
      if (change.rotation.rules !== undefined) secret.rotationRules = change.rotation.rules
    }

    if (change.policy !== undefined) secret.policy = change.policy
    if (change.replicaStatus) {
      const replica = secret.replicas.find((candidate) => candidate.region === change.replicaStatus!.region)
      if (!replica) throw new Error(`secret ${name} has no replica in ${change.replicaStatus.region}`)
      replica.status = change.replicaStatus.status
    }
  }

  names(): string[] {
    this.#purgeExpired()
    return [...this.#secrets.keys()]
  }

  handle(operation: string, input: Input): Output {
    this.#purgeExpired()
    switch (operation) {
      case 'CreateSecret':
        return this.#createSecret(input)
      case 'PutSecretValue':
        return this.#putSecretValue(input)
      case 'GetSecretValue':
        return this.#getSecretValue(input)
      case 'BatchGetSecretValue':
        return this.#batchGetSecretValue(input)
      case 'DescribeSecret':
        return this.#describeSecret(input)
      case 'ListSecrets':
        return this.#listSecrets(input)
      case 'ListSecretVersionIds':
        return this.#listSecretVersionIds(input)
      case 'UpdateSecretVersionStage':
        return this.#updateSecretVersionStage(input)
      case 'UpdateSecret':
        return this.#updateSecret(input)
      case 'TagResource':
        return this.#tagResource(input)
      case 'UntagResource':
        return this.#untagResource(input)
      case 'DeleteSecret':
        return this.#deleteSecret(input)
      case 'RestoreSecret':
        return this.#restoreSecret(input)
      case 'RotateSecret':
        return this.#rotateSecret(input)
      case 'CancelRotateSecret':
        return this.#cancelRotateSecret(input)
      case 'ReplicateSecretToRegions':
        return this.#replicateSecretToRegions(input)
      case 'RemoveRegionsFromReplication':
        return this.#removeRegionsFromReplication(input)
      case 'GetResourcePolicy':
        return this.#getResourcePolicy(input)
      case 'PutResourcePolicy':
        return this.#putResourcePolicy(input)
      case 'DeleteResourcePolicy':
        return this.#deleteResourcePolicy(input)
      case 'GetRandomPassword':
        return this.#getRandomPassword(input)
      default:
        throw new FakeApiError(
          'UnknownOperationException',
          `Operation ${operation} is not supported by this test server.`,
        )
    }
  }

  // --- operations -------------------------------------------------------------------------

  #createSecret(input: Input): Output {
    const name = requiredString(input, 'Name', 1, MAX_NAME_LENGTH)
    if (!NAME_PATTERN.test(name)) {
      throw new FakeApiError(
        'InvalidParameterException',
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      )
    }

    const token = this.#token(input)
    const payload = readPayload(input, false)
    const description = optionalString(input, 'Description', 0, 2048)
    const kmsKeyId = optionalString(input, 'KmsKeyId', 0, 2048)
    const tags = readTags(input, 'Tags')
    const replicas = readReplicaRegions(input, 'AddReplicaRegions', this.region)

    const existing = this.#secrets.get(name)
    if (existing) {
      if (existing.deletionDate !== undefined) {
        throw new FakeApiError(
          'InvalidRequestException',
          "You can't create this secret because a secret with this name is already scheduled for deletion.",
        )
      }

      // A retried CreateSecret (same token, same value) is answered as if it were the first.
      const sameVersion = existing.versions.get(token)
      if (payload && sameVersion && samePayload(sameVersion, payload)) {
        return {ARN: existing.arn, Name: existing.name, VersionId: token, ...replicationStatus(existing)}
      }

      throw new FakeApiError(
        'ResourceExistsException',
        `The operation failed because the secret ${name} already exists.`,
      )
    }

    if (this.#secrets.size >= MAX_SECRETS) {
      throw new FakeApiError(
        'LimitExceededException',
        'You have exceeded the number of secrets this test server holds.',
      )
    }

    const now = this.now()
    const secret: StoredSecret = {
      sequence: ++this.#sequence,
      name,
      arn: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${name}-${arnSuffix()}`,
      ...(description === undefined ? {} : {description}),
      ...(kmsKeyId === undefined ? {} : {kmsKeyId}),
      tags: tags ?? [],
      created: now,
      lastChanged: now,
      versions: new Map(),
      rotationEnabled: false,
      replicas,
    }
    if (payload) secret.versions.set(token, {id: token, ...payload, stages: ['AWSCURRENT'], created: now})
    this.#secrets.set(name, secret)
    return {ARN: secret.arn, Name: name, ...(payload ? {VersionId: token} : {}), ...replicationStatus(secret)}
  }

  #putSecretValue(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const token = this.#token(input)
    const payload = readPayload(input, true)!
    const stages = readStages(input, 'VersionStages') ?? ['AWSCURRENT']

    const existing = secret.versions.get(token)
    if (existing) {
      if (!samePayload(existing, payload)) {
        throw new FakeApiError(
          'ResourceExistsException',
          "You can't modify an existing version, you can only create new versions.",
        )
      }

      // Idempotent retry: the version exists with this value; nothing changes.
      return {ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages]}
    }

    // The first version of a secret is always AWSCURRENT, whatever labels were asked for.
    const labels = secret.versions.size === 0 && !stages.includes('AWSCURRENT') ? [...stages, 'AWSCURRENT'] : stages
    if (labels.length > MAX_STAGES_PER_VERSION) throw tooManyStages()
    const now = this.now()
    const version: StoredVersion = {id: token, ...payload, stages: [], created: now}
    secret.versions.set(token, version)
    for (const stage of labels) this.#attachStage(secret, stage, version)
    secret.lastChanged = now
    pruneVersions(secret, now)
    return {ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages]}
  }

  #getSecretValue(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const versionId = optionalString(input, 'VersionId', 32, 64)
    const stage = optionalString(input, 'VersionStage', 1, 256)
    let version: StoredVersion | undefined
    if (versionId !== undefined) {
      version = secret.versions.get(versionId)
      if (!version) {
        throw new FakeApiError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
        )
      }

      if (stage !== undefined && !version.stages.includes(stage)) {
        throw new FakeApiError(
          'InvalidRequestException',
          'You provided a VersionStage that is not associated to the provided VersionId.',
        )
      }
    } else {
      const wanted = stage ?? 'AWSCURRENT'
      version = [...secret.versions.values()].find((candidate) => candidate.stages.includes(wanted))
      if (!version) {
        throw new FakeApiError(
          'ResourceNotFoundException',
          `Secrets Manager can't find the specified secret value for staging label: ${wanted}`,
        )
      }
    }

    // Secrets Manager records access to the day, not the second.
    const today = Math.floor(this.now() / DAY_MS) * DAY_MS
    secret.lastAccessed = today
    version.lastAccessed = today
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: version.id,
      ...(version.binary === undefined
        ? {SecretString: version.text}
        : {SecretBinary: version.binary.toString('base64')}),
      VersionStages: [...version.stages],
      CreatedDate: seconds(version.created),
    }
  }

  /**
   * By SecretIdList only (1 to 20 ids; Filters are not modelled): each id as GetSecretValue
   * would answer it, failures listed per id in Errors instead of failing the call.
   * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
   */
  #batchGetSecretValue(input: Input): Output {
    if (input.Filters !== undefined)
      throw new FakeApiError('InvalidParameterException', 'This test server supports SecretIdList only.')
    const ids = input.SecretIdList
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 20 || ids.some((id) => typeof id !== 'string')) {
      throw new FakeApiError('InvalidParameterException', 'SecretIdList must hold 1 to 20 secret ids.')
    }

    if (new Set(ids).size !== ids.length)
      throw new FakeApiError('InvalidParameterException', 'SecretIdList contains duplicates.')
    const SecretValues: Output[] = []
    const Errors: Output[] = []
    for (const id of ids as string[]) {
      try {
        SecretValues.push(this.#getSecretValue({SecretId: id}))
      } catch (error) {
        if (!(error instanceof FakeApiError)) throw error
        Errors.push({SecretId: id, ErrorCode: error.type, Message: error.message})
      }
    }

    return {SecretValues, Errors}
  }

  #describeSecret(input: Input): Output {
    const secret = this.#find(input)
    return {...this.#entry(secret), VersionIdsToStages: labelledVersions(secret), ...replicationStatus(secret)}
  }

  #listSecrets(input: Input): Output {
    const maxResults = optionalInteger(input, 'MaxResults', 1, 100) ?? 100
    const includeDeleted = optionalBoolean(input, 'IncludePlannedDeletion') ?? false
    const filters = readFilters(input)
    const sortOrder = optionalString(input, 'SortOrder', 3, 4) ?? 'desc'
    if (sortOrder !== 'asc' && sortOrder !== 'desc')
      throw validation('sortOrder', 'Member must satisfy enum value set: [asc, desc]')
    const matching = [...this.#secrets.values()]
      .filter((secret) => includeDeleted || secret.deletionDate === undefined)
      .filter((secret) =>
        matchesListFilters(
          {
            name: secret.name,
            ...(secret.description === undefined ? {} : {description: secret.description}),
            tags: secret.tags.map((tag) => ({key: tag.Key, value: tag.Value})),
            ...(secret.replicas.length > 0 ? {primaryRegion: this.region} : {}),
          },
          filters,
        ),
      )
      .sort((a, b) => (a.created - b.created || a.sequence - b.sequence) * (sortOrder === 'asc' ? 1 : -1))
    const {page, nextToken} = paginate(matching, maxResults, input, 'ListSecrets')
    return {
      SecretList: page.map((secret) => ({...this.#entry(secret), SecretVersionsToStages: labelledVersions(secret)})),
      ...(nextToken ? {NextToken: nextToken} : {}),
    }
  }

  #listSecretVersionIds(input: Input): Output {
    const secret = this.#find(input)
    const maxResults = optionalInteger(input, 'MaxResults', 1, 100) ?? 100
    const includeDeprecated = optionalBoolean(input, 'IncludeDeprecated') ?? false
    const versions = [...secret.versions.values()]
      .filter((version) => includeDeprecated || version.stages.length > 0)
      .sort((a, b) => b.created - a.created)
    const {page, nextToken} = paginate(versions, maxResults, input, `ListSecretVersionIds:${secret.name}`)
    return {
      ARN: secret.arn,
      Name: secret.name,
      Versions: page.map((version) => ({
        VersionId: version.id,
        VersionStages: [...version.stages],
        CreatedDate: seconds(version.created),
        ...(version.lastAccessed === undefined ? {} : {LastAccessedDate: seconds(version.lastAccessed)}),
        KmsKeyIds: [secret.kmsKeyId ?? 'DefaultEncryptionKey'],
      })),
      ...(nextToken ? {NextToken: nextToken} : {}),
    }
  }

  #updateSecretVersionStage(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const stage = requiredString(input, 'VersionStage', 1, 256)
    const removeFrom = optionalString(input, 'RemoveFromVersionId', 32, 64)
    const moveTo = optionalString(input, 'MoveToVersionId', 32, 64)
    const holder = [...secret.versions.values()].find((version) => version.stages.includes(stage))

    if (moveTo !== undefined && !secret.versions.has(moveTo)) {
      throw new FakeApiError('InvalidParameterException', `Not a valid version: ${moveTo}`)
    }

    if (removeFrom !== undefined) {
      const from = secret.versions.get(removeFrom)
      if (!from) throw new FakeApiError('InvalidParameterException', `Not a valid version: ${removeFrom}`)
      if (!from.stages.includes(stage)) {
        throw new FakeApiError('InvalidParameterException', `Version stage ${stage} not found in version ${removeFrom}`)
      }
    } else if (holder && holder.id !== moveTo) {
      // This is what makes a stage move a check-and-set: the caller names the current holder.
      throw new FakeApiError(
        'InvalidParameterException',
        `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder.id}, so you must explicitly reference that version in RemoveFromVersionId.`,
      )
    }

    if (stage === 'AWSCURRENT' && moveTo === undefined) {
      throw new FakeApiError(
        'InvalidParameterException',
        'You can only move staging label AWSCURRENT to a different secret version. It can’t be completely removed.',
      )
    }

    if (moveTo !== undefined) {
      const target = secret.versions.get(moveTo)!
      if (!target.stages.includes(stage) && target.stages.length >= MAX_STAGES_PER_VERSION) throw tooManyStages()
      this.#attachStage(secret, stage, target)
    } else if (holder) {
      holder.stages = holder.stages.filter((label) => label !== stage)
    }

    secret.lastChanged = this.now()
    return {ARN: secret.arn, Name: secret.name}
  }

  #updateSecret(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const description = optionalString(input, 'Description', 0, 2048)
    const kmsKeyId = optionalString(input, 'KmsKeyId', 0, 2048)
    const payload = readPayload(input, false)
    if (description !== undefined) secret.description = description
    if (kmsKeyId !== undefined) secret.kmsKeyId = kmsKeyId
    secret.lastChanged = this.now()
    if (!payload) return {ARN: secret.arn, Name: secret.name}
    const put = this.#putSecretValue({
      SecretId: secret.name,
      ClientRequestToken: input.ClientRequestToken,
      ...rawPayload(input),
    })
    return {ARN: secret.arn, Name: secret.name, VersionId: put.VersionId}
  }

  #tagResource(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const tags = readTags(input, 'Tags', true) ?? []
    const merged = new Map(secret.tags.map((tag) => [tag.Key, tag]))
    for (const tag of tags) merged.set(tag.Key, tag)
    if (merged.size > MAX_TAGS)
      throw new FakeApiError('ValidationException', `A secret can have at most ${MAX_TAGS} tags.`)
    secret.tags = [...merged.values()]
    secret.lastChanged = this.now()
    return {}
  }

  #untagResource(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const keys = input.TagKeys
    if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string'))
      throw validation('tagKeys', 'Member must not be null')
    secret.tags = secret.tags.filter((tag) => !keys.includes(tag.Key))
    secret.lastChanged = this.now()
    return {}
  }

  #deleteSecret(input: Input): Output {
    const secretId = requiredString(input, 'SecretId', 1, 2048)
    const window = optionalInteger(input, 'RecoveryWindowInDays', -Infinity, Infinity)
    const force = optionalBoolean(input, 'ForceDeleteWithoutRecovery') ?? false
    if (window !== undefined && force) {
      throw new FakeApiError(
        'InvalidParameterException',
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
      )
    }

    if (window !== undefined && (window < 7 || window > 30)) {
      throw new FakeApiError(
        'InvalidParameterException',
        'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
      )
    }

    const secret = this.#lookup(secretId)
    const now = this.now()
    if (!secret) {
      // Secrets Manager answers a forced delete of a secret it does not have with success.
      if (force)
        return {
          ARN: `arn:aws:secretsmanager:${this.region}:${this.accountId}:secret:${secretId}`,
          Name: secretId,
          DeletionDate: seconds(now),
        }
      throw notFound()
    }

    if (secret.replicas.length > 0) {
      throw new FakeApiError(
        'InvalidRequestException',
        `You can't delete secret ${secret.name} that still has replica regions [${secret.replicas.map((replica) => replica.region).join(',')}]`,
      )
    }

    if (force) {
      this.#secrets.delete(secret.name)
      return {ARN: secret.arn, Name: secret.name, DeletionDate: seconds(now)}
    }

    if (secret.deletionDate !== undefined) throw new FakeApiError('InvalidRequestException', MARKED_FOR_DELETION)
    secret.deletionDate = now + (window ?? 30) * DAY_MS
    secret.lastChanged = now
    return {ARN: secret.arn, Name: secret.name, DeletionDate: seconds(secret.deletionDate)}
  }

  #restoreSecret(input: Input): Output {
    const secret = this.#find(input)
    delete secret.deletionDate
    secret.lastChanged = this.now()
    return {ARN: secret.arn, Name: secret.name}
  }

  #rotateSecret(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const lambdaArn = optionalString(input, 'RotationLambdaARN', 0, 2048) ?? secret.rotationLambdaArn
    const rules = readRotationRules(input)
    const immediately = optionalBoolean(input, 'RotateImmediately') ?? true
    if (!lambdaArn) {
      throw new FakeApiError(
        'InvalidRequestException',
        'No Lambda rotation function ARN is associated with this secret.',
      )
    }

    const pending = [...secret.versions.values()].find((version) => version.stages.includes('AWSPENDING'))
    if (pending && !pending.stages.includes('AWSCURRENT')) {
      throw new FakeApiError(
        'InvalidRequestException',
        'A previous rotation isn’t complete. That rotation will be reattempted.',
      )
    }

    const now = this.now()
    secret.rotationLambdaArn = lambdaArn
    if (rules) secret.rotationRules = rules
    secret.rotationEnabled = true
    const days = secret.rotationRules?.AutomaticallyAfterDays
    if (days !== undefined) secret.nextRotation = now + days * DAY_MS
    if (!immediately) return {ARN: secret.arn, Name: secret.name}

    // No Lambda runs here: the "rotation function" re-stores the current value as a new
    // version under the request token, and the labels move as a finished rotation leaves them.
    const token = this.#token(input)
    if (!secret.versions.has(token)) {
      const current = [...secret.versions.values()].find((version) => version.stages.includes('AWSCURRENT'))
      if (!current) throw new FakeApiError('InvalidRequestException', 'The secret has no AWSCURRENT version to rotate.')
      const version: StoredVersion = {
        id: token,
        ...(current.binary === undefined ? {text: current.text} : {binary: current.binary}),
        stages: [],
        created: now,
      }
      secret.versions.set(token, version)
      this.#attachStage(secret, 'AWSCURRENT', version)
      pruneVersions(secret, now)
    }

    secret.lastRotated = now
    secret.lastChanged = now
    return {ARN: secret.arn, Name: secret.name, VersionId: token}
  }

  #getResourcePolicy(input: Input): Output {
    const secret = this.#find(input)
    return {ARN: secret.arn, Name: secret.name, ...(secret.policy === undefined ? {} : {ResourcePolicy: secret.policy})}
  }

  #putResourcePolicy(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const policy = requiredString(input, 'ResourcePolicy', 1, 20_480)
    try {
      JSON.parse(policy)
    } catch {
      throw new FakeApiError('MalformedPolicyDocumentException', 'The resource policy is not valid JSON.')
    }

    secret.policy = policy
    return {ARN: secret.arn, Name: secret.name}
  }

  #deleteResourcePolicy(input: Input): Output {
    const secret = this.#find(input)
    delete secret.policy
    return {ARN: secret.arn, Name: secret.name}
  }

  #cancelRotateSecret(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    if (!secret.rotationLambdaArn) {
      throw new FakeApiError('InvalidRequestException', 'The secret has no rotation configured to cancel.')
    }

    secret.rotationEnabled = false
    delete secret.nextRotation
    secret.lastChanged = this.now()
    return {ARN: secret.arn, Name: secret.name}
  }

  #replicateSecretToRegions(input: Input): Output {
    const secret = this.#find(input)
    this.#refuseIfDeleted(secret)
    const added = readReplicaRegions(input, 'AddReplicaRegions', this.region)
    if (added.length === 0) throw validation('addReplicaRegions', 'Member must have length greater than or equal to 1')
    for (const replica of added) {
      if (secret.replicas.some((existing) => existing.region === replica.region)) {
        throw new FakeApiError('InvalidParameterException', `The secret is already replicated to ${replica.region}.`)
      }
    }

    secret.replicas.push(...added)
    secret.lastChanged = this.now()
    return {ARN: secret.arn, ...replicationStatus(secret, true)}
  }

  #removeRegionsFromReplication(input: Input): Output {
    const secret = this.#find(input)
    const regions = input.RemoveReplicaRegions
    if (!Array.isArray(regions) || regions.length === 0 || regions.some((region) => typeof region !== 'string')) {
      throw validation('removeReplicaRegions', 'Member must have length greater than or equal to 1')
    }

    for (const region of regions) {
      if (!secret.replicas.some((replica) => replica.region === region)) {
        throw new FakeApiError('InvalidParameterException', `The secret is not replicated to ${String(region)}.`)
      }
    }

    secret.replicas = secret.replicas.filter((replica) => !regions.includes(replica.region))
    secret.lastChanged = this.now()
    return {ARN: secret.arn, ...replicationStatus(secret, true)}
  }

  #getRandomPassword(input: Input): Output {
    const length = optionalInteger(input, 'PasswordLength', 1, 4096) ?? 32
    const exclude = optionalString(input, 'ExcludeCharacters', 0, 4096) ?? ''
    const groups = [
      optionalBoolean(input, 'ExcludeLowercase') ? '' : 'abcdefghijklmnopqrstuvwxyz',
      optionalBoolean(input, 'ExcludeUppercase') ? '' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
      optionalBoolean(input, 'ExcludeNumbers') ? '' : '0123456789',
      optionalBoolean(input, 'ExcludePunctuation') ? '' : PUNCTUATION,
      optionalBoolean(input, 'IncludeSpace') ? ' ' : '',
    ]
      .map((group) => [...group].filter((character) => !exclude.includes(character)).join(''))
      .filter((group) => group.length > 0)
    const requireEach = optionalBoolean(input, 'RequireEachIncludedType') ?? true
    if (groups.length === 0 || (requireEach && length < groups.length)) {
      throw new FakeApiError('InvalidParameterException', 'Password length is too short based on the required types.')
    }

    const all = groups.join('')
    const characters = Array.from({length}, () => all[randomInt(all.length)])
    if (requireEach) {
      // One character of each included type, at distinct random positions.
      const positions = [...characters.keys()]
      for (const group of groups) {
        const position = positions.splice(randomInt(positions.length), 1)[0]
        characters[position] = group[randomInt(group.length)]
      }
    }

    return {RandomPassword: characters.join('')}
  }

  // --- shared rules -----------------------------------------------------------------------

  /**
   * Puts a staging label on a version, taking it off whichever version held it. Callers check
   * the per-version label limit first, so a refused call changes nothing.
   */
  #attachStage(secret: StoredSecret, stage: string, target: StoredVersion): void {
    const holder = [...secret.versions.values()].find((version) => version.stages.includes(stage))
    if (holder === target) return
    if (holder) holder.stages = holder.stages.filter((label) => label !== stage)
    target.stages.push(stage)
    if (stage === 'AWSCURRENT') {
      // Moving AWSCURRENT moves AWSPREVIOUS to the version it came from.
      for (const version of secret.versions.values())
        version.stages = version.stages.filter((label) => label !== 'AWSPREVIOUS')
      if (holder) holder.stages.push('AWSPREVIOUS')
    }
  }

  #token(input: Input): string {
    return optionalString(input, 'ClientRequestToken', 32, 64) ?? randomUUID()
  }

  #find(input: Input): StoredSecret {
    const secret = this.#lookup(requiredString(input, 'SecretId', 1, 2048))
    if (!secret) throw notFound()
    return secret
  }

  /** By name, full ARN, or partial ARN (without the 6-character suffix). */
  #lookup(secretId: string): StoredSecret | undefined {
    const byName = this.#secrets.get(secretId)
    if (byName) return byName
    if (!secretId.startsWith('arn:')) return undefined
    for (const secret of this.#secrets.values()) {
      if (secret.arn === secretId || secret.arn.slice(0, -7) === secretId) return secret
    }

    return undefined
  }

  #refuseIfDeleted(secret: StoredSecret): void {
    if (secret.deletionDate !== undefined) throw new FakeApiError('InvalidRequestException', MARKED_FOR_DELETION)
  }

  #purgeExpired(): void {
    const now = this.now()
    for (const [name, secret] of this.#secrets) {
      if (secret.deletionDate !== undefined && secret.deletionDate <= now) this.#secrets.delete(name)
    }
  }

  #entry(secret: StoredSecret): Output {
    return {
      ARN: secret.arn,
      Name: secret.name,
      ...(secret.description === undefined ? {} : {Description: secret.description}),
      ...(secret.kmsKeyId === undefined ? {} : {KmsKeyId: secret.kmsKeyId}),
      RotationEnabled: secret.rotationEnabled,
      ...(secret.rotationLambdaArn ? {RotationLambdaARN: secret.rotationLambdaArn} : {}),
      ...(secret.rotationRules ? {RotationRules: secret.rotationRules} : {}),
      ...(secret.lastRotated === undefined ? {} : {LastRotatedDate: seconds(secret.lastRotated)}),
      LastChangedDate: seconds(secret.lastChanged),
      ...(secret.lastAccessed === undefined ? {} : {LastAccessedDate: seconds(secret.lastAccessed)}),
      ...(secret.deletionDate === undefined ? {} : {DeletedDate: seconds(secret.deletionDate)}),
      ...(secret.nextRotation === undefined ? {} : {NextRotationDate: seconds(secret.nextRotation)}),
      ...(secret.tags.length > 0 ? {Tags: secret.tags.map((tag) => ({...tag}))} : {}),
      CreatedDate: seconds(secret.created),
      ...(secret.replicas.length > 0 ? {PrimaryRegion: this.region} : {}),
    }
  }
}

// --- input readers: AWS-style validation errors that never quote a value --------------------

function validation(field: string, constraint: string): FakeApiError {
  return new FakeApiError(
    'ValidationException',
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${constraint}`,
  )
}

function tooManyStages(): FakeApiError {
  return new FakeApiError(
    'LimitExceededException',
    `A version can have at most ${MAX_STAGES_PER_VERSION} staging labels.`,
  )
}

function notFound(): FakeApiError {
  return new FakeApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
}

function fieldName(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1)
}

function requiredString(input: Input, key: string, min: number, max: number): string {
  const value = optionalString(input, key, min, max)
  if (value === undefined) throw validation(fieldName(key), 'Member must not be null')
  return value
}

function optionalString(input: Input, key: string, min: number, max: number): string | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new FakeApiError('SerializationException', `${key} must be a string.`)
  if (value.length < min) throw validation(fieldName(key), `Member must have length greater than or equal to ${min}`)
  if (value.length > max) throw validation(fieldName(key), `Member must have length less than or equal to ${max}`)
  return value
}

function optionalInteger(input: Input, key: string, min: number, max: number): number | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new FakeApiError('SerializationException', `${key} must be an integer.`)
  if (value < min) throw validation(fieldName(key), `Member must have value greater than or equal to ${min}`)
  if (value > max) throw validation(fieldName(key), `Member must have value less than or equal to ${max}`)
  return value
}

function optionalBoolean(input: Input, key: string): boolean | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw new FakeApiError('SerializationException', `${key} must be a boolean.`)
  return value
}

type Payload = {text: string; binary?: undefined} | {binary: Buffer; text?: undefined}

function rawPayload(input: Input): Input {
  return {
    ...(input.SecretString === undefined ? {} : {SecretString: input.SecretString}),
    ...(input.SecretBinary === undefined ? {} : {SecretBinary: input.SecretBinary}),
  }
}

function readPayload(input: Input, required: boolean): Payload | undefined {
  const text = input.SecretString
  const binary = input.SecretBinary
  if (text !== undefined && binary !== undefined) {
    throw new FakeApiError(
      'InvalidParameterException',
      "You can't specify both a binary secret value and a string secret value in the same secret.",
    )
  }

  if (text !== undefined) {
    if (typeof text !== 'string') throw new FakeApiError('SerializationException', 'SecretString must be a string.')
    if (Buffer.byteLength(text, 'utf8') > MAX_SECRET_BYTES) {
      throw validation('secretString', `Member must have length less than or equal to ${MAX_SECRET_BYTES}`)
    }

    return {text}
  }

  if (binary !== undefined) {
    if (typeof binary !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(binary)) {
      throw new FakeApiError('SerializationException', 'SecretBinary must be base64.')
    }

    const bytes = Buffer.from(binary, 'base64')
    if (bytes.length > MAX_SECRET_BYTES)
      throw validation('secretBinary', `Member must have length less than or equal to ${MAX_SECRET_BYTES}`)
    return {binary: bytes}
  }

  if (required)
    throw new FakeApiError('InvalidParameterException', 'You must provide either SecretString or SecretBinary.')
  return undefined
}

function samePayload(version: StoredVersion, payload: Payload): boolean {
  if (payload.binary !== undefined) return version.binary !== undefined && version.binary.equals(payload.binary)
  return version.binary === undefined && version.text === payload.text
}

function readStages(input: Input, key: string): string[] | undefined {
  const value = input[key]
  if (value === undefined || value === null) return undefined
  if (
    !Array.isArray(value) ||
    value.some((stage) => typeof stage !== 'string' || stage.length < 1 || stage.length > 256)
  ) {
    throw validation(fieldName(key), 'Member must have length between 1 and 256')
  }

  if (value.length < 1 || value.length > 20)
    throw validation(fieldName(key), 'Member must have length between 1 and 20')
  return [...new Set(value as string[])]
}

function readTags(input: Input, key: string, required = false): Array<{Key: string; Value: string}> | undefined {
  const value = input[key]
  if (value === undefined || value === null) {
    if (required) throw validation(fieldName(key), 'Member must not be null')
    return undefined
  }

  if (!Array.isArray(value)) throw new FakeApiError('SerializationException', `${key} must be a list.`)
  if (value.length > MAX_TAGS)
    throw validation(fieldName(key), `Member must have length less than or equal to ${MAX_TAGS}`)
  return value.map((tag: unknown) => {
    const {Key, Value} = (tag ?? {}) as {Key?: unknown; Value?: unknown}
    if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128)
      throw validation('tags.member.key', 'Member must have length between 1 and 128')
    if (Value !== undefined && (typeof Value !== 'string' || Value.length > 256)) {
      throw validation('tags.member.value', 'Member must have length less than or equal to 256')
    }

    return {Key, Value: (Value as string | undefined) ?? ''}
  })
}

function readReplicaRegions(input: Input, key: string, primary: string): StoredReplica[] {
  const value = input[key]
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new FakeApiError('SerializationException', `${key} must be a list.`)
  const seen = new Set<string>()
  return value.map((item: unknown) => {
    const {Region, KmsKeyId} = (item ?? {}) as {Region?: unknown; KmsKeyId?: unknown}
    if (typeof Region !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(Region)) {
      throw new FakeApiError('InvalidParameterException', 'Invalid replica region.')
    }

    if (Region === primary || seen.has(Region))
      throw new FakeApiError('InvalidParameterException', 'Invalid replica region.')
    seen.add(Region)
    return {region: Region, ...(typeof KmsKeyId === 'string' ? {kmsKeyId: KmsKeyId} : {})}
  })
}

function readRotationRules(input: Input): StoredSecret['rotationRules'] | undefined {
  const rules = input.RotationRules
  if (rules === undefined || rules === null) return undefined
  if (typeof rules !== 'object') throw new FakeApiError('SerializationException', 'RotationRules must be an object.')
  const days = optionalInteger(rules as Input, 'AutomaticallyAfterDays', 1, 1000)
  const schedule = optionalString(rules as Input, 'ScheduleExpression', 1, 256)
  const duration = optionalString(rules as Input, 'Duration', 2, 3)
  if (days !== undefined && schedule !== undefined) {
    throw new FakeApiError(
      'InvalidParameterException',
      "You can't use both AutomaticallyAfterDays and ScheduleExpression.",
    )
  }

  if (duration !== undefined && !/^([1-9]|1\d|2[0-4])h$/.test(duration)) {
    throw new FakeApiError('InvalidParameterException', 'Duration must be from 1h to 24h.')
  }

  return {
    ...(days === undefined ? {} : {AutomaticallyAfterDays: days}),
    ...(schedule === undefined ? {} : {ScheduleExpression: schedule}),
    ...(duration === undefined ? {} : {Duration: duration}),
  }
}

function readFilters(input: Input): ListFilter[] {
  const filters = input.Filters
  if (filters === undefined || filters === null) return []
  if (!Array.isArray(filters)) throw new FakeApiError('SerializationException', 'Filters must be a list.')
  if (filters.length > 10) throw validation('filters', 'Member must have length less than or equal to 10')
  return filters.map((filter: unknown) => {
    const {Key, Values} = (filter ?? {}) as {Key?: unknown; Values?: unknown}
    if (typeof Key !== 'string' || !FILTER_KEYS.has(Key)) {
      throw validation('filters.member.key', `Member must satisfy enum value set: [${[...FILTER_KEYS].join(', ')}]`)
    }

    if (
      !Array.isArray(Values) ||
      Values.length < 1 ||
      Values.length > 10 ||
      Values.some((value) => typeof value !== 'string' || value.length > 512)
    ) {
      throw validation('filters.member.values', 'Member must have length between 1 and 10')
    }

    return {key: Key as ListFilter['key'], values: Values as string[]}
  })
}

/** Opaque tokens: base64url of the offset and the listing they belong to. */
function paginate<T>(items: T[], maxResults: number, input: Input, scope: string): {page: T[]; nextToken?: string} {
  let offset = 0
  const token = optionalString(input, 'NextToken', 1, 4096)
  if (token !== undefined) {
    let parsed: unknown
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    } catch {
      parsed = undefined
    }

    const {o, s} = (parsed ?? {}) as {o?: unknown; s?: unknown}
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || s !== scope) {
      throw new FakeApiError('InvalidNextTokenException', 'The NextToken value is not valid.')
    }

    offset = o
  }

  const page = items.slice(offset, offset + maxResults)
  const next = offset + maxResults
  return next < items.length
    ? {page, nextToken: Buffer.from(JSON.stringify({o: next, s: scope})).toString('base64url')}
    : {page}
}

function labelledVersions(secret: StoredSecret): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const version of secret.versions.values())
    if (version.stages.length > 0) result[version.id] = [...version.stages]
  return result
}

function replicationStatus(secret: StoredSecret, always = false): Output {
  if (secret.replicas.length === 0 && !always) return {}
  return {
    ReplicationStatus: secret.replicas.map((replica) => ({
      Region: replica.region,
      KmsKeyId: replica.kmsKeyId ?? 'alias/aws/secretsmanager',
      Status: replica.status ?? 'InSync',
      StatusMessage:
        replica.status && replica.status !== 'InSync' ? `Replication ${replica.status}` : 'Replication succeeded',
    })),
  }
}

/**
 * Past 100 versions, drops the oldest deprecated (unlabelled) ones, but never one created less
 * than 24 hours ago (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html).
 */
function pruneVersions(secret: StoredSecret, now: number): void {
  if (secret.versions.size <= MAX_VERSIONS_PER_SECRET) return
  const deprecated = [...secret.versions.values()]
    .filter((version) => version.stages.length === 0 && now - version.created >= DAY_MS)
    .sort((a, b) => a.created - b.created)
  for (const version of deprecated) {
    if (secret.versions.size <= MAX_VERSIONS_PER_SECRET) break
    secret.versions.delete(version.id)
  }
}

function arnSuffix(): string {
  return Array.from({length: 6}, () => ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)]).join('')
}

function seconds(ms: number): number {
  return ms / 1000
}
