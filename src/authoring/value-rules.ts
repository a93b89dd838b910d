// The rules that keep a put from losing data, apart from any I/O: which field of a JSON object
// --generate replaces, which --field names may be written, and whether a whole new value may
// replace the current one (an object stays an object, binary stays binary, unless --replace).
import {
  fieldNotInSchemaError,
  notAnObjectAnymoreError,
  noFieldToGenerateError,
  unknownFieldError,
  valueKindChangeError,
} from '../errors.js'
import {displayKey} from '../lint/field-labels.js'
import {tokenizeFieldName} from '../lint/sensitive-fields.js'
import {closestName} from '../near-miss.js'
import {type JsonObject, jsonTypeName} from '../schemas/json-value.js'
import {listSchemas} from '../schemas/registry.js'
import type {SecretSchema} from '../schemas/schema.js'
import {SecretValue} from '../secret-value.js'

/**
 * The field `--generate` replaces in a JSON object: the schema's generated field; else the one
 * of the schema whose shape the object has (a secret the AWS CLI or console created carries no
 * schema tag, but {engine, host, username, password} is a database secret); else the single key
 * named like a password, secret, token or API key. Throws (exit 5) when no single field can be
 * chosen: replacing the whole object would lose every other field.
 */
export function fieldToGenerate(name: string, object: JsonObject, schema?: SecretSchema): string {
  if (schema?.kind === 'json' && schema.generatedField) return schema.generatedField
  const byShape = new Set(
    listSchemas()
      .filter((candidate) => hasShapeOf(object, candidate))
      .map((candidate) => candidate.generatedField!),
  )
  if (byShape.size === 1) return [...byShape][0]
  const byName = Object.keys(object).filter((key) => typeof object[key] === 'string' && isCredentialName(key))
  if (byName.length === 1) return byName[0]
  throw noFieldToGenerateError(name, byName.map(labelIn(object)))
}

/** Every required field of the schema present, fixed fields (engine) equal, the generated field a string. */
function hasShapeOf(object: JsonObject, schema: SecretSchema): boolean {
  if (schema.kind !== 'json' || !schema.generatedField || schema.fields.length === 0) return false
  if (typeof object[schema.generatedField] !== 'string') return false
  return schema.fields.every(
    (field) =>
      (!field.required || Object.hasOwn(object, field.name)) &&
      (field.fixed === undefined || object[field.name] === field.fixed),
  )
}

const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey'])

/**
 * "password", "db_password", "clientSecret", "accessToken", "api_key", "x-api-key": the name ends
 * in a credential word. "passwordHint", "tokenUrl" and "secretArn" do not: they describe one.
 */
export function isCredentialName(key: string): boolean {
  const tokens = tokenizeFieldName(key)
  const last = tokens.at(-1)
  if (last === undefined) return false
  if (CREDENTIAL_WORDS.has(last)) return true
  return last === 'key' && tokens.at(-2) === 'api'
}

/**
 * Checks `put --field KEY` before any value is read: an existing key may be changed; a new one
 * needs --add-field (a typo must not add a key and leave the real one unchanged), and on a
 * secret with a schema that defines its fields, it must be one of them.
 */
export function checkFieldTarget(
  name: string,
  object: JsonObject,
  field: string,
  options: {addField: boolean; schema?: SecretSchema},
): void {
  if (Object.hasOwn(object, field)) return
  const {schema} = options
  if (schema?.kind === 'json' && schema.fields.length > 0 && !schema.fields.some((known) => known.name === field)) {
    throw fieldNotInSchemaError(
      schema.name,
      schema.fields.map((known) => known.name),
    )
  }

  if (options.addField) return
  const keys = Object.keys(object)
  const nearMiss = closestName(field, keys)
  throw unknownFieldError(name, {
    nearMiss: nearMiss === undefined ? undefined : labelIn(object)(nearMiss),
    typed: field,
    keys: keys.map(labelIn(object)),
  })
}

/**
 * The value a whole-value put stores, or an error (exit 5) when it would silently change what
 * kind of secret this is. A JSON object is replaced only by a JSON object (keys may come and go:
 * the summary shows them); a binary secret stays binary (text bytes piped onto it are stored as
 * SecretBinary), a text secret stays text. --replace lifts both rules.
 */
export function keepValueKind(
  name: string,
  current: SecretValue,
  next: SecretValue,
  options: {replace: boolean},
): SecretValue {
  if (options.replace) return next
  if (current.isBinary) return next.isBinary ? next : SecretValue.fromBinary(next.revealBytes())
  if (current.revealJsonObject()) {
    if (next.isBinary) throw notAnObjectAnymoreError(name, 'binary')
    if (!next.revealJsonObject()) throw notAnObjectAnymoreError(name, describeNonObject(next))
    return next
  }

  if (next.isBinary) throw valueKindChangeError(name, 'text')
  return next
}

/** "plain text (not JSON)" or "JSON (an array)": the shape only, never content. */
function describeNonObject(value: SecretValue): string {
  try {
    return `JSON (${jsonTypeName(JSON.parse(value.revealText()))})`
  } catch {
    return 'plain text (not JSON)'
  }
}

/** A key as messages show it: its name, or its position when the name looks like a credential. */
function labelIn(object: JsonObject): (key: string) => string {
  const keys = Object.keys(object)
  return (key) => displayKey(key, keys.indexOf(key) + 1)
}
