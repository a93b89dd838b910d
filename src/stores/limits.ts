// Secrets Manager's input limits, in one place: every store enforces them the same way before
// anything is written or sent (the aws store so that bad input fails as UsageError, exit 2,
// instead of as whatever Secrets Manager answers), and commands check them before any prompt,
// so bad input is rejected before the user types a value. Messages never echo a value.
import {UsageError, ValidationError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {groupDigits} from '../wording.js'
import {assertValidRotationSchedule} from './rotation-schedule.js'
import {
  AWSCURRENT,
  type DeleteOptions,
  LIST_FILTER_KEYS,
  type ListFilter,
  type RotationRules,
  type Tag,
} from './store.js'

export const MAX_SECRET_BYTES = 65_536
export const MAX_NAME_LENGTH = 512
const MAX_ARN_LENGTH = 2048
export const MIN_RECOVERY_WINDOW_DAYS = 7
export const MAX_RECOVERY_WINDOW_DAYS = 30
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30
const MAX_DESCRIPTION_LENGTH = 2048
export const MAX_TAGS = 50
const MAX_TAG_KEY_LENGTH = 128
const MAX_TAG_VALUE_LENGTH = 256
/** A ClientRequestToken, which becomes the new version's id. */
const MIN_TOKEN_LENGTH = 32
const MAX_TOKEN_LENGTH = 64
export const MAX_STAGES_PER_VERSION = 20
const MAX_STAGE_LENGTH = 256
/** ListSecrets' and ListSecretVersionIds' MaxResults. */
export const MAX_PAGE_SIZE = 100
/** ListSecrets' Filters: values per filter, and each value's length and characters. */
const MAX_VALUES_PER_FILTER = 10
const MAX_FILTER_VALUE_LENGTH = 512
const FILTER_VALUE_PATTERN = /^!?[a-zA-Z0-9 :_@/+=.\-!]*$/
const FILTER_KEYS = new Set<string>(LIST_FILTER_KEYS)

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/
/** arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-abcdef (or without the suffix). */
const ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/

/** Why a name is invalid, or undefined when it is fine. Never echoes the name itself. */
export function secretNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a secret name cannot be empty'
  if (name.length > MAX_NAME_LENGTH)
    return `a secret name is at most ${MAX_NAME_LENGTH} characters (got ${name.length})`
  if (!NAME_PATTERN.test(name)) return 'a secret name may contain only letters, digits and / _ + = . @ -'
  return undefined
}

export function assertValidSecretName(name: string): void {
  const problem = secretNameProblem(name)
  if (problem) throw new UsageError(`Invalid secret name: ${problem}.`)
}

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

export function assertValidSecretValue(value: SecretValue): void {
  if (value.isEmpty) throw new ValidationError('The secret value is empty; nothing was written.')
  if (value.byteLength > MAX_SECRET_BYTES) {
    throw new ValidationError(
      `The secret value is ${groupDigits(value.byteLength)} bytes; Secrets Manager's limit is ${groupDigits(MAX_SECRET_BYTES)} bytes. Nothing was written.`,
    )
  }
}

export function assertValidToken(token: string): void {
  if (token.length < MIN_TOKEN_LENGTH || token.length > MAX_TOKEN_LENGTH) {
    throw new UsageError(
      `A client request token (the new version id) is ${MIN_TOKEN_LENGTH} to ${MAX_TOKEN_LENGTH} characters.`,
    )
  }
}

export function assertValidDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION_LENGTH) {
    throw new UsageError(`A description is at most ${MAX_DESCRIPTION_LENGTH} characters.`)
  }
}

/** One tag's key and value. Keys starting with aws: are Amazon's own. */
export function assertValidTag(tag: Tag): void {
  if (tag.key.length === 0 || tag.key.length > MAX_TAG_KEY_LENGTH)
    throw new UsageError(`A tag key is 1 to ${MAX_TAG_KEY_LENGTH} characters.`)
  if (tag.value.length > MAX_TAG_VALUE_LENGTH)
    throw new UsageError(`A tag value is at most ${MAX_TAG_VALUE_LENGTH} characters (tag ${tag.key}).`)
  if (tag.key.toLowerCase().startsWith('aws:'))
    throw new UsageError(`Tag keys starting with "aws:" are reserved (tag ${tag.key}).`)
}

