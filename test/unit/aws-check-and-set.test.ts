// The aws store's check-and-set put (expectedCurrentVersionId) over the loopback Secrets
// Manager: the compare is Secrets Manager's own refusal to move AWSCURRENT off a version that
// does not hold it, so concurrent writers never overwrite each other silently, whatever the
// interleaving, and every step survives the SDK's retries and the caller's.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'

import {AccessDeniedError, ConflictError, ExitCode, OutcomeUnknownError, SecretsmithError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'
import {CHECK_AND_SET_LABEL_PREFIX, checkAndSetLabel} from '../../src/stores/aws.js'
import {AWSCURRENT, AWSPREVIOUS, type SecretStore, type WriteResult} from '../../src/stores/store.js'
import {type FakeAwsStore, createText, openFakeAwsStore} from '../support/fake-aws-store.js'
import type {FakeSecretsManager} from '../support/fake-secrets-manager.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

async function rejection(promise: Promise<unknown>): Promise<SecretsmithError> {
  try {
    await promise
  } catch (error) {
    assert.ok(
      error instanceof SecretsmithError,
      `expected a typed error, got ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`,
    )
    assert.ok(!error.message.includes(CANARY), 'the error message carries the value')
    return error
  }

  assert.fail('expected a rejection')
}

function casPut(
  store: SecretStore,
  name: string,
  value: string,
  expected: string,
  token = randomUUID(),
): Promise<WriteResult> {
  return store.putValue({
    name,
    value: SecretValue.fromText(value),
    clientRequestToken: token,
    expectedCurrentVersionId: expected,
  })
}

/** Every version the server holds, deprecated ones included: versionId → labels. */
function allVersions(server: FakeSecretsManager, name: string): Record<string, string[]> {
  return Object.fromEntries(
    server.inspect(name)!.versions.map((version) => [version.versionId, [...version.stages].sort()]),
  )
}

function assertNoCheckAndSetLabel(server: FakeSecretsManager, name: string): void {
  for (const version of server.inspect(name)!.versions) {
    assert.ok(
      !version.stages.some((stage) => stage.startsWith(CHECK_AND_SET_LABEL_PREFIX)),
      `version ${version.versionId} still has ${version.stages.join(',')}`,
    )
  }
}

function assertConflictFromSomeoneElse(error: SecretsmithError, name: string): void {
  assert.ok(error instanceof ConflictError, `expected ConflictError, got ${error.constructor.name}: ${error.message}`)
  assert.equal(error.exitCode, ExitCode.Conflict)
  assert.ok(error.message.includes(name), 'the message names the secret')
  assert.match(error.message, /someone else wrote it/)
}

describe('aws store check-and-set', function () {
  let fixture: FakeAwsStore
  let warnings: string[]

  beforeEach(async function () {
    warnings = []
    fixture = await openFakeAwsStore({store: {warn: (message) => warnings.push(message)}})
  })

  afterEach(async function () {
    await fixture.close()
    for (const warning of warnings) assert.ok(!warning.includes(CANARY), 'a warning carries the value')
  })

  it('lands in two writes: the value parked under AWSPREVIOUS, then AWSCURRENT moved from the expected version (which takes AWSPREVIOUS along)', async function () {
    const {store, server} = fixture
    const name = 'cas/lands'
    const first = await createText(store, name, `${CANARY}-1`)
    await store.describe(name) // as the put command does before it writes
    const token = randomUUID()
    const earlier = server.calls.length

    const written = await casPut(store, name, `${CANARY}-2`, first, token)

    assert.equal(written.versionId, token)
    assert.deepEqual(
      server.calls.slice(earlier).map((call) => [call.operation, call.versionStage ?? '-', call.status]),
      [
        ['PutSecretValue', '-', 200],
        ['UpdateSecretVersionStage', AWSCURRENT, 200],
      ],
    )
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
    assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-2`)
    assert.deepEqual(warnings, [])
  })

  it('looks at the labels first (one DescribeSecret) when the caller has not just described the secret', async function () {
    const {store, server} = fixture
    const name = 'cas/undescribed'
    const first = await createText(store, name, `${CANARY}-1`)
    const earlier = server.calls.length
    await casPut(store, name, `${CANARY}-2`, first)
    assert.deepEqual(
      server.calls.slice(earlier).map((call) => call.operation),
      ['DescribeSecret', 'PutSecretValue', 'UpdateSecretVersionStage'],
    )
  })

  it('two concurrent writes from the same version, interleaved by latency on every call: exactly one lands, the other gets ConflictError', async function () {
    const {store, server} = fixture
    const name = 'cas/concurrent-latency'
    const first = await createText(store, name, `${CANARY}-1`)
    server.addLatency({ms: 15})
    const tokens = [randomUUID(), randomUUID()]
    const results = await Promise.allSettled(
      tokens.map((token, index) => casPut(store, name, `${CANARY}-${index + 2}`, first, token)),
    )
    server.clearFaults()

    const landed = results.flatMap((result, index) => (result.status === 'fulfilled' ? [tokens[index]] : []))
    assert.equal(landed.length, 1, 'exactly one write lands')
    const loser = tokens.find((token) => token !== landed[0])!
    const refused = results.find((result) => result.status === 'rejected') as PromiseRejectedResult
    assertConflictFromSomeoneElse(await rejection(Promise.reject(refused.reason)), name)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [landed[0]]: [AWSCURRENT], [loser]: []})
    assertNoCheckAndSetLabel(server, name)
    assert.deepEqual(warnings, [])
  })

  it('two concurrent writes from the same version, one held until the other has finished: the late one is refused, not lost', async function () {
    const {store, server} = fixture
    const name = 'cas/concurrent-held'
    const first = await createText(store, name, `${CANARY}-1`)
    // Whichever labelled put reaches the server first waits there until the other write is done.
    const held = server.hold({operation: 'PutSecretValue', times: 1})
    const tokens = [randomUUID(), randomUUID()]
    const settled = tokens.map((token, index) =>
      casPut(store, name, `${CANARY}-${index + 2}`, first, token).then(
        () => ({token, error: undefined}),
        (error: unknown) => ({token, error: error as SecretsmithError}),
      ),
    )
    await held.arrived
    const early = await Promise.race(settled)
    held.release()
    const results = await Promise.all(settled)

    assert.equal(early.error, undefined, 'the write that was not held lands')
    const late = results.find((result) => result.token !== early.token)!
    assertConflictFromSomeoneElse(await rejection(Promise.reject(late.error)), name)
    assert.ok(late.error!.message.includes(early.token), 'the message names the version that is current now')
    // The late write parked AWSPREVIOUS on its version after the early one landed; it gave it back.
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [early.token]: [AWSCURRENT], [late.token]: []})
    assertNoCheckAndSetLabel(server, name)
    assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-${tokens.indexOf(early.token) + 2}`)
  })

  it('detects a plain put that lands between the labelled put and the AWSCURRENT move', async function () {
    const {store, server} = fixture
    const name = 'cas/racing-plain-put'
    const first = await createText(store, name, `${CANARY}-1`)
    const held = server.hold({operation: 'UpdateSecretVersionStage', times: 1})
    const token = randomUUID()
    const checked = casPut(store, name, `${CANARY}-mine`, first, token).then(
      () => undefined,
      (error: unknown) => error as SecretsmithError,
    )
    await held.arrived
    const plain = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-theirs`), clientRequestToken: plain})
    held.release()

    const error = await checked
    assert.ok(error, 'the check-and-set write was refused')
    assertConflictFromSomeoneElse(await rejection(Promise.reject(error)), name)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [plain]: [AWSCURRENT], [token]: []})
    assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-theirs`)

    // The caller retrying the same write (same token) is refused the same way, and changes nothing.
    assertConflictFromSomeoneElse(await rejection(casPut(store, name, `${CANARY}-mine`, first, token)), name)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [plain]: [AWSCURRENT], [token]: []})
    assertNoCheckAndSetLabel(server, name)
    assert.deepEqual(warnings, [])
  })

  const steps = [
    {step: 'the labelled put', operation: 'PutSecretValue', skip: 0},
    {step: 'the AWSCURRENT move', operation: 'UpdateSecretVersionStage', skip: 0},
  ]
  for (const {step, operation, skip} of steps) {
    it(`succeeds once when the answer to ${step} is lost after it was processed (the SDK retries it)`, async function () {
      const {store, server} = fixture
      const name = `cas/dropped-${operation}-${skip}`
      const first = await createText(store, name, `${CANARY}-1`)
      const earlier = server.calls.length
      server.dropConnection({operation, when: 'after', times: 1, skip})
      const token = randomUUID()
      const written = await casPut(store, name, `${CANARY}-2`, first, token)

      assert.equal(written.versionId, token)
      const calls = server.calls.slice(earlier)
      const dropped = calls.filter((call) => call.faults.includes('drop-after'))
      assert.equal(dropped.length, 1, 'one answer was lost')
      assert.equal(dropped[0].processed, true)
      const retried = calls[calls.indexOf(dropped[0]) + 1]
      assert.deepEqual(
        [retried.operation, retried.versionStage],
        [dropped[0].operation, dropped[0].versionStage],
        'the SDK repeated the call',
      )
      assert.deepEqual(
        allVersions(server, name),
        {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]},
        'exactly one AWSCURRENT version, no extra version',
      )
      assertNoCheckAndSetLabel(server, name)
      assert.equal((await store.getValue(name)).value.revealText(), `${CANARY}-2`)
      assert.deepEqual(warnings, [])
    })
  }

  it('treats the caller’s retry of a write that landed (same token, same value) as the same write', async function () {
    const {store, server} = fixture
    const name = 'cas/caller-retry'
    const first = await createText(store, name, `${CANARY}-1`)
    const token = randomUUID()
    await casPut(store, name, `${CANARY}-2`, first, token)
    const again = await casPut(store, name, `${CANARY}-2`, first, token)

    assert.equal(again.versionId, token)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
    assert.equal(
      server.callsTo('UpdateSecretVersionStage').filter((call) => call.versionStage === AWSCURRENT).length,
      1,
      'the repeat moved nothing',
    )
    assertNoCheckAndSetLabel(server, name)
    assert.deepEqual(warnings, [])
  })

  it('removes a check-and-set label an interrupted put left behind, before writing', async function () {
    const {store, server} = fixture
    const name = 'cas/stale-label'
    const first = await createText(store, name, `${CANARY}-1`)
    const stale = checkAndSetLabel(randomUUID())
    await store.moveStage(name, {stage: stale, moveToVersionId: first})
    await store.describe(name)
    const earlier = server.calls.length
    const token = randomUUID()
    await casPut(store, name, `${CANARY}-2`, first, token)

    assert.deepEqual(
      server.calls.slice(earlier).map((call) => [call.operation, call.versionStage ?? '-']),
      [
        ['UpdateSecretVersionStage', stale],
        ['PutSecretValue', '-'],
        ['UpdateSecretVersionStage', AWSCURRENT],
      ],
    )
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
    assertNoCheckAndSetLabel(server, name)
  })

  it('fails before writing anything when a stale check-and-set label cannot be removed', async function () {
    const {store, server} = fixture
    const name = 'cas/stale-label-stuck'
    const first = await createText(store, name, `${CANARY}-1`)
    const stale = checkAndSetLabel(randomUUID())
    await store.moveStage(name, {stage: stale, moveToVersionId: first})
    server.throttle({operation: 'UpdateSecretVersionStage'})
    const token = randomUUID()
    await rejection(casPut(store, name, `${CANARY}-2`, first, token))
    server.clearFaults()

    assert.equal(server.callsTo('PutSecretValue').length, 0, 'nothing was written')
    assert.deepEqual(allVersions(server, name), {[first]: [AWSCURRENT, stale].sort()})
  })

  it('lands when every answer to the put was lost: one more look finds the version, and the move follows', async function () {
    const {store, server} = fixture
    const name = 'cas/put-lost'
    const first = await createText(store, name, `${CANARY}-1`)
    await store.describe(name)
    server.dropConnection({operation: 'PutSecretValue', when: 'after'})
    const token = randomUUID()
    const written = await casPut(store, name, `${CANARY}-2`, first, token)

    assert.equal(written.versionId, token)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
    assert.equal(
      server.callsTo('DescribeSecret').length,
      2,
      'the command’s describe, and one more look after the lost answers',
    )
    assert.deepEqual(warnings, [])
  })

  it('reports an unknown outcome (exit 8, how to check) when the answers were lost and the second look fails too', async function () {
    const {store, server} = fixture
    const name = 'cas/put-unknown'
    const first = await createText(store, name, `${CANARY}-1`)
    await store.describe(name)
    server.dropConnection({operation: 'PutSecretValue', when: 'after'})
    server.fail({operation: 'DescribeSecret', status: 503})
    const token = randomUUID()
    const error = await rejection(casPut(store, name, `${CANARY}-2`, first, token))
    server.clearFaults()

    assert.ok(error instanceof OutcomeUnknownError, `${error.constructor.name}: ${error.message}`)
    assert.equal(error.exitCode, ExitCode.OutcomeUnknown)
    assert.ok(error.message.includes(`secretsmith describe ${name}`) && error.message.includes(token), error.message)
    assert.equal((await store.getValue(name)).versionId, first, 'AWSCURRENT did not move')
  })

  it('without permission for UpdateSecretVersionStage: exit 7, AWSCURRENT untouched, and a warning about the AWSPREVIOUS label it could not give back', async function () {
    const {store, server} = fixture
    const name = 'cas/no-permission'
    const first = await createText(store, name, `${CANARY}-1`)
    await store.describe(name)
    server.fail({operation: 'UpdateSecretVersionStage', status: 400, errorType: 'AccessDeniedException'})
    const token = randomUUID()
    const error = await rejection(casPut(store, name, `${CANARY}-2`, first, token))

    assert.ok(error instanceof AccessDeniedError)
    assert.match(error.message, /secretsmanager:UpdateSecretVersionStage/)
    server.clearFaults()
    assert.equal((await store.getValue(name)).versionId, first)
    assert.deepEqual(allVersions(server, name), {[first]: [AWSCURRENT], [token]: [AWSPREVIOUS]})
    assert.equal(warnings.length, 1)
    assert.ok(warnings[0].includes('AWSPREVIOUS') && warnings[0].includes(token) && warnings[0].includes(name))
    assert.match(warnings[0], /aws secretsmanager update-secret-version-stage/)
  })

  it('gives AWSPREVIOUS back when the move is refused for want of permission and the give-back is allowed', async function () {
    const {store, server} = fixture
    const name = 'cas/give-back'
    const first = await createText(store, name, `${CANARY}-1`)
    const second = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: second})
    await store.describe(name)
    server.fail({operation: 'UpdateSecretVersionStage', status: 400, errorType: 'AccessDeniedException', times: 1})
    const token = randomUUID()
    await rejection(casPut(store, name, `${CANARY}-3`, second, token))

    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [second]: [AWSCURRENT], [token]: []})
    assert.deepEqual(warnings, [])
  })

  it('keeps a put without an expected version to the one PutSecretValue call', async function () {
    const {store, server} = fixture
    const name = 'cas/plain'
    const first = await createText(store, name, `${CANARY}-1`)
    const earlier = server.calls.length
    const token = randomUUID()
    await store.putValue({name, value: SecretValue.fromText(`${CANARY}-2`), clientRequestToken: token})
    assert.deepEqual(
      server.calls.slice(earlier).map((call) => call.operation),
      ['PutSecretValue'],
    )
    assert.deepEqual(allVersions(server, name), {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})
  })
})
