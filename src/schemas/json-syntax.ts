// Says where and why JSON.parse rejected a text without quoting it. Microsoft's jsonc-parser
// (run strict: no comments, no trailing commas) finds the first problem; it reports codes and
// offsets, never text, and the offset becomes a line and column and the code a phrase of our
// own. jsonc-parser is loaded on the first failure only: valid values, and commands that never
// parse, don't pay for it.
import {createRequire} from 'node:module'

export interface JsonSyntaxProblem {
  /** 1-based; lines end at \n. Absent when the problem could not be located. */
  line?: number
  /** 1-based, in UTF-16 code units from the start of the line (as JavaScript and most editors count). */
  column?: number
  /** What is wrong, in our words; never quotes the input. */
  problem: string
}

/** "line 3, column 14: a string is not closed" — safe to show: position and kind only. */
export function describeJsonProblem(problem: JsonSyntaxProblem): string {
  if (problem.line === undefined || problem.column === undefined) return problem.problem
  return `line ${problem.line}, column ${problem.column}: ${problem.problem}`
}

export type JsoncParser = typeof import('jsonc-parser')
type ParseErrorName = ReturnType<JsoncParser['printParseErrorCode']>

let jsoncParser: JsoncParser | undefined

export function loadJsoncParser(): JsoncParser {
  // Synchronous (require, not import()) so that parsing stays a plain function call.
  jsoncParser ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser
  return jsoncParser
}

/**
 * Beyond this many open objects and arrays the search stops: jsonc-parser descends by recursion,
 * and a value of a few thousand '[' must not exhaust the stack (JSON.parse itself does not recurse).
 */
const MAX_DEPTH = 512

/** Where the parser was when it found the problem: what it expected next. */
type Expecting = 'value' | 'property-name' | 'colon' | 'separator'

interface FirstError {
  name: ParseErrorName | 'nested-too-deeply'
  offset: number
  length: number
  expecting: Expecting
  container: 'object' | 'array' | undefined
  /** Where the last number ended: text glued to it (01, 1.5.3, 1e5e) is a malformed number. */
  numberEnd: number | undefined
}

/** Thrown from a visitor callback to stop jsonc-parser at the first problem. */
class StopVisit {
  constructor(readonly found: FirstError) {}
}

/**
 * Finds the first syntax problem in text that JSON.parse rejected: its line and column, and
 * what is wrong in our words.
 */
export function locateJsonSyntaxProblem(text: string): JsonSyntaxProblem {
  // jsonc-parser would call a byte-order mark merely "unexpected"; say what it is and what to do.
  if (text.charCodeAt(0) === 0xfe_ff)
    return {...positionOf(text, 0), problem: 'the text starts with a byte-order mark (U+FEFF); save it without one'}
  if (/^[ \t\n\r]*$/.test(text))
    return {...positionOf(text, text.length), problem: 'the value is empty or only whitespace'}

  const found = firstError(text)
  // jsonc-parser accepted what JSON.parse refused. Not known to happen with these options; if
  // it does, say so without pointing at a place that is not the problem.
  if (!found) return {problem: 'the position of the problem could not be determined'}
  const {offset, problem} = explain(text, found)
  return {...positionOf(text, offset), problem}
}

function firstError(text: string): FirstError | undefined {
  const {printParseErrorCode, visit} = loadJsoncParser()
  const containers: Array<'object' | 'array'> = []
  let expecting: Expecting = 'value'
  let numberEnd: number | undefined
  const stop = (name: FirstError['name'], offset: number, length: number): never => {
    throw new StopVisit({name, offset, length, expecting, container: containers.at(-1), numberEnd})
  }

  const enter = (kind: 'object' | 'array', offset: number): void => {
    containers.push(kind)
    if (containers.length > MAX_DEPTH) stop('nested-too-deeply', offset, 1)
    expecting = kind === 'object' ? 'property-name' : 'value'
  }

  const leave = (): void => {
    containers.pop()
    expecting = 'separator'
  }

  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => enter('object', offset),
        onArrayBegin: (offset) => enter('array', offset),
        onObjectEnd: leave,
        onArrayEnd: leave,
        onObjectProperty() {
          expecting = 'colon'
        },
        onSeparator(separator) {
          expecting = separator === ':' || containers.at(-1) === 'array' ? 'value' : 'property-name'
        },
        onLiteralValue(value, offset, length) {
          expecting = 'separator'
          numberEnd = typeof value === 'number' ? offset + length : undefined
        },
        onError: (code, offset, length) => stop(printParseErrorCode(code), offset, length),
      },
      {allowEmptyContent: false, allowTrailingComma: false, disallowComments: true},
    )
  } catch (error) {
    if (error instanceof StopVisit) return error.found
    throw error
  }

  return undefined
}

/** Errors jsonc-parser's scanner reports about one string or number token, before the parser places it. */
const TOKEN_ERRORS = new Set<FirstError['name']>([
  'UnexpectedEndOfString',
  'InvalidCharacter',
  'InvalidEscapeCharacter',
  'InvalidUnicode',
  'UnexpectedEndOfNumber',
])

