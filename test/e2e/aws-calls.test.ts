// Calls each command spends on the AWS store, counted at the loopback test server through the
// real binary (Secrets Manager bills per call, and writes share a 50-per-second quota:
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html): exact
// counts, so a new call is a decision, not an accident. And what a write does when its answer
// is lost: one more look, then success, failure, or an outcome it says it cannot know (exit 8).
import assert from 'node:assert/strict'

import {ExitCode} from '../../src/errors.js'
import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, runCli} from '../support/run-cli.js'

// Calls that share the 50-per-second write quota (the page above).
const SHARED_WRITE_QUOTA = new Set([
  'PutSecretValue',
  'RemoveRegionsFromReplication',
  'ReplicateSecretToRegions',
  'StopReplicationToReplica',
  'UpdateSecret',
  'UpdateSecretVersionStage',
])

describe('calls per command on the aws store (counted at the test server)', function () {
  this.timeout(60_000)
  let store: CliStore
  let counter = 0
  const fresh = () => `calls/secret-${++counter}`

  before(async () => {
    store = await startCliStore('aws')
  })
  after(async () => store.stop())
  afterEach(() => store.server!.clearFaults())

  async function cli(args: string[], stdin?: string, env: Record<string, string> = {}) {
    const result = await runCli([...args, ...store.args], {env: {...store.env, ...env}, stdin, timeoutMs: 30_000})
    assert.ok(!result.stderr.includes(CANARY), 'stderr carries the value')
    return result
  }

  async function created(): Promise<string> {
    const name = fresh()
    const result = await cli(['create', name, '--from-stdin'], `${CANARY}-1`)
    assert.equal(result.code, 0, result.stderr)
    return name
  }

  /** The operations the server received while `action` ran. */
  async function callsDuring(
    action: () => Promise<{code: number | null; stderr: string}>,
    expectedCode = 0,
  ): Promise<string[]> {
    const earlier = store.server!.calls.length
    const result = await action()
    assert.equal(result.code, expectedCode, result.stderr)
    return store.server!.calls.slice(earlier).map((call) => call.operation)
  }

  it('get makes one call: GetSecretValue', async function () {
    const name = await created()
    assert.deepEqual(await callsDuring(() => cli(['get', name])), ['GetSecretValue'])
  })

  it("describe makes two reads at once: DescribeSecret, and ListSecretVersionIds for the versions' dates", async function () {
    const name = await created()
    // Sent concurrently, so they may reach the server in either order.
    assert.deepEqual((await callsDuring(() => cli(['describe', name]))).sort(), [
      'DescribeSecret',
      'ListSecretVersionIds',
    ])
  })

  it('create from stdin makes one call: CreateSecret (an existing name is refused by that call, exit 4)', async function () {
    const name = fresh()
    assert.deepEqual(await callsDuring(() => cli(['create', name, '--from-stdin'], CANARY)), ['CreateSecret'])
    const again = await cli(['create', name, '--from-stdin'], CANARY)
    assert.equal(again.code, ExitCode.Conflict)
    assert.match(again.stderr, /already exists.*; use put/)
  })

  it('put makes four calls, two against the shared write quota, and keeps the check-and-set', async function () {
    const name = await created()
    const calls = await callsDuring(() => cli(['put', name, '--from-stdin'], `${CANARY}-2`))
    assert.deepEqual(calls, ['DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'])
    assert.equal(calls.filter((operation) => SHARED_WRITE_QUOTA.has(operation)).length, 2)
    const stages = store.server!.inspect(name)!.versions.map((version) => [...version.stages].sort().join(','))
    assert.deepEqual(stages.sort(), ['AWSCURRENT', 'AWSPREVIOUS'])
    assert.ok(
      store
        .server!.inspect(name)!
        .versions.every((version) => !version.stages.some((stage) => stage.startsWith('secretsmith-cas-'))),
      'a check-and-set label is left',
    )
  })

  it('delete makes two calls: DescribeSecret (to confirm) and DeleteSecret', async function () {
    const name = await created()
    assert.deepEqual(await callsDuring(() => cli(['delete', name, '--yes'])), ['DescribeSecret', 'DeleteSecret'])
  })

  it('delete --force makes two calls, and a missing name is still "not found" (exit 3)', async function () {
    const name = await created()
    assert.deepEqual(await callsDuring(() => cli(['delete', name, '--force', '--yes'])), [
      'DescribeSecret',
      'DeleteSecret',
    ])
    assert.deepEqual(await callsDuring(() => cli(['delete', name, '--force', '--yes']), ExitCode.NotFound), [
      'DescribeSecret',
    ])
  })

  describe('a write whose answer was lost', function () {
    const fast = {SECRETSMITH_AWS_RETRY_BASE_MS: '1'}

    it('create: landed, then every retry throttled → one more look finds it, and create succeeds', async function () {
      const name = fresh()
      store.server!.dropConnection({operation: 'CreateSecret', when: 'after', times: 1})
      store.server!.throttle({operation: 'CreateSecret', skip: 1})
      const result = await cli(['create', name, '--from-stdin'], CANARY, fast)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stderr, new RegExp(`Created ${name}`))
      assert.equal(store.server!.inspect(name)!.versions.length, 1)
      assert.equal(
        store.server!.callsTo('DescribeSecret').filter((call) => call.secretId === name).length,
        1,
        'one more look',
      )
    })

    it('put: landed, then every retry throttled → one more look finds it, the move follows, and put succeeds', async function () {
      const name = await created()
      store.server!.dropConnection({operation: 'PutSecretValue', when: 'after', times: 1})
      store.server!.throttle({operation: 'PutSecretValue', skip: 1})
      const result = await cli(['put', name, '--from-stdin'], `${CANARY}-2`, fast)
      assert.equal(result.code, 0, result.stderr)
      store.server!.clearFaults()
      const got = await cli(['get', name])
      assert.equal(got.stdout, `${CANARY}-2`)
    })

    it('create: lost, and the second look fails too → exit 8, saying it may have happened and how to check', async function () {
      const name = fresh()
      store.server!.dropConnection({operation: 'CreateSecret', when: 'after'})
      store.server!.fail({operation: 'DescribeSecret', status: 503})
      const result = await cli(['create', name, '--from-stdin'], CANARY, fast)
      assert.equal(result.code, ExitCode.OutcomeUnknown, result.stderr)
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr)
      assert.match(result.stderr, /may have happened/)
      assert.ok(result.stderr.includes(`secretsmith describe ${name}`), result.stderr)
    })

    it('create: never landed (dropped before processing) → the failure stands (exit 6)', async function () {
      const name = fresh()
      store.server!.dropConnection({operation: 'CreateSecret', when: 'before'})
      const result = await cli(['create', name, '--from-stdin'], CANARY, fast)
      assert.equal(result.code, ExitCode.Unavailable, result.stderr)
      assert.equal(store.server!.inspect(name), undefined)
    })
  })
})
