// The aws store's AWS-only surface over the loopback Secrets Manager: create options (KMS
// key, tags, replica regions), rotation, replication, GetRandomPassword, filters, the
// checks made before anything is sent, and what --debug shows.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'

import {ExitCode, SecretsmithError, UsageError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'
import {AWSCURRENT, AWSPREVIOUS, type SecretListEntry} from '../../src/stores/store.js'
import {type FakeAwsStore, createText, openFakeAwsStore} from '../support/fake-aws-store.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of iterable) items.push(item)
  return items
}

describe('aws store', function () {
  let fixture: FakeAwsStore

  beforeEach(async function () {
    fixture = await openFakeAwsStore({server: {region: 'us-east-2', accountId: '444455556666'}})
  })

  afterEach(async function () {
    await fixture.close()
  })

  it('creates with description, KMS key, tags and replica regions, sending the caller’s token as ClientRequestToken', async function () {
    const {store, server} = fixture
    const token = randomUUID()
    const created = await store.create({
      name: 'app/with-everything',
      value: SecretValue.fromText(CANARY),
      clientRequestToken: token,
      description: 'payments API key',
      kmsKeyId: 'alias/payments',
      tags: [{key: 'team', value: 'payments'}],
      replicaRegions: ['eu-west-1', 'ap-southeast-2'],
    })
    assert.match(
      created.arn,
      /^arn:aws:secretsmanager:us-east-2:444455556666:secret:app\/with-everything-[A-Za-z0-9]{6}$/,
    )
    assert.equal(server.callsTo('CreateSecret')[0].clientRequestToken, token)

    const described = await store.describe('app/with-everything')
    assert.equal(described.kmsKeyId, 'alias/payments')
    assert.equal(described.description, 'payments API key')
    assert.equal(described.primaryRegion, 'us-east-2')
    assert.deepEqual(
      described.replication?.map((replica) => [replica.region, replica.status]),
      [
        ['eu-west-1', 'InSync'],
        ['ap-southeast-2', 'InSync'],
      ],
    )
  })

  it('replicates to more regions and removes them again', async function () {
    const {store} = fixture
    await createText(store, 'app/replicated', CANARY)
    const added = await store.replicate('app/replicated', [{region: 'eu-north-1', kmsKeyId: 'alias/eu'}])
    assert.deepEqual(added, [
      {region: 'eu-north-1', status: 'InSync', kmsKeyId: 'alias/eu', statusMessage: 'Replication succeeded'},
    ])
    assert.deepEqual(await store.removeReplicas('app/replicated', ['eu-north-1']), [])
    assert.equal((await store.describe('app/replicated')).replication, undefined)
  })

  it('rotates with a rotation function: a new AWSCURRENT version under the token, the old one AWSPREVIOUS; cancels rotation', async function () {
    const {store} = fixture
    const first = await createText(store, 'app/rotated', CANARY)
    const token = randomUUID()
    const rotated = await store.rotate('app/rotated', {
      clientRequestToken: token,
      rotationLambdaArn: 'arn:aws:lambda:us-east-2:444455556666:function:rotate',
      rotationRules: {automaticallyAfterDays: 30},
    })
    assert.equal(rotated.versionId, token)
    const described = await store.describe('app/rotated')
    assert.equal(described.rotationEnabled, true)
    assert.deepEqual(described.rotationRules, {automaticallyAfterDays: 30})
    assert.ok(described.nextRotationDate && described.lastRotatedDate)
    assert.deepEqual(described.versions, {[first]: [AWSPREVIOUS], [token]: [AWSCURRENT]})

    await store.cancelRotation('app/rotated')
    assert.equal((await store.describe('app/rotated')).rotationEnabled, false)
  })

  it('refuses to rotate a secret without a rotation function (exit 4), changing nothing', async function () {
    const {store} = fixture
    await createText(store, 'app/no-rotation', CANARY)
    await assert.rejects(store.rotate('app/no-rotation', {clientRequestToken: randomUUID()}), (error: unknown) => {
      assert.ok(error instanceof SecretsmithError)
      assert.equal(error.exitCode, ExitCode.Conflict)
      return true
    })
    assert.equal(fixture.server.inspect('app/no-rotation')!.versions.length, 1)
  })

  it('generates a password with GetRandomPassword, honouring length and exclusions', async function () {
    const password = await fixture.store.randomPassword({
      length: 40,
      excludePunctuation: true,
      excludeCharacters: 'abc',
    })
    assert.equal(password.isBinary, false)
    const text = password.revealText()
    assert.equal(text.length, 40)
    assert.match(text, /^[A-Za-z0-9]+$/)
    assert.doesNotMatch(text, /[abc]/)
    assert.equal(String(password), '[REDACTED]')
    assert.equal(fixture.server.callsTo('GetRandomPassword').length, 1)
  })

  it('filters lists by description, tag key and tag value, and by negation', async function () {
    const {store} = fixture
    const make = (name: string, description: string, tags: Array<{key: string; value: string}>) =>
      store.create({name, value: SecretValue.fromText(CANARY), clientRequestToken: randomUUID(), description, tags})
    await make('list/a', 'Payments database', [{key: 'team', value: 'payments'}])
    await make('list/b', 'Search cluster', [{key: 'owner', value: 'search'}])
    const names = async (filters: Parameters<typeof store.list>[0]) =>
      (await collect(store.list(filters))).map((entry: SecretListEntry) => entry.name).sort()

    assert.deepEqual(await names({filters: [{key: 'description', values: ['payments']}]}), ['list/a'])
    assert.deepEqual(await names({filters: [{key: 'tag-key', values: ['owner']}]}), ['list/b'])
    assert.deepEqual(await names({filters: [{key: 'tag-value', values: ['pay', 'sea']}]}), ['list/a', 'list/b'])
    assert.deepEqual(await names({filters: [{key: 'name', values: ['list/', '!list/a']}]}), ['list/b'])
  })

  it('checks names, ARNs, tokens, tags, stages and filters before sending anything (exit 2)', async function () {
    const {store, server} = fixture
    const value = SecretValue.fromText(CANARY)
    const attempts: Array<Promise<unknown>> = [
      store.create({name: 'bad name', value, clientRequestToken: randomUUID()}),
      store.create({name: 'ok/name', value, clientRequestToken: 'short'}),
      store.create({
        name: 'ok/name',
        value,
        clientRequestToken: randomUUID(),
        tags: [{key: 'aws:reserved', value: 'x'}],
      }),
      store.create({name: 'ok/name', value, clientRequestToken: randomUUID(), description: 'd'.repeat(2049)}),
      store.putValue({name: 'ok/name', value, clientRequestToken: randomUUID(), stages: []}),
      store.getValue('arn:aws:s3:::not-a-secret'),
      store.moveStage('ok/name', {stage: ''}),
      collect(store.list({filters: [{key: 'name', values: []}]})),
      store.rotate('ok/name', {clientRequestToken: randomUUID(), rotationRules: {automaticallyAfterDays: 0}}),
    ]
    for (const attempt of attempts) {
      await assert.rejects(attempt, (error: unknown) => {
        assert.ok(error instanceof UsageError, `${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`)
        assert.ok(!error.message.includes(CANARY))
        return true
      })
    }

    assert.equal(server.calls.length, 0)
  })

  it('reads by a partial ARN (without the 6-character suffix), as Secrets Manager allows', async function () {
    const {store} = fixture
    const created = await store.create({
      name: 'app/partial',
      value: SecretValue.fromText(CANARY),
      clientRequestToken: randomUUID(),
    })
    const partial = created.arn.slice(0, -7)
    assert.equal((await store.getValue(partial)).value.revealText(), CANARY)
  })

  it('logs each call’s operation, secret name, HTTP status, attempts and latency in --debug, and no values', async function () {
    const {store, server, debugLines} = fixture
    await createText(store, 'app/debugged', CANARY)
    server.throttle({operation: 'GetSecretValue', times: 1})
    await store.getValue('app/debugged')
    await store.randomPassword({length: 64})

    const joined = debugLines.join('\n')
    assert.match(
      joined,
      /aws store: region us-east-2, credentials from AWS_ACCESS_KEY_ID, endpoint http:\/\/127\.0\.0\.1:\d+, retry standard x3/,
    )
    assert.match(joined, /aws CreateSecret app\/debugged -> HTTP 200 in \d+ ms \(1 attempt\)/)
    assert.match(joined, / {2}GetSecretValue attempt 1: HTTP 400 in \d+ ms/)
    assert.match(joined, / {2}GetSecretValue attempt 2: HTTP 200 in \d+ ms/)
    assert.match(joined, /aws GetSecretValue app\/debugged -> HTTP 200 in \d+ ms \(2 attempts\)/)
    assert.match(joined, /aws GetRandomPassword -> HTTP 200/)
    assert.ok(!joined.includes(CANARY))
    assert.doesNotMatch(joined, /SecretString|RandomPassword"|ClientRequestToken/)
  })
})
