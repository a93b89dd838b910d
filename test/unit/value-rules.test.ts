// The rules that keep put from losing data: the field --generate renews, the --field names a
// put may write, and which whole new values may replace the current one.
import assert from 'node:assert/strict'

import {checkFieldTarget, fieldToGenerate, isCredentialName, keepValueKind} from '../../src/authoring/value-rules.js'
import {ExitCode, ValidationError} from '../../src/errors.js'
import {getSchema} from '../../src/schemas/registry.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

function assertValidation(action: () => unknown, pattern: RegExp): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error))
    assert.equal(error.exitCode, ExitCode.Validation)
    assert.match(error.message, pattern)
    assert.ok(!error.message.includes(CANARY), error.message)
    return true
  })
}

describe('fieldToGenerate', () => {
  it("uses the schema's generated field when the secret has a schema", () => {
    assert.equal(fieldToGenerate('s', {apiKey: CANARY, password: CANARY}, getSchema('api-key')), 'apiKey')
  })

  it('infers a database secret from its shape, whatever else it holds', () => {
    const rds = {engine: 'mysql', host: 'h', username: 'u', password: CANARY, token: CANARY, proxy_secret: CANARY}
    assert.equal(fieldToGenerate('s', rds), 'password')
  })

  it('infers an OAuth client from its shape (tokenUrl is not a token)', () => {
    assert.equal(fieldToGenerate('s', {clientId: 'c', clientSecret: CANARY, tokenUrl: 'https://x'}), 'clientSecret')
  })

  it('falls back to the single key named like a password, secret, token or API key', () => {
    assert.equal(fieldToGenerate('s', {username: 'u', password: CANARY}), 'password')
    assert.equal(fieldToGenerate('s', {user: 'u', 'x-api-key': CANARY, passwordHint: 'h'}), 'x-api-key')
  })

  it('refuses, naming the candidates (never values), when none or several fit', () => {
    assertValidation(() => fieldToGenerate('s', {user: CANARY}), /none of its fields looks like/)
    assertValidation(
      () => fieldToGenerate('s', {accessToken: CANARY, refreshToken: CANARY}),
      /2 of its fields look like one \(accessToken, refreshToken\).*--field KEY.*--replace/,
    )
  })

  it('ignores a password-like key that does not hold a string', () => {
    assertValidation(() => fieldToGenerate('s', {password: {nested: CANARY}}), /none of its fields/)
  })
})

describe('isCredentialName', () => {
  it('matches names that end in a credential word, not names that describe one', () => {
    for (const name of [
      'password',
      'db_password',
      'DB_PASSWD',
      'clientSecret',
      'accessToken',
      'api_key',
      'apiKey',
      'APIKEY',
    ])
      assert.ok(isCredentialName(name), name)
    for (const name of ['passwordHint', 'tokenUrl', 'secretArn', 'key', 'username', 'masterarn', ''])
      assert.ok(!isCredentialName(name), name)
  })
})

describe('checkFieldTarget', () => {
  const object = {engine: 'postgres', password: CANARY}

  it('lets an existing key through', () => {
    checkFieldTarget('s', object, 'password', {addField: false})
  })

  it('refuses a new key without --add-field, naming the keys and a near miss', () => {
    assertValidation(
      () => checkFieldTarget('s', object, 'pasword', {addField: false}),
      /^Secret s has no field pasword \(did you mean password\?\); its fields: engine, password\. Nothing was written; pass --add-field/,
    )
  })

  it('does not repeat a typed name that is no near miss (it may be a value)', () => {
    assertValidation(
      () => checkFieldTarget('s', object, CANARY, {addField: false}),
      /by the name given \(not repeated\)/,
    )
  })

  it('names a key that looks like a credential by its position', () => {
    assertValidation(
      () => checkFieldTarget('s', {AKIAIOSFODNN7EXAMPLE: 'x'}, 'other', {addField: false}),
      /its fields: #1\./,
    )
  })

  it('adds with --add-field, unless the schema does not know the key', () => {
    checkFieldTarget('s', object, 'extra', {addField: true})
    checkFieldTarget('s', object, 'port', {addField: true, schema: getSchema('rds-postgres')})
    checkFieldTarget('s', object, 'anything', {addField: true, schema: getSchema('key-value')})
    assertValidation(
      () => checkFieldTarget('s', object, 'extra', {addField: true, schema: getSchema('rds-postgres')}),
      /^Schema rds-postgres has no field by the name given/,
    )
  })
})

describe('keepValueKind', () => {
  const text = (value: string) => SecretValue.fromText(value)
  const binary = SecretValue.fromBinary(Buffer.from([0xff, 0x00]))

  it('lets a JSON object be replaced by another object, and text by text', () => {
    const next = text('{"b":1}')
    assert.equal(keepValueKind('s', text('{"a":1}'), next, {replace: false}), next)
    assert.equal(keepValueKind('s', text(CANARY), text('x'), {replace: false}).revealText(), 'x')
  })

  it('refuses to turn a JSON object into text, another JSON type or binary', () => {
    assertValidation(
      () => keepValueKind('s', text('{"a":1}'), text(CANARY), {replace: false}),
      /plain text \(not JSON\)/,
    )
    assertValidation(
      () => keepValueKind('s', text('{"a":1}'), text(`["${CANARY}"]`), {replace: false}),
      /JSON \(an array\)/,
    )
    assertValidation(() => keepValueKind('s', text('{"a":1}'), text('"x"'), {replace: false}), /JSON \(a string\)/)
    assertValidation(() => keepValueKind('s', text('{"a":1}'), binary, {replace: false}), /new value is binary/)
  })

  it('keeps a binary secret binary, and refuses binary onto text', () => {
    const kept = keepValueKind('s', binary, text(CANARY), {replace: false})
    assert.ok(kept.isBinary)
    assert.equal(kept.revealBytes().toString('utf8'), CANARY)
    assertValidation(() => keepValueKind('s', text(CANARY), binary, {replace: false}), /holds a text value/)
  })

  it('--replace lets any value through as given', () => {
    const next = text(CANARY)
    assert.equal(keepValueKind('s', text('{"a":1}'), next, {replace: true}), next)
    assert.equal(keepValueKind('s', binary, next, {replace: true}), next)
  })
})
