// Builds the value a write will store from the chosen source, the secret's schema and,
// for `put`, its current value: a whole new value, a field-by-field prompt for a schema'd
// JSON secret, a one-field patch (--field), or a generated password placed in the schema's
// password-like field, or the editor (edit-value.ts).
import {UsageError, fieldNeedsJsonObjectError} from '../errors.js'
import {generatePassword} from '../password.js'
import {type ValueSource, readSecret} from '../input/read-secret.js'
import {promptSchemaFields} from '../input/schema-prompt.js'
import type {SecretSchema} from '../schemas/schema.js'
import {setJsonField} from '../schemas/patch.js'
import {editValue} from './edit-value.js'
import {SecretValue} from '../secret-value.js'

/** The same words (and exit code 2) as `get --field` on such a value. */

export interface ComposeValueRequest {
  source: ValueSource
  schema?: SecretSchema
  /** put --field KEY: replace one field of a JSON secret and keep the rest. */
  field?: string
  /** The current value (put); undefined for create. */
  current?: SecretValue
  interactive: boolean
  warn: (message: string) => void
}

export async function composeValue(request: ComposeValueRequest): Promise<SecretValue> {
  const {source, schema, field, current, interactive, warn} = request

  if (field !== undefined) {
    if (!current) throw new UsageError('--field changes one field of an existing JSON secret; use it with put.')
    // Before anything is read: nobody should type a value twice only to learn it has nowhere to go.
    if (!current.revealJsonObject()) throw fieldNeedsJsonObjectError()
    const fieldValue =
      source.kind === 'generate'
        ? generatePassword(source.options)
        : await readSecret(source, {promptMessage: `New value for field ${field}`, confirm: true, warn})
    return setJsonField(current, field, fieldValue)
  }

  if (schema?.kind === 'json' && source.kind === 'generate') {
    if (!schema.generatedField) {
      throw new UsageError(
        `Schema ${schema.name} has no field to generate; use the prompt, --from-stdin, --from-file or --edit.`,
      )
    }

    const generated = generatePassword(source.options)
    // Rotating by hand: keep every other field, replace the password-like one.
    if (current) return setJsonField(current, schema.generatedField, generated)
    const generatedFields = {[schema.generatedField]: generated.revealText()}
    if (interactive) return promptSchemaFields(schema, {generated: generatedFields})
    return generatedOnlyValue(schema, generatedFields)
  }

  if (source.kind === 'editor') {
    return editValue({schema, current, keepNewline: source.keepNewline ?? false})
  }

  if (schema?.kind === 'json' && source.kind === 'prompt') {
    return promptSchemaFields(schema, {existing: current?.revealJsonObject()})
  }

  return readSecret(source, {
    promptMessage: current ? 'New secret value' : 'Secret value',
    confirm: true,
    initial: current,
    warn,
  })
}

/**
 * Without a terminal nobody can be asked for the other fields: the value is the schema's
 * fixed fields (e.g. engine) plus the generated one, when nothing else is required.
 */
function generatedOnlyValue(schema: SecretSchema, generatedFields: Record<string, string>): SecretValue {
  const generatedNames = Object.keys(generatedFields).join(', ')
  const missing = schema.fields
    .filter((field) => field.required && field.fixed === undefined && !(field.name in generatedFields))
    .map((field) => field.name)
  if (missing.length > 0) {
    throw new UsageError(
      `--generate fills only ${generatedNames}; without a terminal nobody can be asked for ${missing.join(', ')}. ` +
        `Create ${schema.name} secrets from a full JSON value (--from-stdin or --from-file), then put --generate to replace ${generatedNames}.`,
    )
  }

  const fixed = Object.fromEntries(
    schema.fields.filter((field) => field.fixed !== undefined).map((field) => [field.name, field.fixed]),
  )
  return SecretValue.fromText(JSON.stringify({...fixed, ...generatedFields}))
}