/** How many tags one secret may carry (after merging new tags into its existing ones, where that applies). */
export function assertValidTagCount(count: number): void {
  if (count > MAX_TAGS) throw new UsageError(`A secret has at most ${MAX_TAGS} tags.`)
}

export function assertValidTags(tags: Tag[]): void {
  assertValidTagCount(tags.length)
  for (const tag of tags) assertValidTag(tag)
}

/**
 * The staging labels of one new version: 1 to 20 distinct labels. Secrets Manager needs at
 * least one; the local store also allows none (`allowNone`), a documented store difference.
 */
export function assertValidStages(stages: string[], options: {allowNone?: boolean} = {}): void {
  if (stages.length > MAX_STAGES_PER_VERSION || (stages.length === 0 && !options.allowNone)) {
    throw new UsageError(
      `A version carries ${options.allowNone ? 'at most' : '1 to'} ${MAX_STAGES_PER_VERSION} staging labels.`,
    )
  }

  for (const stage of stages) assertValidStage(stage)
  if (new Set(stages).size !== stages.length) throw new UsageError('A staging label is listed twice.')
}

export function assertValidStage(stage: string): void {
  if (stage.length === 0 || stage.length > MAX_STAGE_LENGTH)
    throw new UsageError(`A staging label is 1 to ${MAX_STAGE_LENGTH} characters.`)
}

/** RotationRules by Secrets Manager's schedule rules (rotation-schedule.ts): days, rate(), cron(), window. */
export function assertValidRotationRules(rules: RotationRules | undefined): void {
  assertValidRotationSchedule(rules)
}

function assertValidRecoveryWindow(days: number): void {
  if (!Number.isInteger(days) || days < MIN_RECOVERY_WINDOW_DAYS || days > MAX_RECOVERY_WINDOW_DAYS) {
    throw new UsageError(
      `The recovery window must be a whole number of days from ${MIN_RECOVERY_WINDOW_DAYS} to ${MAX_RECOVERY_WINDOW_DAYS}.`,
    )
  }
}

/** A delete either has a recovery window (default 30 days) or is forced, never both. */
export function assertValidDeleteOptions(options: DeleteOptions): void {
  if (options.force && options.recoveryWindowDays !== undefined) {
    throw new UsageError('A forced delete has no recovery window; pass either --force or a recovery window, not both.')
  }

  if (!options.force) assertValidRecoveryWindow(options.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS)
}

export function assertValidPageSize(pageSize: number | undefined): void {
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)) {
    throw new UsageError(`The page size is a whole number from 1 to ${MAX_PAGE_SIZE}.`)
  }
}

/**
 * Check-and-set guards AWSCURRENT, so it applies to a put that makes the new version
 * AWSCURRENT. Secrets Manager can compare-and-move AWSCURRENT in one call but cannot hold
 * another label still while comparing, so neither store accepts other labels with it.
 */
export function assertValidCheckAndSetStages(stages: string[] | undefined): void {
  if (stages !== undefined && (stages.length !== 1 || stages[0] !== AWSCURRENT)) {
    throw new UsageError(
      'A check-and-set put (an expected current version) makes the new version AWSCURRENT; it takes no other staging labels.',
    )
  }
}

export function assertValidListFilters(filters: ListFilter[]): void {
  for (const filter of filters) {
    if (!FILTER_KEYS.has(filter.key)) throw new UsageError(`Unknown list filter key ${filter.key}.`)
    if (filter.values.length === 0 || filter.values.length > MAX_VALUES_PER_FILTER) {
      throw new UsageError(`A list filter takes 1 to ${MAX_VALUES_PER_FILTER} values.`)
    }

    for (const value of filter.values) {
      if (value.length > MAX_FILTER_VALUE_LENGTH || !FILTER_VALUE_PATTERN.test(value)) {
        throw new UsageError(
          `A ${filter.key} filter value is at most ${MAX_FILTER_VALUE_LENGTH} characters of letters, digits, spaces and : _ @ / + = . - !`,
        )
      }
    }
  }
}
