// Applies the outcome of the schema and sensitive-information checks to a write: warnings
// are shown, validation errors (and, under --strict, warnings) stop the write before
// anything reaches a store.
import {ValidationError} from '../errors.js'
import type {Finding, SecretCheckResult} from '../lint/check-secret.js'
import {formatFinding} from '../output/findings.js'
import {plural} from '../wording.js'

export function enforceChecks(
  result: SecretCheckResult,
  options: {strict: boolean; warn: (line: string) => void},
): void {
  for (const warning of result.warnings) options.warn(formatFinding(warning))

  if (result.errors.length > 0) {
    throw withFindings(new ValidationError(`${describeFirst(result.errors)}; nothing was written.`), result)
  }

  if (options.strict && result.warnings.length > 0) {
    throw withFindings(
      new ValidationError(`--strict: ${plural(result.warnings.length, 'warning')} (see above); nothing was written.`),
      result,
    )
  }
}

function describeFirst(errors: Finding[]): string {
  const [first] = errors
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return `Invalid value: ${first.location}: ${first.message.replace(/\.$/, '')}${more}`
}

function withFindings(error: ValidationError, result: SecretCheckResult): ValidationError {
  error.details = {errors: result.errors, warnings: result.warnings}
  return error
}
