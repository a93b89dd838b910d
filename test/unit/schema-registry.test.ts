// The schema registry: the names issue 3 asks for, fields as `schema show` prints them, the
// AWS engine values and default ports, and examples that validate.
import assert from 'node:assert/strict'

import {UsageError} from '../../src/errors.js'
import {checkSecretSync} from '../../src/lint/check-secret.js'
import {SCHEMA_TAG, getSchema, listSchemas, schemaNameFromTags} from '../../src/schemas/registry.js'
import {SecretValue} from '../../src/secret-value.js'

describe('schema registry', () => {
  it('lists every schema of issue 3, each with a summary and unique field names', () => {
    assert.deepEqual(
      listSchemas().map((schema) => schema.name),
      [
        'generic',
        'key-value',
        'rds-mysql',
        'rds-mariadb',
        'rds-postgres',
        'rds-oracle',
        'rds-sqlserver',
        'rds-db2',
        'redshift',
        'documentdb',
        'api-key',
        'oauth-client',
        'ssh-key',
        'tls-certificate',
      ],
    )
    for (const schema of listSchemas()) {
      assert.ok(schema.summary.length > 10, schema.name)
      const names = schema.fields.map((field) => field.name)
      assert.equal(new Set(names).size, names.length, schema.name)
      if (schema.generatedField)
        assert.ok(names.includes(schema.generatedField), `${schema.name} generates a field it defines`)
      for (const field of schema.fields) assert.ok(field.description.length > 0, `${schema.name}.${field.name}`)
    }
  })

  it('rejects an unknown schema with a usage error listing the valid names', () => {
    assert.throws(
      () => getSchema('rds-postgress'),
      (error: unknown) => {
        assert.ok(error instanceof UsageError)
        assert.match(error.message, /rds-postgres/)
        assert.match(error.message, /tls-certificate/)
        return true
      },
    )
  })

  it('uses the engine values and default ports of the AWS rotation functions', () => {
    const expected: Record<string, [string, number]> = {
      'rds-mysql': ['mysql', 3306],
      'rds-mariadb': ['mariadb', 3306],
      'rds-postgres': ['postgres', 5432],
      'rds-oracle': ['oracle', 1521],
      'rds-sqlserver': ['sqlserver', 1433],
      'rds-db2': ['db2', 50_000],
      redshift: ['redshift', 5439],
      documentdb: ['mongo', 27_017],
    }
    for (const [name, [engine, port]] of Object.entries(expected)) {
      const schema = getSchema(name)
      assert.equal(schema.fields.find((field) => field.name === 'engine')?.fixed, engine, name)
      assert.equal(schema.fields.find((field) => field.name === 'port')?.default, port, name)
      assert.deepEqual(schema.defaultsFor?.({}).port, port, name)
      assert.equal(schema.generatedField, 'password')
      for (const field of ['engine', 'host', 'username', 'password']) {
        assert.equal(schema.fields.find((entry) => entry.name === field)?.required, true, `${name}.${field}`)
      }

      assert.equal(schema.fields.find((field) => field.name === 'masterarn')?.required, false)
    }

    assert.equal(getSchema('rds-oracle').fields.find((field) => field.name === 'dbname')?.required, true)
    assert.ok(getSchema('documentdb').fields.some((field) => field.name === 'ssl'))
    assert.ok(!getSchema('rds-postgres').fields.some((field) => field.name === 'ssl'))
  })

  it('derives the port from the engine given', () => {
    assert.equal(getSchema('rds-mysql').defaultsFor?.({engine: 'postgres'}).port, 5432)
  })

  it('marks only credentials as secret fields', () => {
    const secretFields = listSchemas().flatMap((schema) =>
      schema.fields.filter((field) => field.secret).map((field) => `${schema.name}.${field.name}`),
    )
    for (const entry of secretFields) assert.match(entry, /\.(password|apiKey|clientSecret|privateKey|passphrase)$/)
    assert.ok(secretFields.includes('oauth-client.clientSecret'))
    assert.ok(!secretFields.some((entry) => entry.endsWith('.username') || entry.endsWith('.host')))
  })

  it('has examples that validate, for every schema whose example is not a PEM placeholder', () => {
    for (const schema of listSchemas().filter((entry) => !['ssh-key', 'tls-certificate'].includes(entry.name))) {
      const value = SecretValue.fromText(
        typeof schema.example === 'string' ? schema.example : JSON.stringify(schema.example),
      )
      assert.deepEqual(checkSecretSync({schema: schema.name, value}).errors, [], schema.name)
    }
  })

  it('reads the schema recorded in the secretsmith:schema tag', () => {
    assert.equal(SCHEMA_TAG, 'secretsmith:schema')
    assert.equal(
      schemaNameFromTags([
        {key: 'env', value: 'prod'},
        {key: SCHEMA_TAG, value: 'api-key'},
      ]),
      'api-key',
    )
    assert.equal(schemaNameFromTags([]), undefined)
  })

  it('keeps zod out of the registry: schema modules import it for types only', async () => {
    const {readFileSync} = await import('node:fs')
    for (const file of [
      'registry',
      'database',
      'generic',
      'api-credentials',
      'ssh-key',
      'tls-certificate',
      'field-rules',
      'key-material',
      'pem',
    ]) {
      const source = readFileSync(new URL(`../../src/schemas/${file}.ts`, import.meta.url), 'utf8')
      assert.doesNotMatch(source, /^import (?!type)[^\n]*from 'zod'/m, file)
    }
  })
})
