// End-to-end: create and put with schemas and sensitive-information warnings, on both stores.
// Validation failures and --strict stop the write (exit 5, nothing written); warnings go to
// stderr and into --json; neither ever contains the value or any of its fields.
import assert from 'node:assert/strict'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, runCli} from '../support/run-cli.js'

const rdsSecret = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    engine: 'postgres',
    host: 'billing.cluster-abc123.eu-west-1.rds.amazonaws.com',
    username: 'billing_app',
    password: CANARY,
    dbname: 'billing',
    port: 5432,
    ...overrides,
  })

for (const kind of STORE_KINDS) {
  describe(`schemas and sensitive-information warnings end to end (${kind} store)`, function () {
    let store: CliStore
    let counter = 0
    const fresh = () => `schema-e2e/secret-${++counter}`
    const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
      runCli([...args, ...store.args], {env: {...store.env, ...env}, stdin})
    const assertNoCanary = (result: CliResult) => {
      assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
    }

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    it('creates an ordinary RDS secret silently and records its schema', async () => {
      const name = fresh()
      const created = await cli(
        [
          'create',
          name,
          '--schema',
          'rds-postgres',
          '--from-stdin',
          '--description',
          'Primary DB for billing',
          '--tag',
          'team=billing',
        ],
        rdsSecret(),
      )
      assert.equal(created.code, 0, created.stderr)
      assert.equal(created.stderr.trim().split('\n').length, 1, `only the summary line:\n${created.stderr}`)
      assert.match(
        created.stderr,
        /^Created .*keys \+engine \+host \+username \+password \+dbname \+port \(values masked\)/,
      )
      const described = JSON.parse((await cli(['describe', name, '--json'])).stdout)
      assert.ok(
        described.tags.some(
          (tag: {key: string; value: string}) => tag.key === 'secretsmith:schema' && tag.value === 'rds-postgres',
        ),
      )
    })

    it('refuses a value that breaks the schema (exit 5), naming the field, writing nothing', async () => {
      const name = fresh()
      const result = await cli(
        ['create', name, '--schema', 'rds-postgres', '--from-stdin'],
        JSON.stringify({engine: 'postgres', username: 'u', password: CANARY}),
      )
      assert.equal(result.code, 5, result.stderr)
      assert.match(result.stderr, /^Error: Invalid value: .*host/m)
      assertNoCanary(result)
      assert.equal((await cli(['describe', name])).code, 3, 'nothing written')
    })

    it('reports invalid JSON by line and column only', async () => {
      const result = await cli(
        ['create', fresh(), '--schema', 'key-value', '--from-stdin'],
        `{\n  "token": ${CANARY}\n}`,
      )
      assert.equal(result.code, 5, result.stderr)
      assert.match(result.stderr, /line 2, column \d+/)
      assertNoCanary(result)
    })

    it('warns about a password hint in the value but writes; --strict and SECRETSMITH_STRICT refuse', async () => {
      const value = rdsSecret({passwordHint: `${CANARY}-hint`})
      const warned = await cli(['create', fresh(), '--schema', 'rds-postgres', '--from-stdin'], value)
      assert.equal(warned.code, 0, warned.stderr)
      assert.match(warned.stderr, /^Warning \[sensitive-field\] value\.passwordHint: /m)
      assertNoCanary(warned)

      for (const [args, env] of [
        [['--strict'], {}],
        [[], {SECRETSMITH_STRICT: '1'}],
      ] as const) {
        const name = fresh()
        const refused = await cli(['create', name, '--schema', 'rds-postgres', '--from-stdin', ...args], value, env)
        assert.equal(refused.code, 5, refused.stderr)
        assert.match(refused.stderr, /\[sensitive-field\]/)
        assert.match(refused.stderr, /--strict: 1 warning/)
        assertNoCanary(refused)
        assert.equal((await cli(['describe', name])).code, 3, 'nothing written under strict')
      }
    })

    it('flags the value sitting in the unencrypted description, in --json too, without quoting it', async () => {
      const name = fresh()
      const created = await cli(
        ['create', name, '--from-stdin', '--json', '--description', `rotate me: ${CANARY}`],
        CANARY,
      )
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, /\[metadata-contains-value\] description/)
      const json = JSON.parse(created.stdout)
      assert.ok(
        json.warnings.some(
          (finding: {ruleId: string; location: string}) =>
            finding.ruleId === 'metadata-contains-value' && finding.location === 'description',
        ),
      )
      assert.ok(!created.stdout.includes(CANARY))
      assertNoCanary(created)
    })

    it('put warns about a sensitive field and writes; under --strict or SECRETSMITH_STRICT it writes nothing', async () => {
      const name = fresh()
      await cli(['create', name, '--schema', 'rds-postgres', '--from-stdin'], rdsSecret())
      const withHint = rdsSecret({pwd_hint: `${CANARY}-hint`})
      for (const [args, env] of [
        [['--strict'], {}],
        [[], {SECRETSMITH_STRICT: '1'}],
      ] as const) {
        const refused = await cli(['put', name, '--from-stdin', ...args], withHint, env)
        assert.equal(refused.code, 5, refused.stderr)
        assert.match(refused.stderr, /^Warning \[sensitive-field\] value\.pwd_hint: /m)
        assertNoCanary(refused)
        assert.equal((await cli(['get', name])).stdout, rdsSecret(), 'nothing written under strict')
      }

      const warned = await cli(['put', name, '--from-stdin'], withHint)
      assert.equal(warned.code, 0, warned.stderr)
      assert.match(warned.stderr, /^Warning \[sensitive-field\] value\.pwd_hint: /m)
      assert.match(warned.stderr, /^Updated .*keys \+pwd_hint \(values masked\)/m)
      assertNoCanary(warned)
    })

    it('validates every put against the recorded schema, and --schema overrides it with a warning', async () => {
      const name = fresh()
      await cli(['create', name, '--schema', 'rds-postgres', '--from-stdin'], rdsSecret())
      const refused = await cli(
        ['put', name, '--from-stdin'],
        JSON.stringify({engine: 'postgres', host: 'h.example.com', password: CANARY}),
      )
      assert.equal(refused.code, 5, refused.stderr)
      assert.match(refused.stderr, /username/)
      assertNoCanary(refused)
      assert.equal((await cli(['get', name])).stdout, rdsSecret(), 'current value kept')

      const overridden = await cli(['put', name, '--schema', 'key-value', '--from-stdin'], JSON.stringify({a: 'b'}))
      assert.equal(overridden.code, 0, overridden.stderr)
      assert.match(overridden.stderr, /Warning: validating against schema key-value, not the recorded rds-postgres/)
    })

    it('put --generate replaces only the password of a schema secret', async () => {
      const name = fresh()
      await cli(['create', name, '--schema', 'rds-postgres', '--from-stdin'], rdsSecret())
      const put = await cli(['put', name, '--generate', '--length', '40', '--exclude-punctuation'])
      assert.equal(put.code, 0, put.stderr)
      assert.match(put.stderr, /keys ~password \(values masked\)/)
      const after = JSON.parse((await cli(['get', name])).stdout)
      assert.match(after.password, /^[A-Za-z0-9]{40}$/)
      assert.equal(after.host, JSON.parse(rdsSecret()).host)
      assert.ok(!put.stderr.includes(after.password))
    })

    it('create --generate without a terminal fills a schema whose only free field is generated, and explains otherwise', async () => {
      const apiKey = fresh()
      const created = await cli(['create', apiKey, '--schema', 'api-key', '--generate'])
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, /keys \+apiKey \(values masked\)/)

      const database = fresh()
      const refused = await cli(['create', database, '--schema', 'rds-postgres', '--generate'])
      assert.equal(refused.code, 2, refused.stderr)
      assert.match(
        refused.stderr,
        /^Error: --generate fills only password; without a terminal nobody can be asked for host, username\./,
      )
      assert.equal((await cli(['describe', database])).code, 3, 'nothing written')
    })

    it('create --schema --generate fills a JSON template from stdin or a file: its fields kept, engine filled, password generated', async () => {
      const name = fresh()
      const template = {host: 'billing.cluster-abc123.eu-west-1.rds.amazonaws.com', username: 'app', dbname: 'billing'}
      const created = await cli(
        ['create', name, '--schema', 'rds-postgres', '--generate', '--from-stdin', '--exclude-punctuation'],
        JSON.stringify({...template, password: '<placeholder>'}),
      )
      assert.equal(created.code, 0, created.stderr)
      assert.equal(created.stdout, '')
      assert.match(
        created.stderr.trimEnd(),
        /^Created .*keys \+host \+username \+dbname \+password \+engine \(values masked\)$/,
      )
      const stored = JSON.parse((await cli(['get', name])).stdout)
      assert.match(stored.password, /^[A-Za-z0-9]{32}$/)
      assert.deepEqual({...stored, password: 'x'}, {...template, engine: 'postgres', password: 'x'})
      assert.ok(!created.stderr.includes(stored.password))
      const described = JSON.parse((await cli(['describe', name, '--json'])).stdout)
      assert.ok(described.tags.some((tag: {key: string; value: string}) => tag.value === 'rds-postgres'))

      // From a file, pretty-printed: its layout kept, the generated field appended.
      const fromFile = fresh()
      const dir = await mkdtemp(join(tmpdir(), 'secretsmith-template-'))
      try {
        const path = join(dir, 'template.json')
        await writeFile(path, `${JSON.stringify({...template, engine: 'postgres'}, null, 2)}\n`, {mode: 0o600})
        const fileCreated = await cli([
          'create',
          fromFile,
          '--schema',
          'rds-postgres',
          '--generate',
          '--from-file',
          path,
          '--exclude-punctuation',
        ])
        assert.equal(fileCreated.code, 0, fileCreated.stderr)
        const text = (await cli(['get', fromFile])).stdout
        assert.match(text, /^\{\n {2}"host": .*\n {2}"engine": "postgres",\n {2}"password": "[A-Za-z0-9]{32}"\n\}$/s)
      } finally {
        await rm(dir, {recursive: true, force: true})
      }

      // A template that leaves out a field the schema requires writes nothing (exit 5), naming the field.
      const incomplete = fresh()
      const refused = await cli(
        ['create', incomplete, '--schema', 'rds-postgres', '--generate', '--from-stdin'],
        JSON.stringify({host: 'db.example.com', note: CANARY}),
      )
      assert.equal(refused.code, 5, refused.stderr)
      assert.match(refused.stderr, /username/)
      assertNoCanary(refused)
      assert.equal((await cli(['describe', incomplete])).code, 3, 'nothing written')

      // Without a schema nothing says which field to generate: two sources, as ever (exit 2, before reading).
      const bare = await cli(['create', fresh(), '--generate', '--from-stdin'], JSON.stringify(template))
      assert.equal(bare.code, 2, bare.stderr)
      assert.match(bare.stderr, /^Error: Choose one value source, not --from-stdin and --generate/)
    })

    it('lint reads the same checks without writing anything', async () => {
      const result = await cli(
        ['lint', '--schema', 'rds-postgres', '--from-stdin', '--tag', `note=${CANARY}`, '--strict'],
        rdsSecret(),
      )
      assert.equal(result.code, 5, result.stderr)
      assert.match(result.stderr, /metadata-contains-value/)
      assertNoCanary(result)
    })
  })
}

