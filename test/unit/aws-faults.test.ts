// The aws store under injected faults, through the real SDK and its retry strategy: writes
// land exactly once however often the SDK retries, exhausted retries end in exit 6 with the
// attempt count, and nothing is half-written.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'

import {ExitCode, SecretsmithError, UnavailableError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'
import {openAwsStore} from '../../src/stores/aws.js'
import {AWSCURRENT, AWSPREVIOUS} from '../../src/stores/store.js'
import {useFakeAwsEnvironment} from '../support/fake-aws-environment.js'
import {type FakeAwsStore, createText, openFakeAwsStore} from '../support/fake-aws-store.js'
import {startFakeSecretsManager} from '../support/fake-secrets-manager.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

async function rejection(promise: Promise<unknown>): Promise<SecretsmithError> {
  try {
    await promise
  } catch (error) {
    assert.ok(error instanceof SecretsmithError, `expected a typed error, got ${(error as Error)?.constructor?.name}`)
    assert.ok(!error.message.includes(CANARY), 'the error message carries the value')
    return error
  }

  assert.fail('expected a rejection')
}

describe('aws store under faults', function () {
  let fixture: FakeAwsStore

  afterEach(async function () {
    await fixture?.close()
  })

  it('lands every write exactly once when 30% of PutSecretValue calls are throttled', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 8}})
    const {store, server} = fixture
    const name = 'faults/throttled-puts'
    await createText(store, name, `${CANARY}-0`)
    server.throttle({operation: 'PutSecretValue', fraction: 0.3, seed: 7})

    const tokens: string[] = []
    for (let index = 1; index <= 20; index++) {
      const token = randomUUID()
      tokens.push(token)
      const written = await store.putValue({
        name,
        value: SecretValue.fromText(`${CANARY}-${index}`),
        clientRequestToken: token,
      })
      assert.equal(written.versionId, token)
    }

    const puts = server.callsTo('PutSecretValue')
    assert.ok(
      puts.some((call) => call.faults.includes('throttle')),
      'some calls were throttled (the test tests something)',
    )
    assert.ok(puts.length > 20, 'throttled calls were retried')
    const versions = server.inspect(name)!.versions
    assert.equal(versions.length, 21, 'the create and 20 puts, each exactly once')
    assert.deepEqual(
      new Set(versions.map((version) => version.versionId)),
      new Set([...new Set(puts.map((call) => call.clientRequestToken))].concat(versions[0].versionId)),
    )
    for (const token of tokens)
      assert.equal(puts.filter((call) => call.clientRequestToken === token && call.processed).length, 1)
    assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-20`)
    assert.equal((await store.getValue(name)).versionId, tokens.at(-1))
  })

  it('makes one version when the connection drops after PutSecretValue was processed (the SDK retries with the same token)', async function () {
    fixture = await openFakeAwsStore()
    const {store, server} = fixture
    const name = 'faults/dropped-after'
    const first = await createText(store, name, `${CANARY}-1`)
    server.dropConnection({operation: 'PutSecretValue', when: 'after', times: 1})
    const token = randomUUID()
    const written = await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: token})

    assert.equal(written.versionId, token)
    const puts = server.callsTo('PutSecretValue')
    assert.deepEqual(
      puts.map((call) => [call.clientRequestToken, call.status, call.processed]),
      [
        [token, 0, true],
        [token, 200, true],
      ],
    )
    assert.equal(server.inspect(name)!.versions.length, 2)
    assert.deepEqual((await store.describe(name)).versions, {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
  })

  it('retries a connection dropped before processing and writes once', async function () {
    fixture = await openFakeAwsStore()
    const {store, server} = fixture
    const name = 'faults/dropped-before'
    await createText(store, name, `${CANARY}-1`)
    server.dropConnection({operation: 'PutSecretValue', when: 'before', times: 2})
    const token = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: token})
    assert.deepEqual(
      server.callsTo('PutSecretValue').map((call) => call.processed),
      [false, false, true],
    )
    assert.equal(server.inspect(name)!.versions.length, 2)
  })

  it('creates once when the connection drops after CreateSecret was processed', async function () {
    fixture = await openFakeAwsStore()
    const {store, server} = fixture
    server.dropConnection({operation: 'CreateSecret', when: 'after', times: 1})
    const token = randomUUID()
    const created = await store.create({
      name: 'faults/created',
      value: SecretValue.fromText(CANARY),
      clientRequestToken: token,
    })
    assert.equal(created.versionId, token)
    assert.deepEqual(
      server.callsTo('CreateSecret').map((call) => call.status),
      [0, 200],
    )
    assert.equal(server.inspect('faults/created')!.versions.length, 1)
  })

  it('ends with UnavailableError (exit 6) after exactly maxAttempts when every call is throttled, writing nothing', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 4}})
    const {store, server} = fixture
    const name = 'faults/always-throttled'
    const first = await createText(store, name, `${CANARY}-1`)
    server.throttle()
    const error = await rejection(
      store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: randomUUID()}),
    )

    assert.ok(error instanceof UnavailableError)
    assert.equal(error.exitCode, ExitCode.Unavailable)
    assert.match(error.message, /after 4 attempts/)
    assert.match(error.message, /ThrottlingException/)
    assert.match(error.message, /faults\/always-throttled/)
    assert.equal(server.callsTo('PutSecretValue').length, 4)
    assert.ok(server.callsTo('PutSecretValue').every((call) => !call.processed))

    server.clearFaults()
    const versions = server.inspect(name)!.versions
    assert.deepEqual(
      versions.map((version) => [version.versionId, version.stages]),
      [[first, [AWSCURRENT]]],
      'nothing half-written: no new version, labels untouched',
    )
  })

  it('retries 500 and 503 answers, and reports a lasting 503 as UnavailableError with the attempt count', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 3}})
    const {store, server} = fixture
    const name = 'faults/server-errors'
    await createText(store, name, `${CANARY}-1`)

    server.fail({operation: 'GetSecretValue', status: 500, times: 1})
    server.fail({operation: 'GetSecretValue', status: 503, times: 1})
    assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-1`)
    assert.deepEqual(
      server.callsTo('GetSecretValue').map((call) => call.status),
      [500, 503, 200],
    )

    server.fail({operation: 'DescribeSecret', status: 503})
    const error = await rejection(store.describe(name))
    assert.equal(error.exitCode, ExitCode.Unavailable)
    assert.match(error.message, /after 3 attempts/)
    assert.match(error.message, /HTTP 503/)
  })

  it('uses the SDK default backoff when no base is configured, and still retries a 500', async function () {
    fixture = await openFakeAwsStore({retryBaseMs: null, store: {maxAttempts: 2}})
    const {store, server} = fixture
    await createText(store, 'faults/default-backoff', CANARY)
    server.fail({operation: 'GetSecretValue', status: 500, times: 1})
    assert.equal((await store.getValue('faults/default-backoff')).value.revealText(), CANARY)
    assert.equal(server.callsTo('GetSecretValue').length, 2)
    assert.ok(!fixture.debugLines.some((line) => line.includes('backoff base')))
  })

  it('reports a write whose every response was lost as written once one more look finds its version, and it landed exactly once', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 3}})
    const {store, server} = fixture
    const name = 'faults/lost-responses'
    await createText(store, name, `${CANARY}-1`)
    server.dropConnection({operation: 'PutSecretValue', when: 'after'})
    const token = randomUUID()
    const written = await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: token})

    assert.equal(written.versionId, token)
    assert.equal(server.callsTo('PutSecretValue').length, 3)
    assert.equal(server.callsTo('DescribeSecret').length, 1, 'one more look')
    assert.equal(server.inspect(name)!.versions.filter((version) => version.versionId === token).length, 1)
    assert.equal(server.inspect(name)!.versions.length, 2)
  })

  it('says a write may have landed (exit 6) when every response to it was lost and one more look finds nothing', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 2}})
    const {store, server} = fixture
    const name = 'faults/lost-before'
    await createText(store, name, `${CANARY}-1`)
    server.dropConnection({operation: 'PutSecretValue', when: 'before'})
    const error = await rejection(
      store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: randomUUID()}),
    )

    assert.equal(error.exitCode, ExitCode.Unavailable)
    assert.equal(server.callsTo('DescribeSecret').length, 1, 'one more look')
    assert.equal(server.inspect(name)!.versions.length, 1, 'nothing was written')
  })

  it('times out a slow answer, retries with the same token, and still makes one version', async function () {
    fixture = await openFakeAwsStore({
      store: {maxAttempts: 3},
      environment: {extra: {SECRETSMITH_AWS_TIMEOUT_MS: '150'}},
    })
    const {store, server} = fixture
    const name = 'faults/slow'
    await createText(store, name, `${CANARY}-1`)
    server.addLatency({operation: 'PutSecretValue', ms: 600, times: 1})
    const token = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: token})
    // The slow first attempt is still processed by the server after the client gave up on it.
    await new Promise((resolve) => setTimeout(resolve, 700))
    assert.equal(server.callsTo('PutSecretValue').length, 2)
    assert.equal(server.inspect(name)!.versions.length, 2)
    assert.ok(fixture.debugLines.some((line) => /PutSecretValue attempt 1: (ETIMEDOUT|TimeoutError)/.test(line)))
  })

  it('reports an endpoint that refuses connections as UnavailableError after the retries', async function () {
    const closed = await startFakeSecretsManager()
    const url = closed.url
    await closed.close()
    fixture = await openFakeAwsStore({store: {endpointUrl: url, maxAttempts: 2}})
    const error = await rejection(fixture.store.getValue('faults/unreachable'))
    assert.equal(error.exitCode, ExitCode.Unavailable)
    assert.match(error.message, /ECONNREFUSED/)
    assert.match(error.message, /after 2 attempts/)
    assert.ok(error.message.includes(url))
  })

  it('retries throttling in adaptive retry mode too', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 4, retryMode: 'adaptive'}})
    const {store, server} = fixture
    await createText(store, 'faults/adaptive', CANARY)
    // One throttle only: adaptive mode then paces sends through its token bucket (slow by design).
    server.throttle({operation: 'GetSecretValue', times: 1})
    assert.equal((await store.getValue('faults/adaptive')).value.revealText(), CANARY)
    assert.equal(server.callsTo('GetSecretValue').length, 2)
    assert.ok(fixture.debugLines.some((line) => line.includes('retry adaptive x4')))
  })

  it('lands sequential writes exactly once under a transactions-per-second limit', async function () {
    fixture = await openFakeAwsStore({retryBaseMs: 25, store: {maxAttempts: 10}})
    const {store, server} = fixture
    const name = 'faults/tps'
    await createText(store, name, `${CANARY}-0`)
    server.limitTps('PutSecretValue', 4)
    for (let index = 1; index <= 7; index++) {
      await store.putValue({name, value: SecretValue.fromText(`${CANARY}-${index}`), clientRequestToken: randomUUID()})
    }

    assert.ok(
      server.callsTo('PutSecretValue').some((call) => call.faults.includes('tps-limit')),
      'the limit was hit',
    )
    assert.equal(server.inspect(name)!.versions.length, 8)
  })

  it('finishes a stage move whose response was lost: the retry finds the label moved and reports success', async function () {
    fixture = await openFakeAwsStore()
    const {store, server} = fixture
    const name = 'faults/rollback'
    const first = await createText(store, name, `${CANARY}-1`)
    const second = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: second})
    server.dropConnection({operation: 'UpdateSecretVersionStage', when: 'after', times: 1})
    await store.moveStage(name, {stage: AWSCURRENT, moveToVersionId: first, removeFromVersionId: second})
    assert.equal(
      server.callsTo('UpdateSecretVersionStage').length,
      2,
      'the SDK retried and Secrets Manager refused the stale move',
    )
    assert.deepEqual((await store.describe(name)).versions, {[first]: [AWSCURRENT], [second]: [AWSPREVIOUS]})
  })

  it('finishes a delete whose response was lost, keeping the first deletion date', async function () {
    fixture = await openFakeAwsStore()
    const {store, server} = fixture
    const name = 'faults/delete'
    await createText(store, name, CANARY)
    server.dropConnection({operation: 'DeleteSecret', when: 'after', times: 1})
    const deleted = await store.delete(name, {recoveryWindowDays: 7})
    assert.equal(deleted.deletionDate.getTime(), server.inspect(name)!.deletionDate!.getTime())
    assert.equal(server.callsTo('DeleteSecret').length, 2)
  })

  it('never shows an error message that echoes request fields, nor the value in --debug output', async function () {
    fixture = await openFakeAwsStore({store: {maxAttempts: 2}})
    const {store, server, debugLines} = fixture
    const name = 'faults/echo'
    await createText(store, name, `${CANARY}-1`)
    for (const [status, errorType] of [
      [400, 'ValidationException'],
      [400, 'InvalidParameterException'],
      [400, 'InvalidRequestException'],
      [400, 'AccessDeniedException'],
      [400, 'BrandNewException'],
      [500, 'InternalServiceError'],
    ] as const) {
      server.fail({operation: 'PutSecretValue', status, errorType, message: `Value ${CANARY}-2 is not acceptable`})
      await rejection(
        store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: randomUUID()}),
      )
      server.clearFaults()
    }

    await store.getValue(name)
    assert.ok(debugLines.length > 0)
    assert.ok(debugLines.some((line) => line.includes('aws PutSecretValue faults/echo -> HTTP 400')))
    assert.ok(debugLines.some((line) => line.includes('aws GetSecretValue faults/echo -> HTTP 200')))
    for (const line of debugLines) assert.ok(!line.includes(CANARY), `debug output carries the value: ${line}`)
  })

  it('reports a store whose endpoint is the environment variable, and an explicit endpoint wins over it', async function () {
    const server = await startFakeSecretsManager()
    const environment = useFakeAwsEnvironment({
      extra: {AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url, SECRETSMITH_AWS_RETRY_BASE_MS: '1'},
    })
    try {
      const fromEnvironment = await openAwsStore({})
      await fromEnvironment.create({
        name: 'faults/env-endpoint',
        value: SecretValue.fromText(CANARY),
        clientRequestToken: randomUUID(),
      })
      assert.equal((await fromEnvironment.target()).endpoint, server.url)
      await fromEnvironment.close()
      assert.ok(server.inspect('faults/env-endpoint'))

      const dead = await startFakeSecretsManager()
      const deadUrl = dead.url
      await dead.close()
      process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = deadUrl
      const explicit = await openAwsStore({endpointUrl: server.url})
      assert.equal((await explicit.getValue('faults/env-endpoint')).value.revealText(), CANARY)
      await explicit.close()
    } finally {
      await server.close()
      environment.restore()
    }

    // The fixture closes nothing here.
    fixture = undefined as unknown as FakeAwsStore
  })
})
