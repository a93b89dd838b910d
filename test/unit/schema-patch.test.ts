// put --field: one field changes, the rest stays, in order and in the original layout.
import assert from 'node:assert/strict'

import {UsageError, ValidationError} from '../../src/errors.js'
import {setJsonField} from '../../src/schemas/patch.js'
import {SecretValue} from '../../src/secret-value.js'

describe('setJsonField', () => {
  it('replaces one field and keeps the others in their order', () => {
    const current = SecretValue.fromText('{"engine":"postgres","password":"old","port":5432}')
    const next = setJsonField(current, 'password', SecretValue.fromText('new'))
    assert.equal(next.revealText(), '{"engine":"postgres","password":"new","port":5432}')
  })

  it('adds a field that was not there', () => {
    const next = setJsonField(SecretValue.fromText('{"a":"1"}'), 'b', SecretValue.fromText('2'))
    assert.deepEqual(JSON.parse(next.revealText()), {a: '1', b: '2'})
  })

  it('keeps a pretty-printed secret pretty-printed', () => {
    const next = setJsonField(SecretValue.fromText('{\n  "a": "1"\n}\n'), 'a', SecretValue.fromText('2'))
    assert.equal(next.revealText(), '{\n  "a": "2"\n}\n')
  })

  it('refuses a current value that is not a JSON object, saying why by type or position', () => {
    assert.throws(
      () => setJsonField(SecretValue.fromText('plain text'), 'a', SecretValue.fromText('x')),
      (error: unknown) => error instanceof ValidationError && /line 1, column 1/.test(error.message),
    )
    assert.throws(() => setJsonField(SecretValue.fromText('["a"]'), 'a', SecretValue.fromText('x')), /an array/)
    assert.throws(
      () => setJsonField(SecretValue.fromBinary(Buffer.from([0xff])), 'a', SecretValue.fromText('x')),
      /binary/,
    )
  })

  it('refuses a binary field value and an empty field name', () => {
    assert.throws(
      () => setJsonField(SecretValue.fromText('{}'), 'a', SecretValue.fromBinary(Buffer.from([0xff]))),
      ValidationError,
    )
    assert.throws(() => setJsonField(SecretValue.fromText('{}'), '', SecretValue.fromText('x')), UsageError)
  })
})
