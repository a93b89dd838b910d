// The pieces of the unencrypted-metadata check: entropy and "looks random", credential
// shapes, which field values count as leak candidates, and how tags are named in locations.
import assert from 'node:assert/strict'

import {checkSecretSync} from '../../src/lint/check-secret.js'
import {CREDENTIAL_SHAPES, credentialShapesIn} from '../../src/lint/credential-shapes.js'
import {looksRandom, randomLookingSegments, shannonEntropy} from '../../src/lint/entropy.js'
import {isDistinctive} from '../../src/lint/sensitive-metadata.js'
import {SecretValue} from '../../src/secret-value.js'

describe('entropy', () => {
  it('measures bits per character', () => {
    assert.equal(shannonEntropy('aaaa'), 0)
    assert.equal(shannonEntropy('abcd'), 2)
  })

  it('calls generated tokens random and human-made identifiers not', () => {
    for (const token of ['aZ3kP9qL2mX7wB4nQ8rT', 'tok_9fK2mQ7xLp3Vz8Rw', 'tkn-4f9a-Qz81-Lm3x-Pw7e'])
      assert.equal(looksRandom(token), true, token)
    for (const token of [
      'payments-service-production-eu-west-1',
      'api-gw-v2-prod-eu-west-1-blue',
      'BillingDatabaseCredentials2024',
      '3f2a9c8e7b6d5a4f3e2d1c0b9a8f7e6d5c4b3a29',
      'internationalization',
    ]) {
      assert.equal(looksRandom(token), false, token)
    }
  })

  it('skips ARNs, UUIDs, host names, URLs, e-mail addresses, digests and dates in free text', () => {
    const text = [
      'arn:aws:lambda:us-east-1:123456789012:function:SecretsManagerRotation2024x',
      '1234abcd-12ab-34cd-56ef-1234567890ab',
      'billing.cluster-c9akciq32x7.us-east-1.rds.amazonaws.com',
      'https://example.com/a9Kq2LmP7vR3tW8zY4nB',
      'first.last2024x9@example-corp.com',
      `sha256:${'ab12'.repeat(16)}`,
      '2024-01-31T12:00:00Z',
    ].join(' ')
    assert.deepEqual(randomLookingSegments(text), [])
  })

  it('finds a random segment inside a path or a key=value pair', () => {
    assert.equal(randomLookingSegments('prod/aZ3kP9qL2mX7wB4nQ8rT/x').length, 1)
    assert.equal(randomLookingSegments('token=aZ3kP9qL2mX7wB4nQ8rT').length, 1)
  })
})

describe('credential shapes', () => {
  it('each shape has a stable id and a description', () => {
    const ids = CREDENTIAL_SHAPES.map((shape) => shape.id)
    assert.equal(new Set(ids).size, ids.length)
    for (const shape of CREDENTIAL_SHAPES) assert.match(shape.id, /^[a-z0-9-]+$/)
  })

  it('does not take 40-character paths, git SHAs or URLs without passwords for credentials', () => {
    for (const text of [
      'prod/billing/service/database/credential',
      '3f2a9c8e7b6d5a4f3e2d1c0b9a8f7e6d5c4b3a29',
      'https://user@example.com/path',
      'postgres://app:${DB_PASSWORD}@db/app',
      'mysql://root:<password>@localhost/db',
      'Password=****;Server=db',
      'see https://github.com/org/repo',
    ]) {
      assert.deepEqual(
        credentialShapesIn(text).map((shape) => shape.id),
        [],
        text,
      )
    }
  })

  it('recognises an npm token, a Google API key, a bearer token and a Slack webhook', () => {
    assert.deepEqual(
      credentialShapesIn('npm' + '_' + 'a'.repeat(18) + 'B'.repeat(18)).map((shape) => shape.id),
      ['npm-token'],
    )
    assert.deepEqual(
      credentialShapesIn('AIza' + 'Sy' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q').map((shape) => shape.id),
      ['google-api-key'],
    )
    assert.ok(
      credentialShapesIn('Authorization: Bearer abcDEF123ghiJKL456mnoPQR').some((shape) => shape.id === 'bearer-token'),
    )
    assert.ok(
      credentialShapesIn('https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX').some(
        (shape) => shape.id === 'slack-webhook',
      ),
    )
  })
})

describe('leak candidates', () => {
  it('treats short, numeric and common values as not distinctive', () => {
    for (const text of ['5432', 'true', 'postgres', 'admin', 'abc', '123456'])
      assert.equal(isDistinctive(text, true), false, text)
    assert.equal(isDistinctive('hunter2', true), true)
    assert.equal(isDistinctive('us-east-1', false), false)
    assert.equal(isDistinctive('aZ3kP9qL2mX7wB4nQ8rT', false), true)
  })

  it('does not treat non-secret schema fields as leaks (a database called billing, in a billing description)', () => {
    const value = SecretValue.fromText(
      JSON.stringify({
        engine: 'postgres',
        host: 'billing-db.internal',
        username: 'billing_service_account',
        password: 'Xk9#mQ2$vL7pR4wZ',
        dbname: 'billing',
      }),
    )
    const result = checkSecretSync({
      schema: 'rds-postgres',
      value,
      name: 'billing_service_account',
      description: 'billing-db.internal for billing',
    })
    assert.deepEqual(result.warnings, [])
  })

  it('flags a secret field of a generic JSON value by its name', () => {
    const value = SecretValue.fromText(JSON.stringify({service: 'x', secret: 'short1'}))
    const result = checkSecretSync({value, description: 'uses short1'})
    assert.deepEqual(
      result.warnings.map((finding) => `${finding.ruleId}@${finding.location}`),
      ['metadata-contains-value@description'],
    )
    assert.match(result.warnings[0].message, /the value of field 'secret'/)
  })

  it('checks metadata alone when there is no value', () => {
    const result = checkSecretSync({description: 'pw: hunter2'})
    assert.deepEqual(
      result.warnings.map((finding) => finding.ruleId),
      ['metadata-password-hint'],
    )
  })

  it("skips secretsmith's own schema tag", () => {
    const result = checkSecretSync({
      value: SecretValue.fromText('x'.repeat(10)),
      tags: [{key: 'secretsmith:schema', value: 'rds-postgres'}],
    })
    assert.deepEqual(result.warnings, [])
  })

  it('refers to a tag by position when its key holds the value', () => {
    const result = checkSecretSync({
      value: SecretValue.fromText('Xk9mQ2vL7pR4'),
      tags: [
        {key: 'a', value: 'b'},
        {key: 'Xk9mQ2vL7pR4', value: 'ok'},
      ],
    })
    assert.deepEqual(
      result.warnings.map((finding) => finding.location),
      ['tag:#2'],
    )
    assert.doesNotMatch(JSON.stringify(result), /Xk9mQ2vL7pR4/)
  })
})
