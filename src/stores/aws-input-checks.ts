// Checks the AWS store makes before calling Secrets Manager, so bad input fails the same way
// (UsageError, exit 2, nothing sent) on both stores instead of as whatever Secrets Manager
// answers. The limits are Secrets Manager's; the local store enforces the same ones.
import {UsageError} from '../errors.js'
import {MAX_DESCRIPTION_LENGTH, MAX_TAGS, assertValidSecretName} from './limits.js'
import type {RotationRules, Tag} from './store.js'

const MIN_TOKEN_LENGTH = 32
const MAX_TOKEN_LENGTH = 64
const MAX_TAG_KEY_LENGTH = 128
const MAX_TAG_VALUE_LENGTH = 256
const MAX_STAGES_PER_VERSION = 20
const MAX_STAGE_LENGTH = 256
const MAX_ROTATION_DAYS = 1000
const MAX_ARN_LENGTH = 2048
/** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-abcdef (or without the suffix). */
const ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/

/** A secret is named by its name or its ARN, as in Secrets Manager's SecretId. */
export function assertValidSecretId(secretId: string): void {
  if (!secretId.startsWith('arn:')) {
    assertValidSecretName(secretId)
    return
  }

  if (secretId.length > MAX_ARN_LENGTH || !ARN_PATTERN.test(secretId)) {
    throw new UsageError('Invalid secret ARN: expected arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-xxxxxx.')
  }
}

export function assertValidToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) {
    throw new UsageError(`A client request token (the new version id) is ${MIN_TOKEN_LENGTH} to ${MAX_TOKEN_LENGTH} characters.`)
  }
}

export function assertValidDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw new UsageError(`A description is at most ${MAX_DESCRIPTION_LENGTH} characters.`)
  }
}

export function assertValidTags(tags: Tag[]): void {
  if (tags.length > MAX_TAGS) throw new UsageError(`A secret has at most ${MAX_TAGS} tags.`)
  for (const tag of tags) {
    if (tag.key.length === 0 || tag.key.length > MAX_TAG_KEY_LENGTH) throw new UsageError(`A tag key is 1 to ${MAX_TAG_KEY_LENGTH} characters.`)
    if (tag.value.length > MAX_TAG_VALUE_LENGTH) throw new UsageError(`A tag value is at most ${MAX_TAG_VALUE_LENGTH} characters (tag ${tag.key}).`)
    if (tag.key.toLowerCase().startsWith('aws:')) throw new UsageError(`Tag keys starting with "aws:" are reserved (tag ${tag.key}).`)
  }
}

export function assertValidStages(stages: string[]): void {
  if (stages.length === 0 || stages.length > MAX_STAGES_PER_VERSION) {
    throw new UsageError(`A version carries 1 to ${MAX_STAGES_PER_VERSION} staging labels.`)
  }

  for (const stage of stages) assertValidStage(stage)
  if (new Set(stages).size !== stages.length) throw new UsageError('A staging label is listed twice.')
}

export function assertValidStage(stage: string): void {
  if (stage.length === 0 || stage.length > MAX_STAGE_LENGTH) throw new UsageError(`A staging label is 1 to ${MAX_STAGE_LENGTH} characters.`)
}

export function assertValidRotationRules(rules: RotationRules | undefined): void {
  const days = rules?.automaticallyAfterDays
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > MAX_ROTATION_DAYS)) {
    throw new UsageError(`Rotation every N days takes a whole number from 1 to ${MAX_ROTATION_DAYS}.`)
  }
}
