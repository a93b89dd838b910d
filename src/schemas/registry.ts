// The registry of secret schemas: what `schema list`/`schema show` print, what `create
// --schema` records on a secret, what every later write validates against, and what the
// field-by-field prompt walks through. Each family lives in its own file; this one only
// names them (the shape of a schema is in schema.ts). Nothing here imports zod: a schema builds its validator from the zod namespace
// it is handed, so listing and showing schemas stay fast and validation loads zod lazily.
import {UsageError} from '../errors.js'
import {closestName} from '../near-miss.js'
import {apiKeySchema, oauthClientSchema} from './api-credentials.js'
import {databaseSchemas} from './database.js'
import {genericSchema, keyValueSchema} from './generic.js'
import type {SecretSchema} from './schema.js'
import {sshKeySchema} from './ssh-key.js'
import {tlsCertificateSchema} from './tls-certificate.js'

/** The tag `create --schema` puts on a secret so later writes validate against the same schema. */
export const SCHEMA_TAG = 'secretsmith:schema'

const SCHEMAS: readonly SecretSchema[] = [
  genericSchema,
  keyValueSchema,
  ...databaseSchemas,
  apiKeySchema,
  oauthClientSchema,
  sshKeySchema,
  tlsCertificateSchema,
]

export function listSchemas(): SecretSchema[] {
  return [...SCHEMAS]
}

/** The schema called `name`; a UsageError listing the valid names otherwise. */
export function getSchema(name: string): SecretSchema {
  const schema = findSchema(name)
  if (!schema) {
    // The name is repeated only when it is a near miss of a real one: anything else typed
    // where a schema name goes may be a value.
    const names = SCHEMAS.map((entry) => entry.name)
    const near = closestName(name.toLowerCase(), names)
    const what = near
      ? `Unknown schema "${name}" (did you mean ${near}?)`
      : 'Unknown schema (the name given is not repeated)'
    throw new UsageError(`${what}; valid schemas: ${names.join(', ')} (see "secretsmith schema list").`)
  }

  return schema
}

export function findSchema(name: string): SecretSchema | undefined {
  return SCHEMAS.find((schema) => schema.name === name)
}

/** The schema recorded on a secret's tags, if any. */
export function schemaNameFromTags(tags: ReadonlyArray<{key: string; value: string}> | undefined): string | undefined {
  return tags?.find((tag) => tag.key === SCHEMA_TAG)?.value
}

/** The field names a schema defines (empty for text schemas and key-value). */
export function schemaFieldNames(schema: SecretSchema): Set<string> {
  return new Set(schema.fields.map((field) => field.name))
}
