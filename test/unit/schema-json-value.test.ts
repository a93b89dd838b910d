// Safe JSON parsing: a syntax error is reported by line, column and kind, never with the
// text around it (JSON.parse's own message quotes the input).
import assert from 'node:assert/strict'

import {ValidationError} from '../../src/errors.js'
import {locateJsonSyntaxProblem, parseJsonObjectOrThrow, parseJsonText, tryParseJsonObject} from '../../src/schemas/json-value.js'
import {SecretValue} from '../../src/secret-value.js'

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

  it('parseJsonObjectOrThrow names binary, syntax errors and other JSON types', () => {
    assert.deepEqual(parseJsonObjectOrThrow(SecretValue.fromText('{"a":"b"}')), {a: 'b'})
    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromBinary(Buffer.from([0xff]))), (error: unknown) => error instanceof ValidationError && /binary/.test(error.message))
    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromText('[]')), /JSON an array, not a JSON object/)
    assert.throws(() => parseJsonObjectOrThrow(SecretValue.fromText('{"a": x}')), /line 1, column 7/)
  })

  it('tryParseJsonObject quietly returns undefined for anything but an object', () => {
    assert.equal(tryParseJsonObject(SecretValue.fromText('plain')), undefined)
    assert.equal(tryParseJsonObject(SecretValue.fromText('{broken')), undefined)
    assert.deepEqual(tryParseJsonObject(SecretValue.fromText(' {"a": 1}')), {a: 1})
  })
})
