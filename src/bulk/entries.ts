// What a bulk run moves: entries of name, value and optional metadata, parsed from the
// formats `import` reads (dotenv, a JSON object, JSON lines). Parse problems are reported by
// position (line, key index), never by quoting the input, which holds values.
import {ValidationError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import type {Tag} from '../stores/store.js'

export type ImportFormat = 'dotenv' | 'json' | 'jsonl'
export const IMPORT_FORMATS: readonly ImportFormat[] = ['dotenv', 'json', 'jsonl']

export interface BulkEntry {
  /** The secret's full name (prefix applied). */
  name: string
  value: SecretValue
  description?: string
  tags?: Tag[]
  /** Where it came from, for messages: "line 12", "key 3". */
  origin: string
}

/** An entry that could not be read; the run reports it as failed and goes on with the others. */
export interface EntryProblem {
  name?: string
  origin: string
  error: ValidationError
}

export type ParsedEntry = BulkEntry | EntryProblem

export function isProblem(entry: ParsedEntry): entry is EntryProblem {
  return 'error' in entry
}

/** dotenv text (quotes, multi-line values, comments, `export`), through the dotenv package's parser. */
export async function parseDotenv(text: string, prefix: string): Promise<ParsedEntry[]> {
  const {parse} = await import('dotenv')
  return Object.entries(parse(text)).map(([key, value], index) => ({
    name: `${prefix}${key}`,
    value: SecretValue.fromText(value),
    origin: `key ${index + 1}`,
  }))
}

/** A JSON object: key → string (a text secret) or object (a JSON secret, stored as compact JSON). */
export function parseJsonObject(text: string, prefix: string): ParsedEntry[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    // JSON.parse's message quotes the input: only say that it failed.
    throw new ValidationError('The input is not valid JSON (expected one object of name → value); nothing was written.')
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ValidationError(
      'The JSON input must be one object of name → value (a string, or an object for a JSON secret); nothing was written.',
    )
  }

  return Object.entries(parsed).map(([key, value], index) => {
    const origin = `key ${index + 1}`
    const secret = valueOf(value)
    return secret
      ? {name: `${prefix}${key}`, value: secret, origin}
      : problem(origin, 'its value must be a string or a JSON object', `${prefix}${key}`)
  })
}

/** One line of JSON lines: {"name", "value", "description"?, "tags"?}. Blank lines are skipped (undefined). */
export function parseJsonLine(line: string, lineNumber: number, prefix: string): ParsedEntry | undefined {
  if (line.trim() === '') return undefined
  const origin = `line ${lineNumber}`
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return problem(origin, 'is not valid JSON')
  }

  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return problem(origin, 'must be a JSON object with name and value')
  const record = parsed as Record<string, unknown>
  if (typeof record.name !== 'string' || record.name === '') return problem(origin, 'needs a "name" string')
  const name = `${prefix}${record.name}`
  const value = valueOf(record.value)
  if (!value) return problem(origin, '"value" must be a string or a JSON object', name)
  if (record.description !== undefined && typeof record.description !== 'string')
    return problem(origin, '"description" must be a string', name)
  const tags = tagsOf(record.tags)
  if (tags === 'invalid')
    return problem(origin, '"tags" must be an object of key → string, or a list of {key, value}', name)
  return {name, value, description: record.description, tags, origin}
}

function valueOf(value: unknown): SecretValue | undefined {
  if (typeof value === 'string') return SecretValue.fromText(value)
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return SecretValue.fromText(JSON.stringify(value))
  return undefined
}

function tagsOf(tags: unknown): Tag[] | undefined | 'invalid' {
  if (tags === undefined) return undefined
  if (Array.isArray(tags)) {
    const list: Tag[] = []
    for (const tag of tags) {
      const record = (tag ?? {}) as Record<string, unknown>
      const key = record.key ?? record.Key
      const value = record.value ?? record.Value
      if (typeof key !== 'string' || typeof value !== 'string') return 'invalid'
      list.push({key, value})
    }

    return list
  }

  if (tags !== null && typeof tags === 'object') {
    const entries = Object.entries(tags)
    if (entries.some(([, value]) => typeof value !== 'string')) return 'invalid'
    return entries.map(([key, value]) => ({key, value: value as string}))
  }

  return 'invalid'
}

function problem(origin: string, what: string, name?: string): EntryProblem {
  return {name, origin, error: new ValidationError(`${name ?? origin}${name ? ` (${origin})` : ''}: ${what}`)}
}
