// One secret as the local store keeps it (sealed on disk as secret.rec), and the Secrets
// Manager rules for its versions and staging labels, as pure functions over that record:
// what a put does to AWSCURRENT/AWSPREVIOUS, what UpdateSecretVersionStage allows, which
// old versions are dropped. No I/O here, so the rules are tested on their own.
import {ConflictError, NotFoundError, UsageError} from '../errors.js'
import {MAX_STAGES_PER_VERSION, assertValidStage} from './limits.js'
import {AWSCURRENT, AWSPREVIOUS, type MoveStageInput, type RotationRules, type Tag, type VersionEntry} from './store.js'

/**
 * Secrets Manager's purge rule, applied the same way here: past this many versions, the oldest
 * unlabelled (deprecated) ones are removed, but never one created less than 24 hours ago, so a
 * burst of writes can hold more for a day.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
 */
export const MAX_VERSIONS = 100
const MIN_PURGE_AGE_MS = 24 * 60 * 60 * 1000

export interface StoredVersion {
  id: string
  stages: string[]
  createdDate: string
  /** Date only (midnight UTC), like Secrets Manager's LastAccessedDate. */
  lastAccessedDate?: string
  /** The value's file inside the secret's directory. */
  file: string
}

export interface StoredRotation {
  enabled: boolean
  lambdaArn?: string
  rules?: RotationRules
  lastRotatedDate?: string
  nextRotationDate?: string
}

export interface StoredSecret {
  format: 1
  name: string
  /** The six random characters Secrets Manager appends to a secret's ARN. */
  arnSuffix: string
  description?: string
  kmsKeyId?: string
  tags: Tag[]
  createdDate: string
  lastChangedDate: string
  lastAccessedDate?: string
  /** Set while scheduled for deletion: when it will be purged. */
  deletionDate?: string
  rotation?: StoredRotation
  /** Oldest first. */
  versions: StoredVersion[]
  /**
   * How many times this record was committed, checked against the store's index so an older
   * copy put back is refused (local-index.ts). Absent in records from before the index.
   */
  writeCount?: number
}

export function currentVersion(secret: StoredSecret): StoredVersion | undefined {
  return secret.versions.find((version) => version.stages.includes(AWSCURRENT))
}

export function findVersion(secret: StoredSecret, versionId: string): StoredVersion | undefined {
  return secret.versions.find((version) => version.id === versionId)
}

/**
 * Adds a new version carrying `stages` (PutSecretValue): each label moves to it from
 * whichever version had it, and when AWSCURRENT moves, the version that had it becomes
 * AWSPREVIOUS (the old AWSPREVIOUS loses that label). Returns the versions dropped to stay
 * within MAX_VERSIONS, whose value files the caller removes.
 */
export function addVersion(secret: StoredSecret, version: StoredVersion): StoredVersion[] {
  const added: StoredVersion = {...version, stages: []}
  secret.versions.push(added)
  for (const stage of version.stages) attachStage(secret, stage, added)
  // The new version's creation is "now" for the purge rule.
  return pruneVersions(secret, Date.parse(version.createdDate))
}

/** UpdateSecretVersionStage. Throws without changing anything when the request does not fit the record. */
export function moveStage(secret: StoredSecret, input: MoveStageInput): void {
  const {stage, moveToVersionId, removeFromVersionId} = input
  assertValidStage(stage)
  const holder = secret.versions.find((version) => version.stages.includes(stage))

  if (removeFromVersionId !== undefined && !findVersion(secret, removeFromVersionId)) {
    throw new NotFoundError(`Secret ${secret.name} has no version ${removeFromVersionId}.`)
  }

  if (moveToVersionId === undefined) {
    if (removeFromVersionId === undefined)
      throw new UsageError('Say which version gets the label, or which version it is removed from.')
    if (stage === AWSCURRENT) {
      throw new UsageError(`${AWSCURRENT} cannot be removed from a version, only moved to another one.`)
    }

    if (holder?.id !== removeFromVersionId) {
      throw new ConflictError(
        `Label ${stage} is not on version ${removeFromVersionId} of ${secret.name}; nothing was changed.`,
      )
    }

    holder.stages = holder.stages.filter((label) => label !== stage)
    return
  }

  const target = findVersion(secret, moveToVersionId)
  if (!target) throw new NotFoundError(`Secret ${secret.name} has no version ${moveToVersionId}.`)
  if (holder?.id === target.id) return
  if (!holder && removeFromVersionId !== undefined) {
    throw new ConflictError(
      `Label ${stage} is not on version ${removeFromVersionId} of ${secret.name}; nothing was changed.`,
    )
  }

  if (holder) {
    if (removeFromVersionId === undefined) {
      throw new UsageError(
        `Label ${stage} is on version ${holder.id} of ${secret.name}; say that version as the one it is removed from.`,
      )
    }

    if (removeFromVersionId !== holder.id) {
      throw new ConflictError(
        `Label ${stage} of ${secret.name} is on version ${holder.id}, not ${removeFromVersionId} (it moved underneath you); nothing was changed.`,
      )
    }
  }

  if (!target.stages.includes(stage) && target.stages.length >= MAX_STAGES_PER_VERSION) {
    throw new UsageError(`A version can carry at most ${MAX_STAGES_PER_VERSION} staging labels.`)
  }

  attachStage(secret, stage, target)
}

function attachStage(secret: StoredSecret, stage: string, target: StoredVersion): void {
  const holder = secret.versions.find((version) => version.stages.includes(stage))
  if (holder === target) return
  if (holder) holder.stages = holder.stages.filter((label) => label !== stage)
  target.stages.push(stage)
  if (stage === AWSCURRENT && holder) {
    for (const version of secret.versions) version.stages = version.stages.filter((label) => label !== AWSPREVIOUS)
    holder.stages.push(AWSPREVIOUS)
  }
}

function pruneVersions(secret: StoredSecret, now: number): StoredVersion[] {
  const dropped: StoredVersion[] = []
  while (secret.versions.length > MAX_VERSIONS) {
    // Oldest first: versions are kept in creation order.
    const index = secret.versions.findIndex(
      (version) => version.stages.length === 0 && now - Date.parse(version.createdDate) >= MIN_PURGE_AGE_MS,
    )
    if (index === -1) break
    dropped.push(...secret.versions.splice(index, 1))
  }

  return dropped
}

/** Versions newest first; unlabelled ("deprecated") ones only when asked. */
export function versionEntries(secret: StoredSecret, includeDeprecated: boolean): VersionEntry[] {
  return secret.versions
    .filter((version) => includeDeprecated || version.stages.length > 0)
    .reverse()
    .map((version) => ({
      versionId: version.id,
      stages: [...version.stages],
      createdDate: new Date(version.createdDate),
      lastAccessedDate: version.lastAccessedDate ? new Date(version.lastAccessedDate) : undefined,
    }))
}

/** versionId → labels for every labelled version, as DescribeSecret's VersionIdsToStages. */
export function stagesByVersion(secret: StoredSecret): Record<string, string[]> {
  const result: Record<string, string[]> = {}
  for (const version of secret.versions) if (version.stages.length > 0) result[version.id] = [...version.stages]
  return result
}

/** Midnight UTC of `date`: Secrets Manager records access by day, not by the second. */
export function accessDay(date: Date): string {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())).toISOString()
}
