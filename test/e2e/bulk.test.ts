// import and copy through the real binary, on both stores: what gets created, updated or left
// alone; dry runs that write nothing; a bad entry among good ones; --strict; exact calls at the
// AWS test server; exactly-once writes under throttling and lost answers; resume after SIGKILL;
// copy between the local store and the AWS test server keeping metadata. A canary value never
// reaches stderr.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {chmod, readdir, readFile, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, runCli} from '../support/run-cli.js'

function jsonl(entries: Array<Record<string, unknown>>): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n'
}

for (const kind of STORE_KINDS) {
  describe(`import on the ${kind} store`, function () {
    this.timeout(60_000)
    let store: CliStore
    let counter = 0
    const cli = (args: string[], stdin?: string): Promise<CliResult> =>
      runCli([...args, ...store.args], {
        env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1'},
        stdin,
        timeoutMs: 40_000,
      })
    const get = async (name: string) => (await cli(['get', name])).stdout
    const prefix = () => `imp${++counter}/`

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    it('imports a .env file: quotes, multi-line values, comments and export lines become one secret each', async () => {
      const p = prefix()
      const file = join(store.home, 'app.env')
      await writeFile(
        file,
        `# database\nexport DB_PASSWORD="${CANARY}-db"\nAPI_URL=https://example.test # trailing comment\nMULTI="line one\nline two"\nSINGLE='$(not a command)'\n`,
        {mode: 0o600},
      )
      const run = await cli(['import', '--from-file', file, '--prefix', p])
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stderr, /Imported into .*: 4 created, 0 updated, 0 unchanged, 0 failed/)
      assert.ok(!run.stderr.includes(CANARY))
      assert.equal(await get(`${p}DB_PASSWORD`), `${CANARY}-db`)
      assert.equal(await get(`${p}API_URL`), 'https://example.test')
      assert.equal(await get(`${p}MULTI`), 'line one\nline two')
      assert.equal(await get(`${p}SINGLE`), '$(not a command)')
    })

    it('a second import of the same input changes nothing; a changed entry gets exactly one new version', async () => {
      const p = prefix()
      const input = (v: string) =>
        jsonl([
          {name: 'a', value: 'same'},
          {name: 'b', value: {user: 'app', password: v}},
        ])
      assert.equal(
        (await cli(['import', '--from-stdin', '--format', 'jsonl', '--prefix', p], input(`${CANARY}-1`))).code,
        0,
      )
      const again = await cli(['import', '--from-stdin', '--format', 'jsonl', '--prefix', p], input(`${CANARY}-1`))
      assert.equal(again.code, 0, again.stderr)
      assert.match(again.stderr, /0 created, 0 updated, 2 unchanged, 0 failed/)
      const changed = await cli(['import', '--from-stdin', '--format', 'jsonl', '--prefix', p], input(`${CANARY}-2`))
      assert.equal(changed.code, 0, changed.stderr)
      assert.match(changed.stderr, /0 created, 1 updated, 1 unchanged, 0 failed/)
      assert.ok(!changed.stderr.includes(CANARY))
      assert.deepEqual(JSON.parse(await get(`${p}b`)), {user: 'app', password: `${CANARY}-2`})
      const describe = JSON.parse((await cli(['describe', `${p}b`, '--json'])).stdout)
      assert.equal(Object.keys(describe.versions).length, 2, 'current and previous: two versions in all')
    })

    it('--dry-run prints the plan with names and writes nothing', async () => {
      const p = prefix()
      assert.equal(
        (await cli(['import', '--from-stdin', '--format', 'json', '--prefix', p], JSON.stringify({kept: 'x'}))).code,
        0,
      )
      const dry = await cli(
        ['import', '--from-stdin', '--format', 'json', '--prefix', p, '--dry-run'],
        JSON.stringify({kept: 'x', fresh: CANARY}),
      )
      assert.equal(dry.code, 0, dry.stderr)
      assert.match(dry.stderr, /Plan for .*: create 1, update 0, unchanged 1/)
      assert.match(dry.stderr, new RegExp(`create: ${p}fresh`))
      assert.match(dry.stderr, new RegExp(`unchanged: ${p}kept`))
      assert.ok(!dry.stderr.includes(CANARY))
      assert.equal((await cli(['get', `${p}fresh`])).code, 3, 'nothing was created')
    })

    it('a failing entry does not stop the others: exit 5, the summary names it and why, without its value', async () => {
      const p = prefix()
      const input = jsonl([
        {name: 'good1', value: 'one'},
        {name: 'bad name with spaces', value: CANARY},
        {name: 'toolarge', value: 'x'.repeat(70_000)},
        {name: 'good2', value: {k: 'v'}},
      ])
      const run = await cli(['import', '--from-stdin', '--format', 'jsonl', '--prefix', p], input)
      assert.equal(run.code, 5, run.stderr)
      assert.match(run.stderr, /2 created, 0 updated, 0 unchanged, 2 failed/)
      assert.match(run.stderr, /failed: .*bad name with spaces/)
      assert.match(run.stderr, /failed: .*toolarge/)
      assert.ok(!run.stderr.includes(CANARY))
      assert.equal(await get(`${p}good1`), 'one')
      assert.equal(await get(`${p}good2`), '{"k":"v"}')
    })

    it('--strict stops before any write when one entry has a warning (exit 5)', async () => {
      const p = prefix()
      const input = jsonl([
        {name: 'fine', value: 'x'},
        {name: 'leaky', value: CANARY, description: `the value is ${CANARY}`},
      ])
      const run = await cli(['import', '--from-stdin', '--format', 'jsonl', '--prefix', p, '--strict'], input)
      assert.equal(run.code, 5, run.stderr)
      assert.match(run.stderr, /--strict: .*nothing was written/)
      assert.ok(!run.stderr.includes(CANARY))
      assert.equal((await cli(['get', `${p}fine`])).code, 3)
    })

    it('keeps descriptions and tags from JSON lines, and records --schema on every secret', async () => {
      const p = prefix()
      const value = {username: 'svc', password: `${CANARY}-Aa1!`}
      const run = await cli(
        ['import', '--from-stdin', '--format', 'jsonl', '--prefix', p, '--schema', 'key-value'],
        jsonl([{name: 'svc', value, description: 'Service login', tags: {team: 'core'}}]),
      )
      assert.equal(run.code, 0, run.stderr)
      const describe = JSON.parse((await cli(['describe', `${p}svc`, '--json'])).stdout)
      assert.equal(describe.description, 'Service login')
      const tags = Object.fromEntries(describe.tags.map((tag: {key: string; value: string}) => [tag.key, tag.value]))
      assert.deepEqual(tags, {team: 'core', 'secretsmith:schema': 'key-value'})
    })

    it('refuses invalid input as a whole with one line that quotes nothing (exit 5)', async () => {
      const run = await cli(['import', '--from-stdin', '--format', 'json'], `{"a": "${CANARY}"`)
      assert.equal(run.code, 5, run.stderr)
      assert.equal(run.stderr.trim().split('\n').length, 1)
      assert.ok(!run.stderr.includes(CANARY))
    })

    it('--resume without an interrupted run is a usage error (exit 2)', async () => {
      const run = await cli(['import', '--from-stdin', '--format', 'json', '--resume'], JSON.stringify({x: 'y'}))
      assert.equal(run.code, 2, run.stderr)
      assert.match(run.stderr, /no interrupted import of this input to resume/)
    })

    it('keeps its journal private (0600 in a 0700 directory) and free of values', async () => {
      const p = prefix()
      assert.equal(
        (await cli(['import', '--from-stdin', '--format', 'json', '--prefix', p], JSON.stringify({j: CANARY}))).code,
        0,
      )
      const dir = join(store.env.SECRETSMITH_HOME!, 'journals')
      for (const file of await readdir(dir)) {
        const text = await readFile(join(dir, file), 'utf8')
        assert.ok(!text.includes(CANARY), 'no value in the journal')
      }
    })
  })
}

