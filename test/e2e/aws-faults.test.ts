// End-to-end fault injection through the real binary, the real AWS SDK and real HTTP on
// loopback: what a pipeline sees when Secrets Manager throttles, fails or drops connections.
import assert from 'node:assert/strict'

import {type CliStore, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

describe('the aws store under faults, through the CLI', function () {
  this.timeout(120_000)
  let store: CliStore
  let counter = 0
  const fresh = () => `faults/secret-${++counter}`
  // Short backoff so retries do not slow the suite; the retry strategy itself is the SDK's.
  const cli = (args: string[], stdin?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli([...args, ...store.args], {env: {...store.env, SECRETSMITH_AWS_RETRY_BASE_MS: '1', ...env}, stdin})

  before(async () => {
    store = await startCliStore('aws')
  })
  afterEach(() => store.server!.clearFaults())
  after(async () => store.stop())

  it('with 30% of PutSecretValue calls throttled, every put still lands exactly once', async () => {
    const name = fresh()
    assert.equal((await cli(['create', name, '--from-stdin'], 'v0')).code, 0)
    store.server!.throttle({operation: 'PutSecretValue', fraction: 0.3, seed: 7})
    const puts = 12
    for (let i = 1; i <= puts; i++) {
      const put = await cli(['put', name, '--from-stdin', '--max-attempts', '8'], `${CANARY}-${i}`)
      assert.equal(put.code, 0, put.stderr)
      assert.ok(!put.stderr.includes(CANARY))
    }

    const throttled = store.server!.callsTo('PutSecretValue').filter((call) => call.faults.includes('throttle')).length
    assert.ok(throttled > 0, 'some calls were throttled')
    const snapshot = store.server!.inspect(name)!
    assert.equal(snapshot.versions.length, puts + 1, 'one version per logical write, none doubled by retries')
    assert.equal((await cli(['get', name])).stdout, `${CANARY}-${puts}`)
  })

  it('a put whose response is lost is retried with the same token and makes one version', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], 'v0')
    store.server!.dropConnection({operation: 'PutSecretValue', times: 1, when: 'after'})
    const put = await cli(['put', name, '--from-stdin'], CANARY)
    assert.equal(put.code, 0, put.stderr)
    assert.equal(store.server!.inspect(name)!.versions.length, 2)
  })

  it('when every call is throttled: exit 6 after the configured attempts, saying how many, nothing half-written', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], 'original')
    const before = store.server!.inspect(name)!
    store.server!.throttle({operation: '*'})
    const callsBefore = store.server!.calls.length
    const put = await cli(['put', name, '--from-stdin', '--max-attempts', '4'], CANARY)
    assert.equal(put.code, 6, put.stderr)
    assert.match(put.stderr, /^Error: .*4 attempts/)
    assert.equal(put.stderr.trim().split('\n').length, 1)
    assert.ok(!put.stderr.includes(CANARY))
    assert.equal(store.server!.calls.length - callsBefore, 4, 'exactly the configured attempts reached the server')
    store.server!.clearFaults()
    assert.deepEqual(store.server!.inspect(name), before, 'nothing changed')
    assert.equal((await cli(['get', name])).stdout, 'original')
  })

  it('a lasting 503 ends in exit 6; access denied in exit 7 without retries', async () => {
    store.server!.fail({operation: '*', status: 503})
    const unavailable = await cli(['get', 'faults/anything', '--max-attempts', '2'])
    assert.equal(unavailable.code, 6, unavailable.stderr)
    store.server!.clearFaults()

    store.server!.fail({
      operation: '*',
      status: 400,
      errorType: 'AccessDeniedException',
      message: `not allowed for ${CANARY}`,
    })
    const denied = await cli(['get', 'faults/anything'])
    assert.equal(denied.code, 7, denied.stderr)
    assert.match(denied.stderr, /eu-west-1/)
    assert.ok(!denied.stderr.includes(CANARY), 'the service message is never passed through')
  })

  it('without any credentials: exit 7 suggesting --store local, and nothing is sent', async () => {
    const callsBefore = store.server!.calls.length
    const result = await runCli(['list', ...store.args], {
      env: {...store.env, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined},
    })
    assert.equal(result.code, 7, result.stderr)
    assert.match(result.stderr, /--store local/)
    assert.equal(store.server!.calls.length, callsBefore)
  })

  it('put never overwrites a concurrent update silently: the write computed from a stale version exits 4', async () => {
    const name = fresh()
    await cli(['create', name, '--from-stdin'], 'original')
    // Hold the first PutSecretValue (put A) before it is processed, let put B land meanwhile.
    const held = store.server!.hold({operation: 'PutSecretValue', times: 1})
    const putA = cli(['put', name, '--from-stdin'], `${CANARY}-A`)
    await held.arrived
    const putB = await cli(['put', name, '--from-stdin'], 'value-B')
    assert.equal(putB.code, 0, putB.stderr)
    held.release()
    const resultA = await putA
    assert.equal(resultA.code, 4, resultA.stderr)
    assert.match(resultA.stderr, /^Error: Secret .* changed underneath you: someone else wrote it/m)
    assert.ok(!resultA.stderr.includes(CANARY))
    assert.equal((await cli(['get', name])).stdout, 'value-B', "B's update is not lost")
    assert.equal((await cli(['get', name, '--version-stage', 'AWSPREVIOUS'])).stdout, 'original')
  })

  it('create passes --kms-key-id and every --replica-region to Secrets Manager', async () => {
    const name = fresh()
    const created = await cli(
      [
        'create',
        name,
        '--from-stdin',
        '--kms-key-id',
        'alias/billing',
        '--replica-region',
        'eu-central-1',
        '--replica-region',
        'us-east-1',
      ],
      CANARY,
    )
    assert.equal(created.code, 0, created.stderr)
    const described = JSON.parse((await cli(['describe', name, '--json'])).stdout)
    assert.equal(described.kmsKeyId, 'alias/billing')
    assert.deepEqual(described.replication.map((replica: {region: string}) => replica.region).sort(), [
      'eu-central-1',
      'us-east-1',
    ])
  })

  it('--debug logs each API call with status and latency, and no value', async () => {
    const name = fresh()
    const created = await cli(['create', name, '--from-stdin', '--debug'], CANARY)
    assert.equal(created.code, 0, created.stderr)
    assert.match(created.stderr, /CreateSecret/)
    assert.match(created.stderr, /\b200\b/)
    assert.match(created.stderr, /\d+ ?ms/)
    assert.ok(!created.stderr.includes(CANARY))
  })
})
