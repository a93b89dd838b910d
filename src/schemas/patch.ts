// `put NAME --field KEY`: change one field of a JSON-object secret and keep the rest, in
// the order they were. The current value must be a JSON object; what is wrong with it is
// said by position and type only (its content never appears in an error).
import {UsageError, ValidationError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {parseJsonObjectOrThrow} from './json-value.js'

export function setJsonField(current: SecretValue, key: string, fieldValue: SecretValue): SecretValue {
  if (key === '') throw new UsageError('--field needs a field name.')
  if (fieldValue.isBinary)
    throw new ValidationError(`The new value for field '${key}' is binary; a JSON field holds text.`)
  const object = parseJsonObjectOrThrow(current, `The current value (needed to change field '${key}')`)
  const updated = {...object, [key]: fieldValue.revealText()}
  // Keep the layout the secret was written in: pretty-printed stays pretty, compact stays compact.
  const pretty = current.revealText().includes('\n')
  return SecretValue.fromText(pretty ? `${JSON.stringify(updated, null, 2)}\n` : JSON.stringify(updated))
}
