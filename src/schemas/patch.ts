// `put NAME --field KEY`: change one field of a JSON-object secret and keep the rest. Only the
// field's value text changes: key order, indentation, number formatting and every other byte
// stay as they were (jsonc-parser's edit functions locate the value's range in the text). The
// field keeps its JSON type when the new text is a value of that type (a port stays a number).
// The current value must be a JSON object; what is wrong with it is said by position and type
// only (its content never appears in an error).
import {UsageError, ValidationError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {loadJsoncParser} from './json-syntax.js'
import {type JsonObject, parseJsonObjectOrThrow, parseJsonText} from './json-value.js'
import type {SchemaFieldType} from './schema.js'

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/**
 * The JSON text a field's new value is written as. A field that holds a number or a boolean
 * keeps that type when the new text is one (6543, true); an object or array field when the text
 * is JSON of that kind; anything else becomes a string, and the schema (if any) then decides.
 * A field being added takes its type from the schema's field type (port, boolean).
 */
function fieldJsonText(text: string, currentFieldValue: unknown, schemaType?: SchemaFieldType): string {
  const kind =
    currentFieldValue === undefined
      ? schemaType === 'port'
        ? 'number'
        : schemaType === 'boolean'
          ? 'boolean'
          : 'string'
      : Array.isArray(currentFieldValue)
        ? 'array'
        : currentFieldValue === null
          ? 'string'
          : typeof currentFieldValue
  switch (kind) {
    case 'number': {
      // The text as typed (1.50 stays 1.50): it is valid JSON number syntax.
      if (JSON_NUMBER.test(text) && Number.isFinite(Number(text))) return text
      break
    }

    case 'boolean': {
      if (text === 'true' || text === 'false') return text
      break
    }

    case 'object':
    case 'array': {
      const parsed = parseJsonText(text)
      if (parsed.ok && typeof parsed.value === 'object' && parsed.value !== null) {
        if (Array.isArray(parsed.value) === (kind === 'array')) return JSON.stringify(parsed.value)
      }

      break
    }
  }

  return JSON.stringify(text)
}

export function setJsonField(
  current: SecretValue,
  key: string,
  fieldValue: SecretValue,
  options: {schemaType?: SchemaFieldType} = {},
): SecretValue {
  if (key === '') throw new UsageError('--field needs a field name.')
  if (fieldValue.isBinary)
    throw new ValidationError(`The new value for field '${key}' is binary; a JSON field holds text.`)
  const object = parseJsonObjectOrThrow(current, `The current value (needed to change field '${key}')`)
  const exists = Object.hasOwn(object, key)
  const valueText = fieldJsonText(fieldValue.revealText(), exists ? object[key] : undefined, options.schemaType)
  const text = current.revealText()
  const expected = {...object, [key]: JSON.parse(valueText) as unknown}
  const edited = editInPlace(text, key, valueText, exists)
  // The edit must mean exactly the intended object (a duplicate key, say, could make the text
  // edited not the one JSON.parse reads); otherwise write it out again in the same layout.
  if (edited !== undefined && sameJson(edited, expected)) return SecretValue.fromText(edited)
  return SecretValue.fromText(reserialized(text, expected))
}

/** The text with the field's value replaced (or the field appended), everything else untouched. */
function editInPlace(text: string, key: string, valueText: string, exists: boolean): string | undefined {
  const jsonc = loadJsoncParser()
  const root = jsonc.parseTree(text)
  if (!root || root.type !== 'object') return undefined
  if (exists) {
    const node = jsonc.findNodeAtLocation(root, [key])
    if (!node) return undefined
    return text.slice(0, node.offset) + valueText + text.slice(node.offset + node.length)
  }

  const property = `${JSON.stringify(key)}:${text.includes('\n') ? ' ' : ''}${valueText}`
  const last = root.children?.at(-1)
  if (!last) {
    // An empty object: the new field is its only content.
    return text.slice(0, root.offset + 1) + property + text.slice(root.offset + root.length - 1)
  }

  // After the last property, on a line of its own with the same indentation when the object is
  // laid out one property per line.
  const lineStart = text.lastIndexOf('\n', last.offset) + 1
  const indentation = /^[ \t]*/.exec(text.slice(lineStart))![0]
  const separator = lineStart > root.offset ? `,\n${indentation}` : ','
  const end = last.offset + last.length
  return text.slice(0, end) + separator + property + text.slice(end)
}

function reserialized(text: string, object: JsonObject): string {
  const pretty = text.includes('\n')
  return pretty ? `${JSON.stringify(object, null, 2)}\n` : JSON.stringify(object)
}

function sameJson(text: string, expected: JsonObject): boolean {
  const parsed = parseJsonText(text)
  return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(expected)
}
