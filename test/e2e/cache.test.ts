// The client-side cache through the real binary against the AWS test server: what separate
// `secretsmith get` processes cost in calls, what a put through secretsmith does to the next
// get, the switches that turn the cache off, and that the value never lands on disk in clear.
import assert from 'node:assert/strict'
import {readFile, readdir} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

describe('the client-side cache, through the CLI (aws store)', function () {
  this.timeout(120_000)
  let store: CliStore
  let counter = 0
  const fresh = () => `cache-e2e/secret-${++counter}`
  const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli([...args, ...store.args], {env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1', ...env}, stdin})
  const gets = () => store.server!.callsTo('GetSecretValue').length
  const describes = () => store.server!.callsTo('DescribeSecret').length

  before(async () => {
    store = await startCliStore('aws')
  })
  after(async () => store.stop())

  it('separate gets within the TTL make one GetSecretValue; a put through secretsmith is seen by the next get at once', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
    const before = gets()
    for (let i = 0; i < 3; i++) {
      const got = await cli(['get', name])
      assert.equal(got.code, 0, got.stderr)
      assert.equal(got.stdout, `${CANARY}-1`)
      assert.equal(got.stderr, '')
    }

    assert.equal(gets() - before, 1)
    assert.equal((await cli(['put', name, '--from-stdin'], `${CANARY}-2`)).code, 0)
    const afterPut = gets()
    assert.equal((await cli(['get', name])).stdout, `${CANARY}-2`)
    assert.equal(gets() - afterPut, 1, 'the put dropped the entry: the get read the new value')
  })

  it('past the TTL with no change, a get costs one DescribeSecret and no GetSecretValue', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], CANARY)).code, 0)
    assert.equal((await cli(['get', name, '--cache-ttl', '1'])).stdout, CANARY)
    const [getsBefore, describesBefore] = [gets(), describes()]
    await new Promise((resolve) => setTimeout(resolve, 1100))
    assert.equal((await cli(['get', name], undefined, {SECRETSMITH_CACHE_TTL: '1'})).stdout, CANARY)
    assert.deepEqual([gets() - getsBefore, describes() - describesBefore], [0, 1])
  })

  it('--no-cache, SECRETSMITH_CACHE=off and --cache-ttl 0 ask the store every time', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], CANARY)).code, 0)
    assert.equal((await cli(['get', name])).code, 0)
    const before = gets()
    assert.equal((await cli(['get', name, '--no-cache'])).stdout, CANARY)
    assert.equal((await cli(['get', name], undefined, {SECRETSMITH_CACHE: 'off'})).stdout, CANARY)
    assert.equal((await cli(['get', name, '--cache-ttl', '0'])).stdout, CANARY)
    assert.equal(gets() - before, 3)
  })

  it('a bad SECRETSMITH_CACHE_TTL is a usage error that echoes nothing', async () => {
    const got = await cli(['get', 'cache-e2e/any'], undefined, {SECRETSMITH_CACHE_TTL: CANARY})
    assert.equal(got.code, 2)
    assert.ok(!got.stderr.includes(CANARY))
  })

  it('--allow-stale serves a cached value through an outage with one warning line on stderr', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], CANARY)).code, 0)
    assert.equal((await cli(['get', name, '--cache-ttl', '1'])).code, 0)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    store.server!.fail({status: 503, operation: 'DescribeSecret'})
    try {
      const failed = await cli(['get', name, '--cache-ttl', '1', '--max-attempts', '2'])
      assert.equal(failed.code, 6)
      assert.equal(failed.stdout, '')
      const stale = await cli(['get', name, '--cache-ttl', '1', '--max-attempts', '2', '--allow-stale'])
      assert.equal(stale.code, 0, stale.stderr)
      assert.equal(stale.stdout, CANARY)
      assert.match(stale.stderr, /^Warning: serving the cached value of .*--allow-stale.*\n$/)
      assert.ok(!stale.stderr.includes(CANARY))
    } finally {
      store.server!.clearFaults()
    }
  })

  it('exec reads several secrets with one BatchGetSecretValue, and a second exec within the TTL makes no call', async () => {
    const [first, second] = [fresh(), fresh()]
    assert.equal((await cli(['create', first, '--from-stdin'], `${CANARY}-a`)).code, 0)
    assert.equal((await cli(['create', second, '--from-stdin'], `${CANARY}-b`)).code, 0)
    const before = store.server!.calls.length
    const program = [process.execPath, '-e', 'process.stdout.write(process.env.A + "," + process.env.B)']
    const exec = () =>
      runCli(['exec', ...store.args, `${first}=A`, `${second}=B`, '--no-masking', '--', ...program], {
        env: {...store.env},
      })
    const ran = await exec()
    assert.equal(ran.code, 0, ran.stderr)
    assert.equal(ran.stdout, `${CANARY}-a,${CANARY}-b`)
    assert.deepEqual(
      store.server!.calls.slice(before).map((call) => call.operation),
      ['BatchGetSecretValue'],
    )
    assert.equal((await exec()).stdout, `${CANARY}-a,${CANARY}-b`)
    assert.equal(store.server!.calls.length - before, 1)
  })

  it('nothing under the cache directory holds the value or the name in clear', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], CANARY)).code, 0)
    assert.equal((await cli(['get', name])).code, 0)
    const directory = join(store.home, 'store', 'cache')
    const files = (await readdir(directory, {recursive: true, withFileTypes: true})).filter((entry) => entry.isFile())
    assert.ok(files.length > 0, 'the cache was written')
    for (const file of files) {
      const bytes = await readFile(join(file.parentPath, file.name))
      assert.ok(!bytes.includes(CANARY) && !bytes.includes(name), `${file.name} leaks`)
    }
  })
})