/** The offset to point at and the phrase for the first error jsonc-parser reported. */
function explain(text: string, found: FirstError): {offset: number; problem: string} {
  const {name, offset, expecting, container} = found
  // The character at the problem is looked at to choose the phrase; it is never shown.
  const char = text[offset] ?? ''
  const at = (problem: string) => ({offset, problem})
  const afterValue = () => {
    if (found.numberEnd === offset && /[\d.eE+-]/.test(char)) return at('invalid number') // 01, 1.5.3, 1e5e
    if (container === 'object') return at("expected ',' or '}' after a property value")
    if (container === 'array') return at("expected ',' or ']' after an array element")
    return at('unexpected content after the end of the JSON value')
  }

  // A broken string or number reaches us before the parser sees that no value may stand
  // there at all (1 "x, {"a" 1.): when that is so, that is the first problem.
  const misplaced = (expecting === 'separator' || expecting === 'colon') && TOKEN_ERRORS.has(name)
  if (misplaced) return expecting === 'colon' ? at("expected ':' after a property name") : afterValue()

  switch (name) {
    case 'nested-too-deeply': {
      return at(`nested too deeply (more than ${MAX_DEPTH} levels of objects and arrays)`)
    }

    case 'UnexpectedEndOfString':
    case 'InvalidCharacter':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode': {
      return explainString(text, offset, found.length, name)
    }

    // Text that is no token at all (a bare word, a single quote, a stray sign): what it is
    // depends on what was expected there.
    case 'InvalidSymbol': {
      if (expecting === 'property-name') return at('expected a double-quoted property name')
      if (expecting === 'colon') return at("expected ':' after a property name")
      if (expecting === 'separator') return afterValue()
      if (char === "'") return at('strings must use double quotes, not single quotes')
      if (/[\d.+-]/.test(char)) return at('invalid number')
      if (/[a-z]/i.test(char))
        return at('unexpected word where a value should start (only true, false and null are allowed unquoted)')
      return at('unexpected character where a value should start')
    }

    case 'CommaExpected':
    case 'EndOfFileExpected': {
      return afterValue()
    }

    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment': {
      return at('comments are not allowed in JSON')
    }

    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber': {
      return at(expecting === 'property-name' ? 'expected a double-quoted property name' : 'invalid number')
    }

    case 'ColonExpected': {
      return at(char ? "expected ':' after a property name" : 'unexpected end of input inside an object')
    }

    case 'PropertyNameExpected': {
      if (!char) return at('unexpected end of input inside an object')
      return at(
        char === '}' && followsComma(text, offset)
          ? 'trailing comma before the closing brace'
          : 'expected a double-quoted property name',
      )
    }

    case 'ValueExpected': {
      if (!char) return at('unexpected end of input: a value is missing')
      if (char === ']' && followsComma(text, offset)) return at('trailing comma before the closing bracket')
      return at(char === ',' ? 'expected a value before the comma' : 'expected a value')
    }

    case 'CloseBraceExpected': {
      return at("unexpected end of input inside an object: expected '}'")
    }

    case 'CloseBracketExpected': {
      return at("unexpected end of input inside an array: expected ']'")
    }

    default: {
      return at('not valid JSON')
    }
  }
}

/**
 * A valid escape (consumed, so that "\\x" is not read as "\x"), or one of the three things that
 * may not appear inside a JSON string: a \u without four hex digits, another escape, a raw control character.
 */
// eslint-disable-next-line no-control-regex -- raw control characters are what JSON forbids inside a string
const STRING_CONTENT = /\\(?:["\\/bfnrt]|u[\dA-Fa-f]{4})|(\\u)|(\\[^])|([\u0000-\u001F])/g

/**
 * jsonc-parser reports a bad string at the string's start and names only the last of its
 * problems; point at the first one instead (the column an editor needs).
 */
function explainString(
  text: string,
  offset: number,
  length: number,
  name: ParseErrorName,
): {offset: number; problem: string} {
  for (const match of text.slice(offset, offset + length).matchAll(STRING_CONTENT)) {
    const where = offset + match.index
    if (match[1] !== undefined) return {offset: where, problem: 'a \\u escape needs four hexadecimal digits'}
    if (match[2] !== undefined) return {offset: where, problem: 'invalid escape sequence in a string'}
    if (match[3] !== undefined)
      return {offset: where, problem: 'a control character (such as a tab) inside a string must be escaped'}
  }

  if (name === 'UnexpectedEndOfString') {
    const end = offset + length
    // jsonc-parser ends a string at a line break; JSON does not allow one raw inside a string either.
    if (end < text.length)
      return {
        offset: end,
        problem: 'a string is not closed before the end of its line (write a line break inside a string as \\n)',
      }
    return {offset, problem: 'a string is not closed'}
  }

  return {offset, problem: 'invalid string'}
}

/** True when the last character before offset, other than JSON whitespace, is a comma. */
function followsComma(text: string, offset: number): boolean {
  return /,[ \t\n\r]*$/.test(text.slice(0, offset))
}

function positionOf(text: string, offset: number): {line: number; column: number} {
  let line = 1
  let lineStart = 0
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++
    lineStart = index + 1
  }

  return {line, column: offset - lineStart + 1}
}
