// The local store's pure rules over one secret's record, beside the staging-label rules of
// local-secret-record.ts: its ARN, which version a read picks, what list and describe show,
// when a deleted secret is gone, how tags merge, and what RotateSecret does to a record. No I/O here.
import {randomInt} from 'node:crypto'

import {NotFoundError, UsageError, labelOnNoVersionError, stagePhrase, versionPhrase} from '../errors.js'
import {assertValidSecretName, assertValidTag, assertValidTagCount} from './limits.js'
import {type StoredSecret, type StoredVersion, currentVersion, findVersion, moveStage} from './local-secret-record.js'
import {DEFAULT_ROTATION_DAYS, nextRotationDate, parseRotationRules} from './rotation-schedule.js'
import {
  AWSCURRENT,
  AWSPENDING,
  type GetValueOptions,
  type RotationInput,
  type RotationRules,
  type SecretListEntry,
  type Tag,
} from './store.js'
import {suggestCommand} from '../command-hint.js'

/** The ARN's region and account: honest that this is not AWS, yet shaped like Secrets Manager's. */
export const LOCAL_ARN_PREFIX = 'arn:aws:secretsmanager:local:000000000000:secret:'
const ARN_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
export const DAY_MS = 24 * 60 * 60 * 1000

export function arnOf(record: StoredSecret): string {
  return `${LOCAL_ARN_PREFIX}${record.name}-${record.arnSuffix}`
}

/** <name>-<six characters>: the tail of a full ARN. */
const FULL_ARN_TAIL = /^(.+)-[A-Za-z0-9]{6}$/

/** Whether an ARN names this record: its full ARN, or the partial ARN without the suffix. */
export function isArnOf(secretId: string, record: StoredSecret): boolean {
  return secretId === arnOf(record) || secretId === `${LOCAL_ARN_PREFIX}${record.name}`
}

export function randomArnSuffix(): string {
  return Array.from({length: 6}, () => ARN_SUFFIX_ALPHABET[randomInt(ARN_SUFFIX_ALPHABET.length)]).join('')
}

/**
 * The secret name a secret id stands for: a name, a local ARN (<name>-<six characters>), or a
 * partial ARN without the suffix. As in Secrets Manager, an ARN that ends in a hyphen and six
 * characters is read as a full ARN, so a partial ARN of a name ending that way finds nothing
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen).
 * Whether the suffix is this secret's is checked against its record (isArnOf).
 */
export function nameOfSecretId(secretId: string): string {
  if (secretId.startsWith(LOCAL_ARN_PREFIX)) {
    const rest = secretId.slice(LOCAL_ARN_PREFIX.length)
    const name = FULL_ARN_TAIL.exec(rest)?.[1] ?? rest
    assertValidSecretName(name)
    return name
  }

  if (secretId.startsWith('arn:'))
    throw new NotFoundError('The local store has no secret with that ARN; local ARNs start with ' + LOCAL_ARN_PREFIX)
  assertValidSecretName(secretId)
  return secretId
}

/** A secret whose recovery window has ended is gone, whether or not it was purged yet. */
export function isExpired(record: StoredSecret, now: Date): boolean {
  return record.deletionDate !== undefined && now.getTime() >= new Date(record.deletionDate).getTime()
}

export function pickVersion(record: StoredSecret, options: GetValueOptions): StoredVersion {
  const {versionId, versionStage} = options
  if (versionId !== undefined) {
    const version = findVersion(record, versionId)
    if (!version || (versionStage !== undefined && !version.stages.includes(versionStage))) {
      throw new NotFoundError(
        `Secret ${record.name} has no ${versionPhrase(versionId)}${versionStage === undefined ? '' : ` with label ${stagePhrase(versionStage)}`}.`,
      )
    }

    return version
  }

  const stage = versionStage ?? AWSCURRENT
  const version = record.versions.find((candidate) => candidate.stages.includes(stage))
  if (!version) throw labelOnNoVersionError(record.name, stage)
  return version
}

export function listEntry(record: StoredSecret): SecretListEntry {
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

/** Whether the secret and the version read already carry `day` as their last access. */
export function accessRecorded(record: StoredSecret, versionId: string, day: string): boolean {
  const version = findVersion(record, versionId)
  return record.lastAccessedDate === day && (!version || version.lastAccessedDate === day)
}

/** TagResource's merge: new keys are added, existing keys take the new value; the total is what is limited. */
export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const merged = new Map(existing.map((tag) => [tag.key, tag.value]))
  for (const tag of added) {
    assertValidTag(tag)
    merged.set(tag.key, tag.value)
  }

  assertValidTagCount(merged.size)
  return [...merged].map(([key, value]) => ({key, value}))
}

/**
 * RotateSecret on the local store, which runs no rotation function. Without immediate rotation:
 * turns rotation on and records the schedule. With it: finishSecret for the version the
 * rotation rehearsal labelled AWSPENDING (input.clientRequestToken names it): AWSCURRENT moves
 * there (AWSPREVIOUS follows), AWSPENDING comes off, and the rotation dates are recorded. A
 * repeat after the finish landed changes nothing. Returns whether a rotation finished.
 */
export function applyRotation(record: StoredSecret, input: RotationInput, now: Date): boolean {
  const immediately = input.rotateImmediately ?? true
  const versionId = input.clientRequestToken
  if (immediately) {
    const version = findVersion(record, versionId)
    if (
      version?.stages.includes(AWSCURRENT) &&
      !version.stages.includes(AWSPENDING) &&
      record.rotation?.lastRotatedDate
    )
      return true
    if (!version?.stages.includes(AWSPENDING)) {
      throw new UsageError(
        `The local store runs no rotation function: version ${versionId} of ${record.name} is not labelled AWSPENDING. ` +
          `Rehearse a rotation with: ${suggestCommand('rotate', record.name, '--now')}`,
      )
    }

    const current = currentVersion(record)
    moveStage(record, {
      stage: AWSCURRENT,
      moveToVersionId: versionId,
      ...(current ? {removeFromVersionId: current.id} : {}),
    })
    moveStage(record, {stage: AWSPENDING, removeFromVersionId: versionId})
  }

  const chosen: RotationRules = input.rotationRules ??
    record.rotation?.rules ?? {automaticallyAfterDays: DEFAULT_ROTATION_DAYS}
  const lastRotated = immediately ? now.toISOString() : record.rotation?.lastRotatedDate
  const next = nextRotationDate(parseRotationRules(chosen), lastRotated ? new Date(lastRotated) : undefined, now)
  const lambdaArn = input.rotationLambdaArn ?? record.rotation?.lambdaArn
  record.rotation = {
    enabled: true,
    ...(lambdaArn === undefined ? {} : {lambdaArn}),
    rules: chosen,
    ...(lastRotated === undefined ? {} : {lastRotatedDate: lastRotated}),
    ...(next === undefined ? {} : {nextRotationDate: next.toISOString()}),
  }
  return immediately
}

export function secretNotFound(name: string): NotFoundError {
  return new NotFoundError(`No secret named ${name} in the local store.`)
}

export function noRegions(action: string): UsageError {
  return new UsageError(`The local store has no regions, so it cannot ${action}; use --store aws for replication.`)
}
