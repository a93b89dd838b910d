// Reusable field validators for the JSON schemas. Every rule carries its own message, written
// relative to the field ("must be a TCP port from 1 to 65535") and a stable rule id, so the
// finding a user sees names the field and the rule and never echoes what was typed.
import type {ZodType} from 'zod'

import type {ZodNamespace} from './schema.js'

/** Params every custom issue carries, read back by validate.ts. */
export interface RuleParams {
  ruleId: string
}

export function rule(ruleId: string): {params: RuleParams} {
  return {params: {ruleId}}
}

/** A custom issue on one field of an object schema, for `superRefine` (a warning when `severity` says so). */
export function fieldIssue(
  field: string,
  message: string,
  ruleId: string,
  severity?: 'warning',
): {code: 'custom'; path: string[]; message: string; params: RuleParams & {severity?: 'warning'}} {
  return {code: 'custom', path: [field], message, params: severity ? {ruleId, severity} : {ruleId}}
}

export function nonEmptyString(z: ZodNamespace): ZodType {
  return z.string().min(1)
}

export function isPort(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 65_535
  if (typeof value === 'string' && /^\d{1,5}$/.test(value)) return isPort(Number(value))
  return false
}

/**
 * A TCP port as the AWS rotation functions read it (`int(secret['port'])`): a number or a
 * string of digits. Missing is fine: the rotation function falls back to the engine default.
 */
export function portField(z: ZodNamespace): ZodType {
  return z
    .unknown()
    .refine((value) => isPort(value), {
      error: 'must be a TCP port: a whole number from 1 to 65535 (a number, or a string of digits)',
      ...rule('schema-port'),
    })
    .optional()
}

/**
 * A host name or IP address as the drivers take it: no scheme, no path, no spaces. People
 * paste endpoints as URLs ("postgres://host:5432/db") or with a port; both break rotation.
 */
export function hostField(z: ZodNamespace): ZodType {
  return z
    .string()
    .min(1)
    .superRefine((value, context) => {
      const problem = hostProblem(value)
      if (problem) context.addIssue({code: 'custom', message: problem, ...rule('schema-host')})
    })
}

/** Why a host value is wrong (relative to the field), or undefined. */
export function hostProblem(value: string): string | undefined {
  if (/\s/.test(value)) return 'must not contain spaces'
  if (value.includes('://') || value.includes('/'))
    return 'must be a host name or IP address only (no scheme such as postgres://, no path)'
  if (value.includes('@')) return 'must not contain user information (@)'
  return undefined
}

export const SECRET_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/

export function secretArnField(z: ZodNamespace): ZodType {
  return z.string().refine((value) => SECRET_ARN_PATTERN.test(value), {
    error: 'must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)',
    ...rule('schema-arn'),
  })
}

/** https only: a token endpoint over plain http would send the client secret in the clear. */
export function httpsUrlField(z: ZodNamespace): ZodType {
  return z.string().refine(isHttpsUrlWithoutCredentials, {
    error: 'must be an https:// URL without a user name or password in it',
    ...rule('schema-url'),
  })
}

export function isHttpsUrlWithoutCredentials(value: string): boolean {
  if (/\s/.test(value)) return false
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === ''
  } catch {
    return false
  }
}

/** The DocumentDB rotation function accepts a boolean or the strings "true"/"false". */
export function booleanishField(z: ZodNamespace): ZodType {
  return z
    .unknown()
    .refine((value) => typeof value === 'boolean' || value === 'true' || value === 'false', {
      error: 'must be true or false (a JSON boolean, or the string "true" or "false")',
      ...rule('schema-boolean'),
    })
    .optional()
}
