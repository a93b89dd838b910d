// --edit as an authoring step: what the editor opens on and when a save is good enough to
// leave it. A JSON value (a JSON schema, or a current value that is a JSON object) opens
// pretty-printed; a save that is not valid JSON or fails the schema opens the editor again
// on what was saved, with the problems as '#' lines above it, as `kubectl edit` does.
// create --edit --schema opens a template: the schema's fields, their hints as notes.
// The notes only ever say where and what kind of problem, never what was typed.
import {type EditProblem, readSecretFromEditor} from '../input/editor.js'
import {validateValue} from '../lint/validate-value.js'
import {parseJsonText, reformatJson} from '../schemas/json-value.js'
import type {SchemaField, SecretSchema} from '../schemas/schema.js'
import {SecretValue} from '../secret-value.js'

export interface EditValueRequest {
  schema?: SecretSchema
  /** The current value (put, edit); undefined for create. */
  current?: SecretValue
  keepNewline: boolean
}

const EDIT_NOTES = [
  "Lines starting with '#' at the top are secretsmith's notes; they are removed when you save.",
  'Save an empty file (or quit the editor with an error, e.g. :cq in vim) to cancel.',
]

export async function editValue(request: EditValueRequest): Promise<SecretValue> {
  const {schema, current} = request
  const json = schema?.kind === 'json' || current?.revealJsonObject() !== undefined
  // A binary value goes the text way, where the editor refuses it.
  if (!json || current?.isBinary) {
    return readSecretFromEditor({
      initial: current,
      keepNewline: request.keepNewline,
      notes: current || !schema ? undefined : textTemplateNotes(schema),
      check: (value) => schemaProblems(schema, value),
    })
  }

  const currentText = current?.revealText()
  // Pretty-printed for editing; reformatJson keeps every literal as written (no number rounding).
  const initialText = currentText === undefined ? jsonTemplate(schema) : reformatJson(currentText, 2)
  const edited = await readSecretFromEditor({
    initial: SecretValue.fromText(`${initialText}\n`),
    keepNewline: false,
    extension: '.json',
    notes: current ? EDIT_NOTES : jsonTemplateNotes(schema),
    hashLinesAreNotes: true,
    check: (value) => jsonProblems(schema, value),
  })

  // Saved as opened: the current value stays byte for byte what it was.
  if (current && edited.equals(SecretValue.fromText(initialText))) return current
  const text = edited.revealText()
  // Stored in the shape it came in: a one-line value (and a new one) compact, a laid-out value as typed.
  const compact = currentText === undefined || !currentText.trim().includes('\n')
  return compact ? SecretValue.fromText(reformatJson(text, 0)) : edited
}

function jsonProblems(schema: SecretSchema | undefined, value: SecretValue): EditProblem[] {
  if (value.isBinary) return [{message: 'The value is binary, not JSON text.'}]
  const parsed = parseJsonText(value.revealText())
  if (!parsed.ok) return [{line: parsed.line, column: parsed.column, message: `not valid JSON: ${parsed.problem}`}]
  return schemaProblems(schema, value)
}

/** The schema's errors (warnings do not hold the editor open); findings never carry content. */
function schemaProblems(schema: SecretSchema | undefined, value: SecretValue): EditProblem[] {
  return validateValue(schema, value).errors.map((finding) => ({message: `${finding.location}: ${finding.message}`}))
}

/** The new value's skeleton: required fields and fields with a fixed or default value, in schema order. */
function jsonTemplate(schema: SecretSchema | undefined): string {
  if (!schema || schema.kind !== 'json') return '{}'
  const fixed = Object.fromEntries(
    schema.fields.filter((field) => field.fixed !== undefined).map((field) => [field.name, field.fixed]),
  )
  const derived = schema.defaultsFor?.(fixed) ?? {}
  const entries = schema.fields
    .map((field): [string, unknown] | undefined => {
      const start = field.fixed ?? field.default ?? derived[field.name]
      if (start !== undefined) return [field.name, start]
      if (!field.required) return undefined
      return [field.name, field.type === 'port' || field.type === 'boolean' ? null : '']
    })
    .filter((entry) => entry !== undefined)
  return JSON.stringify(Object.fromEntries(entries), null, 2)
}

function jsonTemplateNotes(schema: SecretSchema | undefined): string[] {
  if (!schema) return EDIT_NOTES
  return [
    `Schema ${schema.name}: ${schema.summary}`,
    ...(schema.fields.length > 0 ? ['Fields:', ...schema.fields.map((field) => fieldNote(field))] : []),
    ...EDIT_NOTES,
  ]
}

function textTemplateNotes(schema: SecretSchema): string[] {
  return [`Schema ${schema.name}: ${schema.summary}`, ...EDIT_NOTES]
}

function fieldNote(field: SchemaField): string {
  const traits = [field.required ? 'required' : 'optional', ...(field.secret ? ['secret'] : [])]
  if (field.fixed !== undefined) traits.push(`must be ${JSON.stringify(field.fixed)}`)
  return `  ${field.name} (${traits.join(', ')}): ${field.description.replaceAll(/\s+/g, ' ')}`
}
