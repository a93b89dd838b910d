// The two schemas with no fixed fields: `generic` (any text or binary, as Secrets Manager
// takes it) and `key-value` (a flat JSON object of string values, the console's "key/value"
// secret). Both still get the sensitive-field checks on every JSON field they contain.
import type {SecretSchema} from './schema.js'

export const genericSchema: SecretSchema = {
  name: 'generic',
  summary: 'Any text or binary value, as Secrets Manager stores it.',
  kind: 'text',
  fields: [],
  generatedField: undefined,
  example: '<any text, or binary data>',
}

export const keyValueSchema: SecretSchema = {
  name: 'key-value',
  summary: 'A flat JSON object whose values are all strings.',
  kind: 'json',
  fields: [],
  example: {'<key>': '<value>', '<another-key>': '<another value>'},
  validator: (z) => z.record(z.string(), z.string()),
}