describe('authoring a schema secret field by field (pseudo-terminal, local store)', function () {
  this.timeout(60_000)
  let store: CliStore

  before(async () => {
    store = await startCliStore('local')
  })
  after(async () => store.stop())

  it('asks each field (secret ones hidden, twice), fills defaults, and stores valid JSON', async () => {
    const name = 'tty/billing-db'
    const session = spawnInPty(process.execPath, [BIN, 'create', name, '--schema', 'rds-postgres', ...store.args], {
      env: store.env as NodeJS.ProcessEnv,
      cwd: REPO_ROOT,
    })
    await session.waitFor('host —')
    session.write('db.internal.example.com\r')
    await session.waitFor('username —')
    session.write('billing_app\r')
    await session.waitFor('password (hidden)')
    session.write(`${CANARY}\r`)
    await session.waitFor('Repeat password')
    session.write(`${CANARY}\r`)
    for (const field of [
      'dbname (optional)',
      'port (optional)',
      'masterarn (optional)',
      'dbInstanceIdentifier (optional)',
      'dbClusterIdentifier (optional)',
    ]) {
      await session.waitFor(field)
      session.write('\r') // accept the default / leave out
    }

    const exit = await session.exit
    assert.equal(exit.code, 0, session.text)
    assert.ok(!session.output.includes(CANARY), `the terminal showed the password:\n${session.text}`)
    const got = await runCli(['get', name, ...store.args], {env: store.env})
    assert.deepEqual(JSON.parse(got.stdout), {
      engine: 'postgres',
      host: 'db.internal.example.com',
      username: 'billing_app',
      password: CANARY,
      dbname: 'postgres',
      port: 5432,
    })
  })
})