describe('import on the aws store: calls, pacing and exactly-once', function () {
  this.timeout(120_000)
  let store: CliStore
  const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli([...args, ...store.args], {
      env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1', ...env},
      stdin,
      timeoutMs: 90_000,
    })

  before(async () => {
    store = await startCliStore('aws')
  })
  afterEach(() => store.server!.clearFaults())
  after(async () => store.stop())

  it('a new entry costs one GetSecretValue and one CreateSecret; an unchanged one a single GetSecretValue', async () => {
    const input = jsonl(Array.from({length: 10}, (_, i) => ({name: `calls/s${i}`, value: `v${i}`})))
    const before = store.server!.calls.length
    assert.equal((await cli(['import', '--from-stdin', '--format', 'jsonl'], input)).code, 0)
    const first = store.server!.calls.slice(before).map((call) => call.operation)
    assert.equal(first.filter((op) => op === 'CreateSecret').length, 10)
    assert.equal(first.filter((op) => op === 'GetSecretValue').length, 10)
    assert.equal(first.filter((op) => !['CreateSecret', 'GetSecretValue'].includes(op)).length, 0, first.join(','))
    const mid = store.server!.calls.length
    assert.equal((await cli(['import', '--from-stdin', '--format', 'jsonl'], input)).code, 0)
    assert.deepEqual(new Set(store.server!.calls.slice(mid).map((call) => call.operation)), new Set(['GetSecretValue']))
    assert.equal(store.server!.calls.length - mid, 10)
  })

  it('with 20 % throttled and 2 % of answers lost after the write, every secret exists once with one version', async () => {
    const count = 60
    const input = jsonl(Array.from({length: count}, (_, i) => ({name: `faulty/s${i}`, value: `${CANARY}-${i}`})))
    store.server!.throttle({fraction: 0.2, seed: 11})
    store.server!.dropConnection({operation: 'CreateSecret', fraction: 0.05, seed: 5, when: 'after'})
    const run = await cli(['import', '--from-stdin', '--format', 'jsonl', '--max-attempts', '10'], input)
    assert.equal(run.code, 0, run.stderr)
    assert.ok(!run.stderr.includes(CANARY))
    assert.ok(
      store.server!.callsTo('CreateSecret').some((call) => call.faults.includes('drop-after')),
      'some answers were lost',
    )
    for (let i = 0; i < count; i++) {
      const snapshot = store.server!.inspect(`faulty/s${i}`)
      assert.ok(snapshot, `faulty/s${i} exists`)
      assert.equal(snapshot.versions.length, 1, `faulty/s${i} has exactly one version`)
    }
  })

  it('resumes after SIGKILL mid-run: every secret written exactly once, done entries not read again', async () => {
    const count = 40
    const file = join(store.home, 'resume.jsonl')
    await writeFile(
      file,
      jsonl(Array.from({length: count}, (_, i) => ({name: `resume/s${i}`, value: `${CANARY}-${i}`}))),
      {mode: 0o600},
    )
    await chmod(file, 0o600)
    store.server!.addLatency({operation: 'CreateSecret', ms: 40})
    const createsBefore = store.server!.callsTo('CreateSecret').length
    const args = ['import', '--from-file', file, '--concurrency', '2', '--yes', ...store.args]
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_ROOT,
      env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1'} as NodeJS.ProcessEnv,
      stdio: 'ignore',
    })
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (store.server!.callsTo('CreateSecret').length - createsBefore >= 12) {
          clearInterval(timer)
          child.kill('SIGKILL')
          resolve()
        }
      }, 5)
    })
    await new Promise((resolve) => child.on('close', resolve))
    const createdBefore = store.server!.secretNames().filter((name) => name.startsWith('resume/')).length
    assert.ok(createdBefore > 0 && createdBefore < count, `killed mid-run (${createdBefore} of ${count} created)`)

    const mark = store.server!.calls.length
    const resumed = await cli(['import', '--from-file', file, '--resume', '--concurrency', '2'])
    assert.equal(resumed.code, 0, resumed.stderr)
    assert.match(resumed.stderr, /done before the interruption/)
    const reads = store.server!.calls.slice(mark).filter((call) => call.operation === 'GetSecretValue').length
    assert.ok(reads <= count - createdBefore + 2, `done entries were not read again (${reads} reads)`)
    for (let i = 0; i < count; i++) {
      const snapshot = store.server!.inspect(`resume/s${i}`)
      assert.ok(snapshot, `resume/s${i} exists`)
      assert.equal(snapshot.versions.length, 1, `resume/s${i} was written once`)
    }
  })
})

