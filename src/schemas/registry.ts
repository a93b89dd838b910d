// The registry of secret schemas: what `schema list`/`schema show` print, what `create
// --schema` records on a secret, what every later write validates against, and what the
// field-by-field prompt walks through. Each family lives in its own file; this one only
// names them. Nothing here imports zod: a schema builds its validator from the zod namespace
// it is handed, so listing and showing schemas stay fast and validation loads zod lazily.
import type {ZodType} from 'zod'

import {UsageError} from '../errors.js'
import {apiKeySchema, oauthClientSchema} from './api-credentials.js'
import {databaseSchemas} from './database.js'
import {genericSchema, keyValueSchema} from './generic.js'
import {sshKeySchema} from './ssh-key.js'
import {tlsCertificateSchema} from './tls-certificate.js'

/** The tag `create --schema` puts on a secret so later writes validate against the same schema. */
export const SCHEMA_TAG = 'secretsmith:schema'

/**
 * How a field is entered and checked. `pem` fields are multi-line, so the prompt asks for a
 * file path rather than a line of text.
 */
export type SchemaFieldType = 'string' | 'port' | 'boolean' | 'arn' | 'url' | 'host' | 'pem' | 'ssh-public-key'

export interface SchemaField {
  name: string
  required: boolean
  /** Entered hidden, never shown in summaries; its value in metadata is a leak. */
  secret: boolean
  default?: string | number | boolean
  description: string
  /** Default 'string'. */
  type?: SchemaFieldType
  /** The only value the field may take (e.g. engine), filled in without asking. */
  fixed?: string
}

/** The zod namespace (`import {z} from 'zod'`), handed to validators so this file needs no runtime zod. */
export type ZodNamespace = typeof import('zod').z

export interface SecretSchema {
  name: string
  summary: string
  /** 'text': any string or binary; 'json': a JSON object with the fields below. */
  kind: 'text' | 'json'
  fields: SchemaField[]
  /** Field filled by --generate (e.g. 'password', 'apiKey', 'clientSecret'), if any. */
  generatedField?: string
  /** Placeholder example for `schema show`. */
  example: unknown
  /** Defaults that depend on other fields, e.g. port from engine. */
  defaultsFor?(partial: Record<string, unknown>): Record<string, unknown>
  /**
   * Builds the structural validator. Checks whose messages must name a rule (PEM framing,
   * key/certificate match) add custom issues with our own text and a `ruleId` param.
   */
  validator?(z: ZodNamespace): ZodType
  /** Whether fields outside `fields` are allowed (AWS lets database secrets carry more keys). Default true. */
  allowsExtraFields?: boolean
}

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
    throw new UsageError(`Unknown schema "${name}"; valid schemas: ${SCHEMAS.map((entry) => entry.name).join(', ')} (see "secretsmith schema list").`)
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
