// JSON parsing for secret values. JSON.parse's error messages quote the input around the
// failure ("Unexpected token 'h', "hunter2" is not valid JSON"), so they are never shown:
// when parsing fails, a small scanner of our own finds the line and column of the first
// problem and names the kind of problem in our own words, without a character of the input.
import {ValidationError} from '../errors.js'
import type {SecretValue} from '../secret-value.js'

export type JsonObject = Record<string, unknown>

export interface JsonSyntaxProblem {
  /** 1-based. */
  line: number
  /** 1-based, in characters (UTF-16 code units) from the start of the line. */
  column: number
  /** What is wrong, in our words; never quotes the input. */
  problem: string
}

export type JsonParseResult = {ok: true; value: unknown} | ({ok: false} & JsonSyntaxProblem)

export function parseJsonText(text: string): JsonParseResult {
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    // The message is discarded on purpose (it quotes input); locate the problem ourselves.
    return {ok: false, ...locateJsonSyntaxProblem(text)}
  }
}

/** "line 3, column 14: a string is not closed" — safe to show: position and kind only. */
export function describeJsonProblem(problem: JsonSyntaxProblem): string {
  return `line ${problem.line}, column ${problem.column}: ${problem.problem}`
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The value as a JSON object, or undefined when it is binary, not JSON, or JSON of another
 * shape. For callers that only want to look inside when they can (sensitive-field checks).
 */
export function tryParseJsonObject(value: SecretValue): JsonObject | undefined {
  if (value.isBinary) return undefined
  const text = value.revealText()
  if (!/^\s*\{/.test(text)) return undefined
  const parsed = parseJsonText(text)
  return parsed.ok && isJsonObject(parsed.value) ? parsed.value : undefined
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
  if (!isJsonObject(parsed.value)) throw new ValidationError(`${what} is JSON ${jsonTypeName(parsed.value)}, not a JSON object.`)
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
 * Finds the first syntax problem in text that JSON.parse rejected. A strict RFC 8259 scanner
 * that only tracks positions; it builds no values.
 */
export function locateJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  const scanner = new JsonScanner(text)
  try {
    scanner.document()
  } catch (error) {
    if (error instanceof ScanStop) return {...positionOf(text, error.offset), problem: error.problem}
    throw error
  }

  // The scanner accepted what JSON.parse refused: should not happen; point at the start.
  return {line: 1, column: 1, problem: 'not valid JSON'}
}

function positionOf(text: string, offset: number): {line: number; column: number} {
  let line = 1
  let lineStart = 0
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text[index] === '\n') {
      line++
      lineStart = index + 1
    }
  }

  return {line, column: offset - lineStart + 1}
}

class ScanStop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const MAX_DEPTH = 512

class JsonScanner {
  #offset = 0
  #depth = 0

  constructor(private readonly text: string) {}

  document(): void {
    if (this.text.charCodeAt(0) === 0xfe_ff) this.fail('the text starts with a byte-order mark (U+FEFF); save it without one')
    this.whitespace()
    if (this.atEnd()) this.fail('the value is empty or only whitespace')
    this.value()
    this.whitespace()
    if (!this.atEnd()) this.fail('unexpected content after the end of the JSON value')
  }

  private value(): void {
    const char = this.peek()
    switch (char) {
      case '{': {
        this.object()
        return
      }

      case '[': {
        this.array()
        return
      }

      case '"': {
        this.string()
        return
      }

      case 't': {
        this.literal('true')
        return
      }

      case 'f': {
        this.literal('false')
        return
      }

      case 'n': {
        this.literal('null')
        return
      }

      case undefined: {
        this.fail('unexpected end of input: a value is missing')
        return
      }

      default: {
        if (char === '-' || (char >= '0' && char <= '9')) {
          this.number()
          return
        }

        if (char === "'") this.fail("strings must use double quotes, not single quotes")
        this.fail('unexpected character where a value should start')
      }
    }
  }

  private object(): void {
    this.enter()
    this.#offset++ // {
    this.whitespace()
    if (this.peek() === '}') {
      this.#offset++
      this.#depth--
      return
    }

    for (;;) {
      this.whitespace()
      const char = this.peek()
      if (char === undefined) this.fail('unexpected end of input inside an object')
      if (char === '}') this.fail('trailing comma before the closing brace')
      if (char !== '"') this.fail('expected a double-quoted property name')
      this.string()
      this.whitespace()
      if (this.peek() !== ':') this.fail(this.atEnd() ? 'unexpected end of input inside an object' : "expected ':' after a property name")
      this.#offset++
      this.whitespace()
      this.value()
      this.whitespace()
      const next = this.peek()
      if (next === ',') {
        this.#offset++
        continue
      }

      if (next === '}') {
        this.#offset++
        this.#depth--
        return
      }

      this.fail(next === undefined ? 'unexpected end of input inside an object' : "expected ',' or '}' after a property value")
    }
  }

  private array(): void {
    this.enter()
    this.#offset++ // [
    this.whitespace()
    if (this.peek() === ']') {
      this.#offset++
      this.#depth--
      return
    }

    for (;;) {
      this.whitespace()
      if (this.peek() === ']') this.fail('trailing comma before the closing bracket')
      this.value()
      this.whitespace()
      const next = this.peek()
      if (next === ',') {
        this.#offset++
        continue
      }

      if (next === ']') {
        this.#offset++
        this.#depth--
        return
      }

      this.fail(next === undefined ? 'unexpected end of input inside an array' : "expected ',' or ']' after an array element")
    }
  }

  private string(): void {
    const start = this.#offset
    this.#offset++ // opening quote
    for (;;) {
      if (this.atEnd()) this.fail('a string is not closed', start)
      const code = this.text.charCodeAt(this.#offset)
      if (code === 0x22) {
        this.#offset++
        return
      }

      if (code < 0x20) this.fail('a control character (such as a raw newline or tab) inside a string must be escaped')
      if (code === 0x5c) {
        const escape = this.text[this.#offset + 1]
        if (escape === undefined) this.fail('a string is not closed', start)
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.#offset + 2, this.#offset + 6))) {
            this.fail('a \\u escape needs four hexadecimal digits')
          }

          this.#offset += 6
          continue
        }

        if (!'"\\/bfnrt'.includes(escape)) this.fail('invalid escape sequence in a string')
        this.#offset += 2
        continue
      }

      this.#offset++
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.#offset, this.#offset + 400))
    if (!match || match[0] === '-' || match[0] === '') this.fail('invalid number')
    const after = this.text[this.#offset + match![0].length]
    if (after !== undefined && /[0-9.eE+-]/.test(after)) this.fail('invalid number', this.#offset + match![0].length)
    this.#offset += match![0].length
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.#offset)) {
      this.#offset += word.length
      return
    }

    this.fail('unexpected word where a value should start (only true, false and null are allowed unquoted)')
  }

  private whitespace(): void {
    while (!this.atEnd()) {
      const char = this.text[this.#offset]
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') this.#offset++
      else return
    }
  }

  private enter(): void {
    this.#depth++
    if (this.#depth > MAX_DEPTH) this.fail('nested too deeply')
  }

  private peek(): string | undefined {
    return this.text[this.#offset]
  }

  private atEnd(): boolean {
    return this.#offset >= this.text.length
  }

  private fail(problem: string, offset = this.#offset): never {
    throw new ScanStop(offset, problem)
  }
}
