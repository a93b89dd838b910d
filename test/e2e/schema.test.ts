// `secretsmith schema list` and `schema show` end to end, human and --json.
import assert from 'node:assert/strict'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {runCli} from '../support/run-cli.js'

describe('schema (e2e)', function () {
  this.timeout(30_000)
  let store: CliStore
  let env: Record<string, string | undefined>

  before(async () => {
    store = await startCliStore('local')
    env = store.env
  })

  after(async () => store.stop())

  it('lists every schema as a table, and as JSON', async () => {
    const table = await runCli(['schema', 'list'], {env})
    assert.equal(table.code, 0, table.stderr)
    for (const name of ['generic', 'key-value', 'rds-postgres', 'documentdb', 'oauth-client', 'tls-certificate'])
      assert.match(table.stdout, new RegExp(`│ ${name} `))

    const json = await runCli(['schema', 'list', '--json'], {env})
    assert.equal(json.code, 0, json.stderr)
    const {schemas} = JSON.parse(json.stdout)
    assert.equal(schemas.length, 14)
    assert.deepEqual(Object.keys(schemas[0]).sort(), ['kind', 'name', 'summary'])
  })

  it('shows the fields, the generated field and a placeholder example', async () => {
    const shown = await runCli(['schema', 'show', 'rds-mysql'], {env})
    assert.equal(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, /│ port\s+│ no\s+│ no\s+│ 3306\s+│/)
    assert.match(shown.stdout, /│ password\s+│ yes\s+│ yes\s+│/)
    assert.match(shown.stdout, /--generate fills: password/)
    assert.match(shown.stdout, /"engine": "mysql"/)

    const json = await runCli(['schema', 'show', 'oauth-client', '--json'], {env})
    assert.equal(json.code, 0, json.stderr)
    const schema = JSON.parse(json.stdout)
    assert.equal(schema.generatedField, 'clientSecret')
    assert.deepEqual(
      schema.fields.find((field: {name: string}) => field.name === 'clientSecret'),
      {
        name: 'clientSecret',
        required: true,
        secret: true,
        description: 'The client secret (--generate fills it).',
      },
    )
    assert.equal(schema.example.tokenUrl, 'https://auth.example.com/oauth2/token')
  })

  it('names the valid schemas when asked for an unknown one (exit 2)', async () => {
    const result = await runCli(['schema', 'show', 'rds-postgress'], {env})
    assert.equal(result.code, 2)
    assert.match(result.stderr, /rds-postgres/)
  })
})
