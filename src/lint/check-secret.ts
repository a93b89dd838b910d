// The check that runs on every write (create, put) and on `lint`: validate the value against
// its schema (errors: the write is refused) and look for sensitive information in the wrong
// place (warnings: printed, and fatal under --strict). Reads and writes nothing; asynchronous
// only because the provider rule set is loaded on first need (provider-rules.ts).
import type {JsonObject} from '../schemas/json-value.js'
import {getSchema, schemaFieldNames} from '../schemas/registry.js'
import type {SecretSchema} from '../schemas/schema.js'
import type {SecretValue} from '../secret-value.js'
import type {Tag} from '../stores/store.js'
import {type Finding, type SecretCheckResult, dedupeFindings} from './finding.js'
import {type ProviderShape, scanProviderShapes} from './provider-rules.js'
import {metadataFindings, metadataTextsToScan} from './sensitive-metadata.js'
import {parseStructuredText} from './structured-text.js'
import {type ValueValidation, validateValue} from './validate-value.js'
import {noteTexts, sensitiveFieldFindings} from './value-fields.js'

export type {Finding, SecretCheckResult} from './finding.js'

export interface SecretCheckInput {
  /** Schema name; unknown names throw a UsageError listing the valid ones. Default: no structure checks. */
  schema?: string
  /** Absent for metadata-only checks (e.g. a tag change). */
  value?: SecretValue
  name?: string
  description?: string
  tags?: Tag[]
}

/** The full check: loads the provider rule set if some text could hold a provider token. */
export async function checkSecret(input: SecretCheckInput): Promise<SecretCheckResult> {
  const fields = fieldsOf(input)
  const providerShapes = await scanProviderShapes([
    ...metadataTextsToScan(input),
    ...(fields?.fields ? noteTexts(fields.fields) : []),
  ])
  return checkSecretSync(input, providerShapes)
}

/**
 * The same check, synchronously, with the provider rule set's results supplied (or none:
 * then only secretsmith's own shapes are known). For callers that have scanned already, and
 * for tests of validation that need no provider shapes.
 */
export function checkSecretSync(
  input: SecretCheckInput,
  providerShapes: ReadonlyMap<string, ProviderShape[]> = new Map(),
): SecretCheckResult {
  const parsed = fieldsOf(input)
  const warnings: Finding[] = [...(parsed?.validation.warnings ?? [])]
  const errors: Finding[] = [...(parsed?.validation.errors ?? [])]
  const fields = parsed?.fields
  if (fields)
    warnings.push(
      ...sensitiveFieldFindings(
        fields,
        parsed.schema && parsed.validation.json ? schemaFieldNames(parsed.schema) : new Set(),
        {providerShapes},
      ),
    )
  warnings.push(
    ...metadataFindings({
      name: input.name,
      description: input.description,
      tags: input.tags,
      value: input.value,
      json: fields,
      schema: parsed?.schema ?? schemaOf(input),
      providerShapes,
    }),
  )
  return {errors: dedupeFindings(errors), warnings: dedupeFindings(warnings)}
}

function schemaOf(input: SecretCheckInput): SecretSchema | undefined {
  return input.schema === undefined ? undefined : getSchema(input.schema)
}

interface ParsedValue {
  schema?: SecretSchema
  validation: ValueValidation
  /** The value's fields: its JSON object, or a generic value written as dotenv, YAML or INI. */
  fields?: JsonObject
}

const parsedValues = new WeakMap<SecretValue, Map<string | undefined, ParsedValue>>()

/** Validation and field parsing, once per value and schema (checkSecret needs the fields before it scans). */
function fieldsOf(input: SecretCheckInput): ParsedValue | undefined {
  const schema = schemaOf(input)
  if (!input.value) return undefined
  const cached = parsedValues.get(input.value)?.get(input.schema)
  if (cached) return cached
  const validation = validateValue(schema, input.value)
  let fields = validation.json
  if (!fields && (!schema || schema.kind === 'text') && !input.value.isBinary && !input.value.isEmpty) {
    fields = parseStructuredText(input.value.revealText())?.fields
  }

  const parsed = {schema, validation, fields}
  if (!parsedValues.has(input.value)) parsedValues.set(input.value, new Map())
  parsedValues.get(input.value)!.set(input.schema, parsed)
  return parsed
}
