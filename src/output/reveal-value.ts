// The one place a secret value is written out: stdout of a command asked to print it.
import {UsageError, fieldNeedsJsonObjectError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'

/**
 * The value, or one field of a JSON value. A string field is printed as-is; any other field
 * type as JSON. Errors name the field, never any content.
 */
export async function selectField(
  value: SecretValue,
  field: string | undefined,
): Promise<{text?: string; bytes?: Buffer}> {
  if (field === undefined) return value.isBinary ? {bytes: value.revealBytes()} : {text: value.revealText()}
  const object = value.revealJsonObject()
  if (!object) throw fieldNeedsJsonObjectError()
  if (!Object.hasOwn(object, field)) {
    // Deciding which names are safe to print uses the credential-shape rules: loaded only on this
    // error path, so that reading a secret loads none of the detection code.
    const {displayKey, isDisplaySafeName} = await import('../lint/field-labels.js')
    const keys = Object.keys(object).map((key, index) => displayKey(key, index + 1))
    throw new UsageError(
      `${isDisplaySafeName(field) ? `Field ${field}` : 'That field'} is not in this secret; it has ${keys.length} field(s): ${keys.join(', ')}.`,
    )
  }

  const selected = object[field]
  return {text: typeof selected === 'string' ? selected : JSON.stringify(selected)}
}

/** Exact bytes for pipes; a trailing newline only for a human at a terminal. */
export function writeRevealed(
  selected: {text?: string; bytes?: Buffer},
  stdout: NodeJS.WriteStream = process.stdout,
): void {
  if (selected.bytes) {
    stdout.write(selected.bytes)
    return
  }

  stdout.write(selected.text ?? '')
  if (stdout.isTTY) stdout.write('\n')
}
