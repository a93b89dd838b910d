// Secrets Manager's limits, enforced the same way by every store (and checked by commands
// before any prompt, so bad input is rejected before the user types a value).
import {UsageError, ValidationError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'

export const MAX_SECRET_BYTES = 65_536
export const MAX_NAME_LENGTH = 512
export const MIN_RECOVERY_WINDOW_DAYS = 7
export const MAX_RECOVERY_WINDOW_DAYS = 30
export const DEFAULT_RECOVERY_WINDOW_DAYS = 30
export const MAX_DESCRIPTION_LENGTH = 2048
export const MAX_TAGS = 50

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]+$/

/** Why a name is invalid, or undefined when it is fine. Never echoes the name itself. */
export function secretNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'a secret name cannot be empty'
  if (name.length > MAX_NAME_LENGTH) return `a secret name is at most ${MAX_NAME_LENGTH} characters (got ${name.length})`
  if (!NAME_PATTERN.test(name)) return 'a secret name may contain only letters, digits and / _ + = . @ -'
  return undefined
}

export function assertValidSecretName(name: string): void {
  const problem = secretNameProblem(name)
  if (problem) throw new UsageError(`Invalid secret name: ${problem}.`)
}

export function assertValidSecretValue(value: SecretValue): void {
  if (value.isEmpty) throw new ValidationError('The secret value is empty; nothing was written.')
  if (value.byteLength > MAX_SECRET_BYTES) {
    throw new ValidationError(
      `The secret value is ${value.byteLength.toLocaleString('en-US')} bytes; Secrets Manager's limit is ${MAX_SECRET_BYTES.toLocaleString('en-US')} bytes. Nothing was written.`,
    )
  }
}

export function assertValidRecoveryWindow(days: number): void {
  if (!Number.isInteger(days) || days < MIN_RECOVERY_WINDOW_DAYS || days > MAX_RECOVERY_WINDOW_DAYS) {
    throw new UsageError(
      `The recovery window must be a whole number of days from ${MIN_RECOVERY_WINDOW_DAYS} to ${MAX_RECOVERY_WINDOW_DAYS}.`,
    )
  }
}
