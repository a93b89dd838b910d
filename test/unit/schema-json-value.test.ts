// Safe JSON parsing: a syntax error is reported by line, column and kind, never with the
// text around it (JSON.parse's own message quotes the input).
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'

import {ValidationError} from '../../src/errors.js'
import {describeJsonProblem, locateJsonSyntaxProblem} from '../../src/schemas/json-syntax.js'
import {parseJsonObjectOrThrow, parseJsonText, reformatJson} from '../../src/schemas/json-value.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const CANARY_FRAGMENTS = [CANARY, '7f3a9c', 'DO-NOT-LEAK', 'CANARY']

describe('JSON values', () => {
  it('parses valid JSON', () => {
    assert.deepEqual(parseJsonText('{"a": [1, true, null, "x\\n"]}'), {ok: true, value: {a: [1, true, null, 'x\n']}})
  })

  const cases: Array<[string, number, number, RegExp]> = [
    ['{"a": hunter2}', 1, 7, /where a value should start/],
    ['{\n  "a": 1,\n  "b": 2,\n}', 4, 1, /trailing comma/],
    ['{"a": "zqunclosed', 1, 7, /string is not closed/],
    ["{'a': 1}", 1, 2, /double-quoted property name/],
    ['{"a" 1}', 1, 6, /expected ':'/],
    ['{"a": 1 "b": 2}', 1, 9, /expected ',' or '}'/],
    ['[1, 2', 1, 6, /end of input inside an array/],
    ['{"a": 01}', 1, 8, /invalid number/],
    ['{"a": "zq\tzq"}', 1, 10, /control character/],
    ['{"a": "\\x"}', 1, 8, /invalid escape/],
    ['{"a": 1} zqextra', 1, 10, /after the end/],
    ['   ', 1, 4, /empty/],
    ['\uFEFF{}', 1, 1, /byte-order mark/],
    ['{"a": tru}', 1, 7, /only true, false and null/],
    ['{"a": 1 // zq\n}', 1, 9, /comments are not allowed/],
    ['/* zq */ {}', 1, 1, /comments are not allowed/],
    ['[1, 2,]', 1, 7, /trailing comma before the closing bracket/],
    ['{"a": "zq\nzq"}', 1, 10, /string is not closed before the end of its line/],
    ['{"a": "zq\\u12zq"}', 1, 10, /four hexadecimal digits/],
    ['{"a": "\\x\\u12"}', 1, 8, /invalid escape/],
    ['{"a": 1.5.3}', 1, 10, /invalid number/],
    ['{"a": 1.}', 1, 7, /invalid number/],
    ['{"a": -zq}', 1, 7, /invalid number/],
    ['["zq"]]', 1, 7, /after the end/],
    ['{"a": 1} "zq', 1, 10, /after the end/],
    ['[1 2]', 1, 4, /expected ',' or ']'/],
    ["['zq']", 1, 2, /double quotes, not single quotes/],
    ['{"a":}', 1, 6, /expected a value/],
    ['[1,,2]', 1, 4, /expected a value before the comma/],
    ['{"a":', 1, 6, /end of input: a value is missing/],
    ['{"a": [1, {"b": 2}', 1, 19, /end of input inside an array/],
    ['{"a": [1, {"b": 2}]', 1, 20, /end of input inside an object/],
    ['{"a" "zq\n', 1, 6, /expected ':'/],
    ['', 1, 1, /empty/],
  ]
  for (const [text, line, column, problem] of cases) {
    it(`locates the problem in ${JSON.stringify(text)} at ${line}:${column}`, () => {
      assert.throws(() => JSON.parse(text))
      const found = locateJsonSyntaxProblem(text)
      assert.equal(found.line, line)
      assert.equal(found.column, column)
      assert.match(found.problem, problem)
    })
  }

  it('never quotes the input in its problem descriptions', () => {
    for (const [text] of cases) {
      const result = parseJsonText(text)
      assert.equal(result.ok, false)
      if (!result.ok) assert.ok(!/hunter2|zq/.test(result.problem), result.problem)
    }
  })

  describe('never quotes the value, whatever is broken', () => {
    const brokenCorpus: Array<[string, string]> = [
      ['an unclosed string holding the canary', `{"password": "${CANARY}`],
      ['an unclosed string holding the canary, more lines after it', `{\n  "password": "${CANARY}\n}`],
      ['the canary as a bare word', `{"password": ${CANARY}}`],
      ['the canary as the whole value', CANARY],
      ['the canary in a line comment', `{"a": 1 // ${CANARY}\n}`],
      ['the canary in a block comment', `{/* ${CANARY} */ "a": 1}`],
      ['the canary in an unclosed block comment', `{"a": 1 /* ${CANARY}`],
      ['the canary after the value', `{"a": 1} ${CANARY}`],
      ['the canary as a second value', `{"a": 1} "${CANARY}"`],
      ['truncated input', `{"user": "admin", "password": "${CANARY}", "host": "db.exa`],
      ['truncated after a colon', `{"password": "${CANARY}", "x":`],
      ['the canary in single quotes', `{'password': '${CANARY}'}`],
      ['the canary in a property name with a tab', `{"${CANARY}\t": 1}`],
      ['the canary next to a bad escape', `{"password": "${CANARY}\\q"}`],
      ['the canary as a number-like word', `{"pin": 0${CANARY}}`],
      ['the canary after a trailing comma', `["${CANARY}",]`],
      ['the canary behind a byte-order mark', `\uFEFF{"password": "${CANARY}"}`],
      ['the canary deep inside too much nesting', `${'['.repeat(600)}"${CANARY}"`],
    ]

    for (const [what, text] of brokenCorpus) {
      it(`${what}: position and kind only`, () => {
        assert.throws(() => JSON.parse(text))
        const result = parseJsonText(text)
        assert.equal(result.ok, false)
        if (result.ok) return
        assert.ok(result.line !== undefined && result.column !== undefined, 'the problem is located')
        let thrown = ''
        assert.throws(
          () => parseJsonObjectOrThrow(SecretValue.fromText(text)),
          (error: unknown) => {
            thrown = error instanceof ValidationError ? error.message : String(error)
            return error instanceof ValidationError
          },
        )
        for (const shown of [result.problem, describeJsonProblem(result), thrown]) {
          for (const fragment of CANARY_FRAGMENTS) assert.ok(!shown.includes(fragment), `"${fragment}" in: ${shown}`)
        }
      })
    }
  })

  describe('line and column across lines', () => {
    const multiLine: Array<[string, string, number, number, RegExp]> = [
      [
        'a bare word on line 3',
        '{\n  "engine": "postgres",\n  "password": zqsecret\n}',
        3,
        15,
        /where a value should start/,
      ],
      ['a missing comma between lines', '{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected ',' or '}'/],
      [
        'a trailing comma on the line before the brace',
        '{\n  "a": [\n    1,\n  ],\n}',
        4,
        3,
        /trailing comma before the closing bracket/,
      ],
      [
        'an unclosed object at the end of the last line',
        '{\n  "a": {\n    "b": 1\n  }\n',
        5,
        1,
        /end of input inside an object/,
      ],
      ['a tab inside a string on line 2', '{\n\t"a": "x\ty"\n}', 2, 9, /control character/],
      [
        'Windows line ends (\\r\\n counts as one line end; \\r is whitespace)',
        '{\r\n  "a": 1,\r\n  "b": zq\r\n}',
        3,
        8,
        /where a value should start/,
      ],
      ['a carriage return alone does not start a line', '{"a": 1,\r"b": zq}', 1, 15, /where a value should start/],
      ['a comment on line 2', '{\n  // note\n  "a": 1\n}', 2, 3, /comments are not allowed/],
      ['content after the value on a later line', '{"a": 1}\n\n  zq', 3, 3, /after the end/],
    ]
    for (const [what, text, line, column, problem] of multiLine) {
      it(`${what} → ${line}:${column}`, () => {
        assert.throws(() => JSON.parse(text))
        const found = locateJsonSyntaxProblem(text)
        assert.deepEqual([found.line, found.column], [line, column])
        assert.match(found.problem, problem)
      })
    }

    it('counts columns in UTF-16 code units, as JavaScript and editors do (an emoji is two)', () => {
      assert.deepEqual(locateJsonSyntaxProblem('{"🔑": zq}'), {
        line: 1,
        column: 8,
        problem: locateJsonSyntaxProblem('{"ab": zq}').problem,
      })
      assert.equal(locateJsonSyntaxProblem('{\n  "é🔑": [1 2]\n}').column, 13)
    })
  })

  it('stops at too-deep nesting rather than exhausting the stack, and still parses deep valid JSON', () => {
    const found = locateJsonSyntaxProblem('['.repeat(100_000))
    assert.deepEqual([found.line, found.column], [1, 513])
    assert.match(found.problem, /nested too deeply/)
    const deep = parseJsonText(`${'['.repeat(5000)}${']'.repeat(5000)}`)
    assert.equal(deep.ok, true)
  })

  it('a problem without a position is described without one', () => {
    assert.equal(
      describeJsonProblem({problem: 'the position of the problem could not be determined'}),
      'the position of the problem could not be determined',
    )
    assert.equal(
      describeJsonProblem({line: 2, column: 5, problem: 'invalid number'}),
      'line 2, column 5: invalid number',
    )
  })

  it('loads jsonc-parser only when a value fails to parse (checked in a fresh process)', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/unit/schema-json-value-load-probe.ts'], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    assert.equal(child.status, 0, child.stderr)
    assert.deepEqual(JSON.parse(child.stdout), {
      afterImport: false,
      afterValid: false,
      afterInvalid: true,
      brokenLocated: true,
      esmImportRefused: true,
      parsedValid: true,
    })
  })

  it('parseJsonObjectOrThrow names binary, syntax errors and other JSON types', () => {
    assert.deepEqual(parseJsonObjectOrThrow(SecretValue.fromText('{"a":"b"}')), {a: 'b'})
    assert.throws(
      () => parseJsonObjectOrThrow(SecretValue.fromBinary(Buffer.from([0xff]))),
      (error: unknown) => error instanceof ValidationError && /binary/.test(error.message),
    )
    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromText('[]')), /JSON an array, not a JSON object/)
    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromText('{"a": x}')), /line 1, column 7/)
  })
})

describe('reformatJson', () => {
  const text = '{"id":12345678901234567890123,"ratio":1.10,"list":[1, {"a":"x, \\"y\\": {"}],"empty":{},"none":[ ]}'

  it('lays JSON out one member per line and back to compact, every literal as written (no number rounding)', () => {
    const pretty = reformatJson(text, 2)
    assert.equal(
      pretty,
      '{\n  "id": 12345678901234567890123,\n  "ratio": 1.10,\n  "list": [\n    1,\n    {\n      "a": "x, \\"y\\": {"\n    }\n  ],\n  "empty": {},\n  "none": []\n}',
    )
    assert.equal(reformatJson(pretty, 0), text.replace('[1, ', '[1,').replace('[ ]', '[]'))
  })

  it('returns text that is not valid JSON unchanged', () => {
    assert.equal(reformatJson('{"a": 1,}', 2), '{"a": 1,}')
  })
})
