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

describe('setJsonField keeps every other byte and the field type', () => {
  const set = (text: string, key: string, value: string) =>
    setJsonField(SecretValue.fromText(text), key, SecretValue.fromText(value)).revealText()

  it('changes only the value text of a pretty-printed object (indentation, order, number formatting kept)', () => {
    const text = '{\n\t"b": 1.50,\n\t"password": "old",\n\t"a": {"x": 1e3}\n}'
    assert.equal(set(text, 'password', 'new'), '{\n\t"b": 1.50,\n\t"password": "new",\n\t"a": {"x": 1e3}\n}')
  })

  it('adds a new key after the last one, on its own line in the same indentation', () => {
    assert.equal(set('{\n    "a": "1"\n}\n', 'b', 'x'), '{\n    "a": "1",\n    "b": "x"\n}\n')
    assert.equal(set('{"a":"1"}', 'b', 'x'), '{"a":"1","b":"x"}')
    assert.equal(set('{}', 'b', 'x'), '{"b":"x"}')
  })

  it('keeps a number a number and a boolean a boolean when the new text is one; otherwise a string', () => {
    assert.equal(set('{"port":5432}', 'port', '6543'), '{"port":6543}')
    assert.equal(set('{"ssl":true}', 'ssl', 'false'), '{"ssl":false}')
    assert.equal(set('{"port":5432}', 'port', 'abc'), '{"port":"abc"}')
    assert.equal(set('{"port":"5432"}', 'port', '6543'), '{"port":"6543"}')
    assert.equal(set('{"list":[1]}', 'list', '[1, 2]'), '{"list":[1,2]}')
    assert.equal(set('{"n":null}', 'n', '7'), '{"n":"7"}')
  })

  it('types an added field by its schema field type', () => {
    const added = setJsonField(SecretValue.fromText('{}'), 'port', SecretValue.fromText('5432'), {schemaType: 'port'})
    assert.equal(added.revealText(), '{"port":5432}')
  })

  it('with a duplicate key, still writes what JSON.parse will read (the last one)', () => {
    const next = set('{"a":"1","a":"2"}', 'a', 'x')
    assert.deepEqual(JSON.parse(next), {a: 'x'})
  })

  it('does not treat inherited names (constructor, toString) as existing fields', () => {
    assert.equal(set('{"a":"1"}', 'constructor', 'x'), '{"a":"1","constructor":"x"}')
  })
})
