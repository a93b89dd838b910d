// Secret specs (NAME[:FIELD][=VAR]) and the variables they give, for exec and export.
import assert from 'node:assert/strict'

import {collectVariables, parseSecretSpec, variablesFor} from '../../src/consume/secret-variables.js'
import {SecretValue} from '../../src/secret-value.js'
import type {SecretVersionValue} from '../../src/stores/store.js'
import {CANARY} from '../support/run-cli.js'

function secret(name: string, value: SecretValue): SecretVersionValue {
  return {
    name,
    arn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-AbCdEf`,
    versionId: 'v1',
    stages: ['AWSCURRENT'],
    value,
    createdDate: new Date(),
  }
}

const db = secret(
  'prod/billing/db',
  SecretValue.fromText(JSON.stringify({username: 'app', password: CANARY, port: 5432, 'read-only': true})),
)

describe('secret specs and variables', () => {
  it('parses NAME, NAME:FIELD, NAME=VAR and NAME:FIELD=VAR, ARNs included', () => {
    assert.deepEqual(parseSecretSpec('prod/db'), {secretId: 'prod/db'})
    assert.deepEqual(parseSecretSpec('prod/db:password'), {secretId: 'prod/db', field: 'password'})
    assert.deepEqual(parseSecretSpec('prod/db=DB_JSON'), {secretId: 'prod/db', variable: 'DB_JSON'})
    assert.deepEqual(parseSecretSpec('prod/db:password=PGPASSWORD'), {
      secretId: 'prod/db',
      field: 'password',
      variable: 'PGPASSWORD',
    })
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf'
    assert.deepEqual(parseSecretSpec(arn), {secretId: arn})
    assert.deepEqual(parseSecretSpec(`${arn}:password=PW`), {secretId: arn, field: 'password', variable: 'PW'})
  })

  it('keeps an "=" that is part of the name (what follows is not a variable name)', () => {
    assert.deepEqual(parseSecretSpec('team=a/db'), {secretId: 'team=a/db'})
    assert.deepEqual(parseSecretSpec('team=a/db=DB'), {secretId: 'team=a/db', variable: 'DB'})
  })

  it('refuses empty parts with a usage error', () => {
    for (const raw of ['prod/db:', 'prod/db=', ':password', '=VAR'])
      assert.throws(() => parseSecretSpec(raw), {exitCode: 2}, raw)
  })

  it('a JSON secret gives one upper-cased variable per key, with the prefix; non-strings as JSON', () => {
    const variables = variablesFor({secretId: 'prod/billing/db'}, db, {prefix: 'DB_'})
    assert.deepEqual(
      variables.map(({name, value}) => [name, value]),
      [
        ['DB_USERNAME', 'app'],
        ['DB_PASSWORD', CANARY],
        ['DB_PORT', '5432'],
        ['DB_READ_ONLY', 'true'],
      ],
    )
    assert.deepEqual(
      variables.filter((variable) => variable.structured).map(({name}) => name),
      ['DB_PORT', 'DB_READ_ONLY'],
    )
  })

  it('a text secret is named after its last path segment; NAME=VAR takes the whole value, JSON or not', () => {
    const token = secret('ci/deploy-token', SecretValue.fromText(CANARY))
    assert.deepEqual(
      variablesFor({secretId: 'ci/deploy-token'}, token).map(({name}) => name),
      ['DEPLOY_TOKEN'],
    )
    assert.deepEqual(
      variablesFor({secretId: 'prod/billing/db', variable: 'DB_JSON'}, db).map(({name, value}) => [name, value]),
      [['DB_JSON', db.value.revealText()]],
    )
  })

  it("never sets PATH, LD_PRELOAD or NODE_OPTIONS from a secret's keys, but does when named explicitly", () => {
    for (const key of ['PATH', 'ld_preload', 'NODE_OPTIONS', 'BASH_ENV', 'GIT_SSH_COMMAND']) {
      const evil = secret('evil', SecretValue.fromText(JSON.stringify({[key]: 'x'})))
      assert.throws(() => variablesFor({secretId: 'evil'}, evil), /changes how programs start/, key)
    }

    const evil = secret('evil', SecretValue.fromText(JSON.stringify({PATH: '/opt/bin'})))
    assert.deepEqual(
      variablesFor({secretId: 'evil', field: 'PATH', variable: 'PATH'}, evil).map(({name}) => name),
      ['PATH'],
    )
  })

  it('a binary value or a NUL byte cannot go in the environment, but can go to a file', () => {
    const binary = secret('bin/key', SecretValue.fromBinary(Buffer.from([0, 1, 2, 255])))
    assert.throws(() => variablesFor({secretId: 'bin/key'}, binary), /use --files/)
    assert.deepEqual(variablesFor({secretId: 'bin/key'}, binary, {toFiles: true})[0].value, Buffer.from([0, 1, 2, 255]))
    const nul = secret('nul', SecretValue.fromText('a\0b'))
    assert.throws(() => variablesFor({secretId: 'nul'}, nul), /NUL byte/)
  })

  it('two specs setting the same variable are an error naming both secrets, never the values', () => {
    const token = secret('ci/token', SecretValue.fromText(CANARY))
    assert.throws(
      () =>
        collectVariables([
          variablesFor({secretId: 'ci/token', variable: 'PASSWORD'}, token),
          variablesFor({secretId: 'prod/billing/db'}, db),
        ]),
      (error: Error) =>
        /Both ci\/token and prod\/billing\/db would set PASSWORD/.test(error.message) &&
        !error.message.includes(CANARY),
    )
  })

  it('a missing field or a field of a non-JSON secret is a usage error', () => {
    assert.throws(() => variablesFor({secretId: 'prod/billing/db', field: 'nope'}, db), {exitCode: 2})
    assert.throws(() => variablesFor({secretId: 'ci/t', field: 'x'}, secret('ci/t', SecretValue.fromText('plain'))), {
      exitCode: 2,
    })
  })
})
