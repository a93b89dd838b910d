// One open connection to Secrets Manager as the AWS store's operations share it: the SDK
// module and client, the resolved settings, and #call, which maps every SDK error to our
// typed errors (aws-errors.ts) and remembers the account from any ARN it sees, so the write
// summary can name region and account without an STS call. Also the pure translations
// between the SDK's shapes and the SecretStore port's.
import type {
  SecretListEntry as AwsSecretListEntry,
  DescribeSecretResponse,
  ReplicationStatusType,
  RotationRulesType,
  SecretsManagerClient,
  Tag as AwsTag,
} from '@aws-sdk/client-secrets-manager'

import type {SecretValue} from '../secret-value.js'
import {uninterruptedWrite} from '../signals.js'
import {type AwsCallContext, isCredentialsError, toStoreError} from './aws-errors.js'
import {type AwsClientSettings, findMissingProfile} from './aws-client.js'
import type {
  ReplicaStatus,
  RotationRules,
  SecretListEntry,
  SecretRef,
  StoreOptions,
  StoreTarget,
  Tag,
  WriteResult,
} from './store.js'

export type SecretsManagerModule = typeof import('@aws-sdk/client-secrets-manager')

/** How many attempts (SDK retries included) the call behind a mapped error made. */
const attemptsMade = new WeakMap<object, number>()

export interface CallSubject {
  name?: string
  versionDetail?: string
  /** The staging label a read asked for by itself (no version id), to say when no version has it. */
  versionStage?: string
  isWrite: boolean
}

export class AwsSession {
  readonly sdk: SecretsManagerModule
  readonly client: SecretsManagerClient
  readonly settings: AwsClientSettings
  readonly warn: (message: string) => void
  /**
   * The labels each secret's versions had when this session last described it: a put that
   * follows a describe (as every put command does) knows where AWSPREVIOUS and any stale
   * check-and-set label sit without asking again.
   */
  readonly seenStages = new Map<string, Record<string, string[]>>()
  #account: string | undefined
  #answersLost = 0

  constructor(
    sdk: SecretsManagerModule,
    client: SecretsManagerClient,
    settings: AwsClientSettings,
    options: Pick<StoreOptions, 'warn'> = {},
  ) {
    this.sdk = sdk
    this.client = client
    this.settings = settings
    this.warn = options.warn ?? (() => {})
    // Counts attempts whose answer never came (dropped connection, timeout): such a request
    // may have been processed. Only then is a failed write worth one more look.
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args)
        } catch (error) {
          const shape = error as {$metadata?: {httpStatusCode?: number}; $response?: unknown}
          if (shape?.$metadata?.httpStatusCode === undefined && shape?.$response === undefined) this.#answersLost++
          throw error
        }
      },
      {step: 'deserialize', name: 'secretsmithLostAnswers', priority: 'low', override: true},
    )
  }

  /** How many attempts so far got no answer; compare before and after a call. */
  get answersLost(): number {
    return this.#answersLost
  }

  target(): StoreTarget {
    const {region, endpoint} = this.settings
    const account = this.#account
    return {
      kind: 'aws',
      label: `aws ${region}${account ? ` (account ${account})` : ''}`,
      region,
      ...(account ? {account} : {}),
      ...(endpoint ? {endpoint} : {}),
    }
  }

  /** Runs one SDK call; any error it throws leaves as one of our typed errors. */
  async call<T>(operation: string, subject: CallSubject, send: () => Promise<T>): Promise<T> {
    try {
      // A signal during a write waits for its answer, so the message can say what happened.
      return await (subject.isWrite ? uninterruptedWrite(send) : send())
    } catch (error) {
      const context: AwsCallContext = {
        operation,
        secretName: subject.name,
        versionDetail: subject.versionDetail || undefined,
        versionStage: subject.versionStage,
        region: this.settings.region,
        credentialSource: this.settings.credentialSource,
        endpoint: this.settings.endpoint,
        isWrite: subject.isWrite,
        attemptTimeoutMs: this.settings.attemptTimeoutMs,
        missingProfile: isCredentialsError(error) ? await findMissingProfile(this.settings) : undefined,
      }
      const mapped = toStoreError(error, context)
      const attempts = (error as {$metadata?: {attempts?: unknown}})?.$metadata?.attempts
      if (typeof attempts === 'number') attemptsMade.set(mapped, attempts)
      throw mapped
    }
  }

  writeResult(name: string, output: {ARN?: string; Name?: string; VersionId?: string}): WriteResult {
    return {...this.ref(name, output.ARN, output.Name), versionId: required(output.VersionId, 'write', name)}
  }

  ref(requested: string, arn: string | undefined, name: string | undefined): SecretRef {
    this.noteArn(arn)
    return {name: name ?? requested, arn: arn ?? ''}
  }

  /** arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-abcdef → remember ACCOUNT. */
  noteArn(arn: string | undefined): void {
    const account = arn?.split(':')[4]
    if (account && /^\d{12}$/.test(account)) this.#account = account
  }

  listEntry(entry: AwsSecretListEntry | DescribeSecretResponse, requested: string): SecretListEntry {
    return {
      ...this.ref(requested, entry.ARN, entry.Name),
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
        replication:
          'ReplicationStatus' in entry && entry.ReplicationStatus
            ? entry.ReplicationStatus.map(toReplicaStatus)
            : undefined,
      }),
      tags: (entry.Tags ?? []).map((tag) => ({key: tag.Key ?? '', value: tag.Value ?? ''})),
      rotationEnabled: entry.RotationEnabled ?? false,
    }
  }
}

/** How many attempts the SDK made for the call that failed with `error` (0 when unknown). */
export function attemptsBehind(error: object): number {
  return attemptsMade.get(error) ?? 0
}

/** A text secret travels as SecretString, a binary one as SecretBinary (base64 on the wire). */
export function secretPayload(value: SecretValue): {SecretString: string} | {SecretBinary: Uint8Array} {
  return value.isBinary ? {SecretBinary: value.revealBytes()} : {SecretString: value.revealText()}
}

export function toAwsTag(tag: Tag): AwsTag {
  return {Key: tag.key, Value: tag.value}
}

export function toAwsRotationRules(rules: RotationRules): RotationRulesType {
  return {
    AutomaticallyAfterDays: rules.automaticallyAfterDays,
    ScheduleExpression: rules.scheduleExpression,
    Duration: rules.duration,
  }
}

function fromAwsRotationRules(rules: RotationRulesType): RotationRules {
  return defined({
    automaticallyAfterDays: rules.AutomaticallyAfterDays,
    scheduleExpression: rules.ScheduleExpression,
    duration: rules.Duration,
  })
}

export function toReplicaStatus(status: ReplicationStatusType): ReplicaStatus {
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

export function required<T>(value: T | undefined, operation: string, name?: string): T {
  if (value === undefined) throw unexpectedResponse(operation, name)
  return value
}

export function unexpectedResponse(operation: string, name?: string): Error {
  return toStoreError(
    Object.assign(new Error('incomplete response'), {name: 'IncompleteResponse', $metadata: {httpStatusCode: 200}}),
    {operation, secretName: name, region: '?', credentialSource: '?', isWrite: false},
  )
}
