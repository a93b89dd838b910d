// Validates a value against its schema and turns every problem into a finding that names
// the field and the rule. zod's own messages are never used: several of them quote the input
// (an invalid enum value, an unrecognised key), and JSON.parse's always do. Each message
// here is assembled from the issue's code, path and limits, plus the JSON type of what was
// found — never the content. zod is loaded on first validation only (synchronously, through
// require, so that checking stays a plain function call): listing schemas, or a command that
// never validates, does not pay the ~70 ms it takes to load.
import {createRequire} from 'node:module'

import type {core} from 'zod'

import {MAX_SECRET_BYTES} from '../stores/limits.js'
import type {SecretValue} from '../secret-value.js'
import {describeJsonProblem} from '../schemas/json-syntax.js'
import {type JsonObject, isJsonObject, jsonTypeName, parseJsonText} from '../schemas/json-value.js'
import type {SecretSchema, ZodNamespace} from '../schemas/schema.js'
import {displayPath, fieldLabel, fieldLocation} from './field-labels.js'
import type {Finding} from './finding.js'
import {groupDigits} from '../wording.js'

export interface ValueValidation {
  errors: Finding[]
  /** Advice from the schema's own checks (e.g. an expired certificate). */
  warnings: Finding[]
  /** The parsed object, when the value is a JSON object (for the sensitive-field checks). */
  json?: JsonObject
}

let zodNamespace: ZodNamespace | undefined

function loadZod(): ZodNamespace {
  zodNamespace ??= (createRequire(import.meta.url)('zod') as typeof import('zod')).z
  return zodNamespace
}

export function validateValue(schema: SecretSchema | undefined, value: SecretValue): ValueValidation {
  const errors: Finding[] = []
  if (value.isEmpty) return {errors: [valueEmptyFinding()], warnings: []}
  if (value.byteLength > MAX_SECRET_BYTES) errors.push(valueTooLargeFinding(value.byteLength))

  if (!schema || schema.kind === 'text') {
    // A generic value that happens to be a JSON object still gets the sensitive-field checks;
    // anything else (text, an array, binary) is fine as it is.
    return {errors, warnings: [], json: value.revealJsonObject()}
  }

  if (value.isBinary) {
    errors.push(error('schema-type', 'value', `The value is binary; schema '${schema.name}' needs a JSON object.`))
    return {errors, warnings: []}
  }

  const parsed = parseJsonText(value.revealText())
  if (!parsed.ok) {
    errors.push(error('invalid-json', 'value', `The value is not valid JSON: ${describeJsonProblem(parsed)}.`))
    return {errors, warnings: []}
  }

  if (!isJsonObject(parsed.value)) {
    errors.push(
      error(
        'schema-type',
        'value',
        `The value is JSON ${jsonTypeName(parsed.value)}; schema '${schema.name}' needs a JSON object.`,
      ),
    )
    return {errors, warnings: []}
  }

  const json = parsed.value
  const warnings: Finding[] = []
  if (schema.validator) {
    const result = schema.validator(loadZod()).safeParse(json)
    if (!result.success) {
      for (const issue of result.error.issues) {
        const finding = findingFromIssue(issue, json)
        if (finding.severity === 'warning') warnings.push(finding)
        else errors.push(finding)
      }
    }
  }

  return {errors, warnings, json}
}

function valueEmptyFinding(): Finding {
  return error('value-empty', 'value', 'The value is empty; Secrets Manager needs at least one byte.')
}

/** byteLength: the exact size, when the whole value was read (a source stops reading a few bytes past the limit). */
export function valueTooLargeFinding(byteLength?: number): Finding {
  const limit = groupDigits(MAX_SECRET_BYTES)
  const message =
    byteLength === undefined
      ? `The value is larger than Secrets Manager's limit of ${limit} bytes.`
      : `The value is ${groupDigits(byteLength)} bytes; Secrets Manager's limit is ${limit} bytes.`
  return error('value-too-large', 'value', message)
}

function error(ruleId: string, location: string, message: string): Finding {
  return {ruleId, severity: 'error', location, message}
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): {present: boolean; value: unknown} {
  let node: unknown = root
  for (const part of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part))
      return {present: false, value: undefined}
    node = (node as Record<PropertyKey, unknown>)[part]
  }

  return {present: true, value: node}
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a JSON object',
  record: 'a JSON object',
  array: 'an array',
}

/** Our message for one zod issue: "Field 'port' must be …" — built from code, path and limits only. */
function findingFromIssue(issue: core.$ZodIssue, root: unknown): Finding {
  const path = displayPath(root, issue.path)
  const location = fieldLocation(path)
  const subject = path.length === 0 ? 'The value' : `Field ${fieldLabel(path)}`
  const found = valueAt(root, issue.path)
  const params = (issue as {params?: {ruleId?: string; severity?: string}}).params
  const severity = params?.severity === 'warning' ? 'warning' : 'error'
  const make = (ruleId: string, rule: string): Finding => ({ruleId, severity, location, message: `${subject} ${rule}.`})

  // A missing field fails as whatever its schema expected (a type, a literal engine): it is "required".
  if (
    path.length > 0 &&
    (!found.present || found.value === undefined) &&
    (issue.code === 'invalid_type' || issue.code === 'invalid_value')
  ) {
    return make('schema-required', 'is required')
  }

  switch (issue.code) {
    case 'invalid_type': {
      return make(
        'schema-type',
        `must be ${EXPECTED_NAMES[issue.expected] ?? issue.expected} (found ${jsonTypeName(found.value)})`,
      )
    }

    case 'too_small': {
      const minimum = Number(issue.minimum)
      if (issue.origin === 'string') {
        return make('schema-length', minimum <= 1 ? 'must not be empty' : `must be at least ${minimum} characters long`)
      }

      return make('schema-range', `must be at least ${minimum}`)
    }

    case 'too_big': {
      const maximum = Number(issue.maximum)
      if (issue.origin === 'string') return make('schema-length', `must be at most ${maximum} characters long`)
      return make('schema-range', `must be at most ${maximum}`)
    }

    case 'invalid_value': {
      const allowed = issue.values.map((value) => JSON.stringify(value))
      return make(
        'schema-value',
        allowed.length === 1 ? `must be ${allowed[0]}` : `must be one of ${allowed.join(', ')}`,
      )
    }

    case 'invalid_format': {
      return make('schema-format', `must be a valid ${issue.format}`)
    }

    case 'unrecognized_keys': {
      return make('schema-unknown-field', `has ${issue.keys.length} field(s) this schema does not allow`)
    }

    case 'invalid_union': {
      return make('schema-type', `has the wrong type (found ${jsonTypeName(found.value)})`)
    }

    case 'custom': {
      // Custom issues come only from our own validators, whose messages are fixed text.
      return make(params?.ruleId ?? 'schema-rule', issue.message)
    }

    default: {
      return make('schema-invalid', 'is not valid')
    }
  }
}