describe('copy between the local store and the aws test server', function () {
  this.timeout(60_000)
  let aws: CliStore
  let local: CliStore

  before(async () => {
    aws = await startCliStore('aws')
    local = await startCliStore('local')
  })
  after(async () => {
    await aws.stop()
    await local.stop()
  })

  // The local store's directory and the AWS credentials and endpoint, in one environment.
  const env = () => ({...aws.env, SECRETSMITH_HOME: local.env.SECRETSMITH_HOME, SECRETSMITH_AWS_RETRY_BASE_MS: '1'})
  const run = (args: string[], stdin?: string) => runCli(args, {env: env(), stdin, timeoutMs: 40_000})

  it('copies a prefix from local to aws keeping description, tags and the schema tag; a second copy changes nothing', async () => {
    const value = JSON.stringify({username: 'app', password: `${CANARY}-Zz9!`})
    assert.equal(
      (
        await run(
          [
            'create',
            'dev/db',
            '--store',
            'local',
            '--from-stdin',
            '--schema',
            'key-value',
            '--description',
            'App login',
            '--tag',
            'team=core',
          ],
          value,
        )
      ).code,
      0,
    )
    assert.equal((await run(['create', 'dev/token', '--store', 'local', '--from-stdin'], `${CANARY}-token`)).code, 0)
    const copy = await run([
      'copy',
      '--prefix',
      'dev/',
      '--to-prefix',
      'shared/dev/',
      '--store',
      'local',
      '--to-store',
      'aws',
      '--to-endpoint-url',
      aws.server!.url,
      '--yes',
    ])
    assert.equal(copy.code, 0, copy.stderr)
    assert.match(copy.stderr, /Copied into aws .*: 2 created/)
    assert.ok(!copy.stderr.includes(CANARY))
    const describe = JSON.parse(
      (await run(['describe', 'shared/dev/db', '--store', 'aws', '--endpoint-url', aws.server!.url, '--json'])).stdout,
    )
    assert.equal(describe.description, 'App login')
    const tags = Object.fromEntries(describe.tags.map((tag: {key: string; value: string}) => [tag.key, tag.value]))
    assert.deepEqual(tags, {team: 'core', 'secretsmith:schema': 'key-value'})
    assert.equal(
      (await run(['get', 'shared/dev/token', '--store', 'aws', '--endpoint-url', aws.server!.url])).stdout,
      `${CANARY}-token`,
    )

    const again = await run([
      'copy',
      '--prefix',
      'dev/',
      '--to-prefix',
      'shared/dev/',
      '--store',
      'local',
      '--to-store',
      'aws',
      '--to-endpoint-url',
      aws.server!.url,
      '--yes',
    ])
    assert.equal(again.code, 0, again.stderr)
    assert.match(again.stderr, /0 created, 0 updated, 2 unchanged/)
  })

  it('copies one secret from aws back to a new local name', async () => {
    const copy = await run([
      'copy',
      'shared/dev/token',
      'restored/token',
      '--store',
      'aws',
      '--endpoint-url',
      aws.server!.url,
      '--to-store',
      'local',
    ])
    assert.equal(copy.code, 0, copy.stderr)
    assert.equal((await run(['get', 'restored/token', '--store', 'local'])).stdout, `${CANARY}-token`)
  })

  it('refuses to copy a secret onto itself (exit 2)', async () => {
    const copy = await run(['copy', 'dev/token', 'dev/token', '--store', 'local'])
    assert.equal(copy.code, 2, copy.stderr)
  })
})
