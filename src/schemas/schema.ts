// What a secret schema is: its fields, how each is entered and checked, and the validator it
// builds. The registry (registry.ts) names the schemas; each family's file defines one or more.
import type {ZodType} from 'zod'

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
