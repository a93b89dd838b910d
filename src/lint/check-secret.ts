// The check that runs on every write (create, put) and on `lint`: validate the value against
// its schema (errors: the write is refused) and look for sensitive information in the wrong
// place (warnings: printed, and fatal under --strict). Pure: reads nothing, writes nothing.
import {getSchema, schemaFieldNames} from '../schemas/registry.js'
import type {SecretValue} from '../secret-value.js'
import type {Tag} from '../stores/store.js'
import {type Finding, type SecretCheckResult, dedupeFindings} from './finding.js'
import {metadataFindings} from './sensitive-metadata.js'
import {validateValue} from './validate-value.js'
import {sensitiveFieldFindings} from './value-fields.js'

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

export function checkSecret(input: SecretCheckInput): SecretCheckResult {
  const schema = input.schema === undefined ? undefined : getSchema(input.schema)
  const errors: Finding[] = []
  const warnings: Finding[] = []
  let json: Record<string, unknown> | undefined

  if (input.value) {
    const validation = validateValue(schema, input.value)
    errors.push(...validation.errors)
    warnings.push(...validation.warnings)
    json = validation.json
    if (json) warnings.push(...sensitiveFieldFindings(json, schema ? schemaFieldNames(schema) : new Set()))
  }

  warnings.push(
    ...metadataFindings({name: input.name, description: input.description, tags: input.tags, value: input.value, json, schema}),
  )
  return {errors: dedupeFindings(errors), warnings: dedupeFindings(warnings)}
}
