// Builds the value a write will store from the chosen source, the secret's schema and,
// for `put`, its current value: a whole new value, a field-by-field prompt for a schema'd
// JSON secret, a one-field patch (--field), a generated password placed in the object's
// password-like field, or the editor (edit-value.ts). For put, the rules in value-rules.ts keep
// it from losing data: an object stays an object and binary stays binary unless --replace.
import {UsageError, fieldNeedsJsonObjectError, templateNeedsSchemaError} from '../errors.js'
import {type PasswordOptions, generatePassword} from '../password.js'
import {type TemplateSource, type ValueSource, readSecret} from '../input/read-secret.js'
import {promptSchemaFields} from '../input/schema-prompt.js'
import type {SecretSchema} from '../schemas/schema.js'
import {parseJsonObjectOrThrow} from '../schemas/json-value.js'
import {setJsonField} from '../schemas/patch.js'
import {editValue} from './edit-value.js'
import {SecretValue} from '../secret-value.js'
import {checkFieldTarget, fieldToGenerate, keepValueKind} from './value-rules.js'

export interface ComposeValueRequest {
  /** The secret's name, for messages. */
  name: string
  source: ValueSource
  schema?: SecretSchema
  /** put --field KEY: replace one field of a JSON secret and keep the rest. */
  field?: string
  /** put --add-field: --field may name a key the object does not have yet. */
  addField?: boolean
  /** put --replace: the new value replaces the current one whatever its shape or kind. */
  replace?: boolean
  /** The current value (put); undefined for create. */
  current?: SecretValue
  interactive: boolean
  warn: (message: string) => void
}

export async function composeValue(request: ComposeValueRequest): Promise<SecretValue> {
  const {name, source, schema, field, current, interactive, warn} = request

  if (field !== undefined) {
    if (!current) throw new UsageError('--field changes one field of an existing JSON secret; use it with put.')
    // Before anything is read: nobody should type a value twice only to learn it has nowhere to go.
    const object = current.revealJsonObject()
    if (!object) throw fieldNeedsJsonObjectError()
    checkFieldTarget(name, object, field, {addField: request.addField === true, schema})
    const fieldValue =
      source.kind === 'generate'
        ? generatePassword(source.options)
        : await readSecret(source, {promptMessage: `New value for field ${field}`, confirm: true, warn})
    const schemaType = schema?.fields.find((known) => known.name === field)?.type
    return setJsonField(current, field, fieldValue, {schemaType})
  }

  if (current) {
    const next = await composeReplacement({...request, current})
    // In the editor the whole value is in view (and edit shows the diff before writing): what
    // it saves is what was meant. Hidden or piped sources get the shape and kind rules.
    if (source.kind === 'editor') return next
    return keepValueKind(name, current, next, {replace: request.replace === true})
  }

  if (source.kind === 'generate' && source.template) {
    return generateIntoTemplate(request, {options: source.options, template: source.template})
  }

  if (schema?.kind === 'json' && source.kind === 'generate') {
    if (!schema.generatedField) {
      throw new UsageError(
        `Schema ${schema.name} has no field to generate; use the prompt, --from-stdin, --from-file or --edit.`,
      )
    }

    const generated = generatePassword(source.options)
    const generatedFields = {[schema.generatedField]: generated.revealText()}
    if (interactive) return promptSchemaFields(schema, {generated: generatedFields})
    return generatedOnlyValue(schema, generatedFields)
  }

  if (schema?.kind === 'json' && source.kind === 'prompt') return promptSchemaFields(schema, {})
  return readWholeValue(request)
}

/**
 * A put's new value in place of the current one. --generate on a JSON object renews one field
 * (the schema's, or the one the object's shape or names point to) and keeps the rest: the
 * object created by the AWS console or CLI carries no schema tag, and must not become a bare
 * password.
 */
async function composeReplacement(request: ComposeValueRequest & {current: SecretValue}): Promise<SecretValue> {
  const {name, source, schema, current} = request
  if (source.kind === 'generate' && !request.replace) {
    const object = current.revealJsonObject()
    if (object) return setJsonField(current, fieldToGenerate(name, object, schema), generatePassword(source.options))
    if (schema?.kind === 'json' && schema.generatedField) {
      // Says why the current value is not the JSON object the schema wants (by type or position).
      return setJsonField(current, schema.generatedField, generatePassword(source.options))
    }
  }

  if (source.kind === 'generate') return generatePassword(source.options)
  if (schema?.kind === 'json' && source.kind === 'prompt') {
    return promptSchemaFields(schema, {existing: current.revealJsonObject()})
  }

  return readWholeValue(request)
}

function readWholeValue(request: ComposeValueRequest): Promise<SecretValue> {
  if (request.source.kind === 'editor') {
    return editValue({
      schema: request.schema,
      current: request.current,
      keepNewline: request.source.keepNewline ?? false,
    })
  }

  return readSecret(request.source, {
    promptMessage: request.current ? 'New secret value' : 'Secret value',
    confirm: true,
    initial: request.current,
    warn: request.warn,
  })
}

/**
 * create --schema S --generate with a JSON template on stdin or in a file: the fields a pipeline
 * cannot be asked for come from the template, fixed fields (engine) are filled in, and the
 * schema's generated field is generated (a placeholder there is replaced). The schema then
 * validates the whole.
 */
async function generateIntoTemplate(
  request: ComposeValueRequest,
  source: {options: PasswordOptions; template: TemplateSource},
): Promise<SecretValue> {
  const {schema} = request
  if (schema?.kind !== 'json' || !schema.generatedField) throw templateNeedsSchemaError()
  const template = await readSecret(source.template, {promptMessage: 'Template', confirm: false, warn: request.warn})
  const given = parseJsonObjectOrThrow(template, 'The template (the JSON read with --generate)')
  // The fields with one possible value (engine) need not be in the template.
  let value = template
  for (const field of schema.fields) {
    if (field.fixed !== undefined && !Object.hasOwn(given, field.name))
      value = setJsonField(value, field.name, SecretValue.fromText(field.fixed))
  }

  return setJsonField(value, schema.generatedField, generatePassword(source.options))
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
        `Pipe the other fields as a JSON template (--generate --from-stdin, or --generate --from-file PATH).`,
    )
  }

  const fixed = Object.fromEntries(
    schema.fields.filter((field) => field.fixed !== undefined).map((field) => [field.name, field.fixed]),
  )
  return SecretValue.fromText(JSON.stringify({...fixed, ...generatedFields}))
}
