// JSON parsing for secret values. JSON.parse decides what is valid, but its error messages
// quote the input around the failure ("Unexpected token 'h', "hunter2" is not valid JSON"),
// so they are never shown: a failure is described by json-syntax.ts instead.
import {ValidationError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'
import {type JsonSyntaxProblem, describeJsonProblem, locateJsonSyntaxProblem} from './json-syntax.js'

export type JsonObject = Record<string, unknown>

export type JsonParseResult = {ok: true; value: unknown} | ({ok: false} & JsonSyntaxProblem)

export function parseJsonText(text: string): JsonParseResult {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    // The message is discarded on purpose (it quotes input); locate the problem ourselves.
    return {ok: false, ...locateJsonSyntaxProblem(text)}
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The value as a JSON object, or a ValidationError naming what is wrong (binary, the line and
 * column of a syntax error, or the JSON type found) — never the content. `what` names the
 * value in the message, e.g. "The current value".
 */
export function parseJsonObjectOrThrow(value: SecretValue, what = 'The value'): JsonObject {
  if (value.isBinary) throw new ValidationError(`${what} is binary, not a JSON object.`)
  const parsed = parseJsonText(value.revealText())
  if (!parsed.ok) throw new ValidationError(`${what} is not valid JSON (${describeJsonProblem(parsed)}).`)
  if (!isJsonObject(parsed.value))
    throw new ValidationError(`${what} is JSON ${jsonTypeName(parsed.value)}, not a JSON object.`)
  return parsed.value
}

/** "an array", "a string", "null"... for messages about shape (never content). */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string': {
      return 'a string'
    }

    case 'number': {
      return 'a number'
    }

    case 'boolean': {
      return 'a boolean'
    }

    case 'object': {
      return 'an object'
    }

    default: {
      return 'missing'
    }
  }
}

/**
 * Valid JSON text laid out again without parsing it into numbers: `indent` 0 gives the compact
 * form, more gives one member per line. Every literal is copied as written, so a number too
 * large for a double or a float's exact digits survive the round trip JSON.parse would lose.
 * Only for text JSON.parse accepts (anything else is returned unchanged).
 */
export function reformatJson(text: string, indent: number): string {
  if (!parseJsonText(text).ok) return text
  let out = ''
  let depth = 0
  const newline = (): string => (indent > 0 ? `\n${' '.repeat(indent * depth)}` : '')
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    if (char === '"') {
      // Copy the whole string literal, escapes included.
      let end = index + 1
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      out += text.slice(index, end + 1)
      index = end
    } else if (char === '{' || char === '[') {
      const next = text.slice(index + 1).search(/\S/) + index + 1
      if (text[next] === (char === '{' ? '}' : ']')) {
        out += char + text[next]
        index = next
      } else {
        depth++
        out += char + newline()
      }
    } else if (char === '}' || char === ']') {
      depth--
      out += newline() + char
    } else if (char === ',') {
      out += ',' + newline()
    } else if (char === ':') {
      out += indent > 0 ? ': ' : ':'
    } else if (!/\s/.test(char)) {
      out += char
    }
  }

  return out
}
