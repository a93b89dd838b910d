// Local-store behaviour the shared contract does not cover because it is local by nature:
// ARNs and the write target, rotation that only records a schedule, no regions to replicate
// to, passwords generated offline, ListSecrets-style filters, and a busy lock.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {mkdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

import {ConflictError, NotFoundError, UnavailableError, UsageError} from '../../src/errors.js'
import {LOCAL_ARN_PREFIX, type LocalStore} from '../../src/stores/local.js'
import {AWSCURRENT, AWSPENDING, AWSPREVIOUS, type ListOptions, type SecretStore} from '../../src/stores/store.js'
import {CANARY, type TempStore, createSecret, tempStore, text} from './local-store-fixture.js'

const DAY_MS = 24 * 60 * 60 * 1000

async function names(store: SecretStore, options: ListOptions): Promise<string[]> {
  const found: string[] = []
  for await (const entry of store.list(options)) found.push(entry.name)
  return found
}

describe('local store semantics', function () {
  const now = new Date('2031-05-06T10:00:00Z')
  let temp: TempStore
  let store: LocalStore

  beforeEach(async function () {
    temp = await tempStore({clock: () => now})
    store = temp.store
  })

  afterEach(async function () {
    await temp.remove()
  })

  describe('identity', function () {
    it('gives Secrets Manager-shaped ARNs that say they are local, stable across versions', async function () {
      const created = await store.create({name: 'team/db-creds', value: text(CANARY), clientRequestToken: randomUUID()})
      assert.match(created.arn, /^arn:aws:secretsmanager:local:000000000000:secret:team\/db-creds-[A-Za-z0-9]{6}$/)
      const put = await store.putValue({
        name: 'team/db-creds',
        value: text(`${CANARY}-2`),
        clientRequestToken: randomUUID(),
      })
      assert.equal(put.arn, created.arn)
      assert.ok(created.arn.startsWith(LOCAL_ARN_PREFIX))
    })

    it('finds nothing for an ARN whose random suffix does not match, or that is not a local ARN', async function () {
      const {arn} = await store.create({name: 'team/db', value: text(CANARY), clientRequestToken: randomUUID()})
      const wrongSuffix = `${arn.slice(0, -6)}${arn.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`
      await assert.rejects(store.getValue(wrongSuffix), NotFoundError)
      await assert.rejects(
        store.getValue('arn:aws:secretsmanager:us-east-1:123456789012:secret:team/db-AbCdEf'),
        NotFoundError,
      )
    })

    it('names the store directory as the write target', async function () {
      assert.deepEqual(await store.target(), {kind: 'local', label: `local store ${temp.home}`, path: temp.home})
      assert.equal(store.kind, 'local')
    })

    it('refuses client request tokens Secrets Manager would refuse (32 to 64 characters)', async function () {
      await assert.rejects(store.create({name: 'demo/a', value: text(CANARY), clientRequestToken: 'short'}), UsageError)
      await assert.rejects(
        store.create({name: 'demo/a', value: text(CANARY), clientRequestToken: 'x'.repeat(65)}),
        UsageError,
      )
      await assert.rejects(store.describe('demo/a'), NotFoundError)
    })
  })

  describe('rotation', function () {
    it('refuses to rotate now without a rehearsed AWSPENDING version, pointing to the rehearsal, and records nothing', async function () {
      await createSecret(store, 'demo/rotated')
      await assert.rejects(store.rotate('demo/rotated', {clientRequestToken: randomUUID()}), (error: unknown) => {
        assert.ok(error instanceof UsageError)
        assert.match(error.message, /runs no rotation function/)
        assert.match(error.message, /secretsmith rotate demo\/rotated --now/)
        return true
      })
      const described = await store.describe('demo/rotated')
      assert.equal(described.rotationEnabled, false)
      assert.equal(described.nextRotationDate, undefined)
      assert.equal(Object.keys(described.versions).length, 1, 'no AWSPENDING version was made')
    })

    it('finishes a rehearsed rotation: AWSCURRENT moves to the AWSPENDING version, AWSPENDING comes off, dates recorded; a repeat changes nothing', async function () {
      const createdVersion = await createSecret(store, 'demo/finish')
      const pending = randomUUID()
      await store.putValue({
        name: 'demo/finish',
        value: text(`${CANARY}-next`),
        clientRequestToken: pending,
        stages: [AWSPENDING],
      })
      const result = await store.rotate('demo/finish', {
        clientRequestToken: pending,
        rotationRules: {scheduleExpression: 'rate(12 hours)'},
      })
      assert.equal(result.versionId, pending)
      const described = await store.describe('demo/finish')
      assert.deepEqual(described.versions, {[pending]: [AWSCURRENT], [createdVersion]: [AWSPREVIOUS]})
      assert.equal(described.rotationEnabled, true)
      assert.equal(described.lastRotatedDate?.getTime(), now.getTime())
      assert.equal(described.nextRotationDate?.toISOString(), '2031-05-06T22:00:00.000Z')
      const again = await store.rotate('demo/finish', {clientRequestToken: pending})
      assert.equal(again.versionId, pending)
      assert.deepEqual((await store.describe('demo/finish')).versions, described.versions)
    })

    it('records a schedule (30 days by default) and its next date, and cancels it', async function () {
      await createSecret(store, 'demo/scheduled')
      await store.rotate('demo/scheduled', {clientRequestToken: randomUUID(), rotateImmediately: false})
      let described = await store.describe('demo/scheduled')
      assert.equal(described.rotationEnabled, true)
      assert.deepEqual(described.rotationRules, {automaticallyAfterDays: 30})
      assert.equal(described.nextRotationDate?.getTime(), now.getTime() + 30 * DAY_MS)

      const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:rotate-db'
      await store.rotate('demo/scheduled', {
        clientRequestToken: randomUUID(),
        rotateImmediately: false,
        rotationLambdaArn: lambda,
        rotationRules: {automaticallyAfterDays: 10},
      })
      described = await store.describe('demo/scheduled')
      assert.equal(described.rotationLambdaArn, lambda)
      assert.equal(described.nextRotationDate?.getTime(), now.getTime() + 10 * DAY_MS)

      await store.cancelRotation('demo/scheduled')
      described = await store.describe('demo/scheduled')
      assert.equal(described.rotationEnabled, false)
      assert.equal(described.nextRotationDate, undefined)
      assert.deepEqual(
        described.rotationRules,
        {automaticallyAfterDays: 10},
        'the rules stay for when rotation is turned back on',
      )
    })

    it('refuses a rotation interval outside 1 to 1000 days', async function () {
      await createSecret(store, 'demo/bad-interval')
      for (const days of [0, 1001, 2.5]) {
        await assert.rejects(
          store.rotate('demo/bad-interval', {
            clientRequestToken: randomUUID(),
            rotateImmediately: false,
            rotationRules: {automaticallyAfterDays: days},
          }),
          UsageError,
        )
      }
    })
  })

  describe('regions', function () {
    it('refuses replication with a UsageError that points at the aws store, writing nothing', async function () {
      await createSecret(store, 'demo/a')
      await assert.rejects(
        store.replicate('demo/a', [{region: 'eu-west-1'}]),
        (error: unknown) => error instanceof UsageError && /no regions/.test(error.message),
      )
      await assert.rejects(store.removeReplicas('demo/a', ['eu-west-1']), UsageError)
      await assert.rejects(
        store.create({
          name: 'demo/replicated',
          value: text(CANARY),
          clientRequestToken: randomUUID(),
          replicaRegions: ['eu-west-1'],
        }),
        UsageError,
      )
      await assert.rejects(store.describe('demo/replicated'), NotFoundError)
    })
  })

  describe('passwords', function () {
    it('generates a password offline with GetRandomPassword options', async function () {
      const password = await store.randomPassword({length: 40, excludePunctuation: true})
      assert.equal(password.byteLength, 40)
      assert.match(password.revealText(), /^[A-Za-z0-9]{40}$/)
      // Generating touches neither the disk nor the keychain.
      await assert.rejects(stat(temp.home), {code: 'ENOENT'})
    })
  })

  describe('list filters', function () {
    beforeEach(async function () {
      await store.create({
        name: 'prod/db/main',
        value: text(CANARY),
        clientRequestToken: randomUUID(),
        description: 'Billing database',
        tags: [{key: 'team', value: 'billing'}],
      })
      await store.create({
        name: 'prod/api-key',
        value: text(CANARY),
        clientRequestToken: randomUUID(),
        tags: [{key: 'team', value: 'edge'}],
      })
      await store.create({
        name: 'dev/db/main',
        value: text(CANARY),
        clientRequestToken: randomUUID(),
        description: 'scratch',
      })
    })

    it('matches name prefixes case-sensitively, and negates with "!"', async function () {
      assert.deepEqual(await names(store, {filters: [{key: 'name', values: ['prod/']}]}), [
        'prod/api-key',
        'prod/db/main',
      ])
      assert.deepEqual(await names(store, {filters: [{key: 'name', values: ['PROD/']}]}), [])
      assert.deepEqual(await names(store, {filters: [{key: 'name', values: ['!prod/']}]}), ['dev/db/main'])
      assert.deepEqual(await names(store, {filters: [{key: 'name', values: ['dev/', 'prod/db']}]}), [
        'dev/db/main',
        'prod/db/main',
      ])
    })

    it('matches descriptions case-insensitively, tags by key and value, and combines filters with AND', async function () {
      assert.deepEqual(await names(store, {filters: [{key: 'description', values: ['billing']}]}), ['prod/db/main'])
      assert.deepEqual(await names(store, {filters: [{key: 'tag-key', values: ['team']}]}), [
        'prod/api-key',
        'prod/db/main',
      ])
      assert.deepEqual(await names(store, {filters: [{key: 'tag-value', values: ['edge']}]}), ['prod/api-key'])
      assert.deepEqual(
        await names(store, {
          filters: [
            {key: 'tag-key', values: ['team']},
            {key: 'name', values: ['prod/db']},
          ],
        }),
        ['prod/db/main'],
      )
      assert.deepEqual(await names(store, {filters: [{key: 'primary-region', values: ['us-']}]}), [])
    })

    it('searches every attribute by word with the "all" key', async function () {
      assert.deepEqual(await names(store, {filters: [{key: 'all', values: ['DB']}]}), ['dev/db/main', 'prod/db/main'])
      assert.deepEqual(await names(store, {filters: [{key: 'all', values: ['billing main']}]}), ['prod/db/main'])
    })

    it('refuses malformed filters and page sizes with UsageError', async function () {
      await assert.rejects(names(store, {filters: [{key: 'name', values: []}]}), UsageError)
      await assert.rejects(names(store, {filters: [{key: 'name', values: ['semi;colon']}]}), UsageError)
      await assert.rejects(names(store, {pageSize: 0}), UsageError)
      await assert.rejects(names(store, {pageSize: 101}), UsageError)
    })
  })

  describe('metadata limits', function () {
    it('refuses reserved, oversized or too many tags, and oversized descriptions, with UsageError', async function () {
      await createSecret(store, 'demo/meta')
      await assert.rejects(store.tag('demo/meta', [{key: 'aws:owner', value: 'x'}]), UsageError)
      await assert.rejects(store.tag('demo/meta', [{key: 'k'.repeat(129), value: 'x'}]), UsageError)
      await assert.rejects(store.tag('demo/meta', [{key: 'k', value: 'v'.repeat(257)}]), UsageError)
      await assert.rejects(
        store.tag(
          'demo/meta',
          Array.from({length: 51}, (_, index) => ({key: `k${index}`, value: 'v'})),
        ),
        UsageError,
      )
      await assert.rejects(store.updateMetadata('demo/meta', {description: 'd'.repeat(2049)}), UsageError)
      assert.deepEqual((await store.describe('demo/meta')).tags, [])
    })

    it('refuses changes to a secret scheduled for deletion with ConflictError, but still describes it', async function () {
      await createSecret(store, 'demo/pending')
      await store.delete('demo/pending', {recoveryWindowDays: 7})
      await assert.rejects(store.tag('demo/pending', [{key: 'a', value: 'b'}]), ConflictError)
      await assert.rejects(store.updateMetadata('demo/pending', {description: 'x'}), ConflictError)
      await assert.rejects(
        store.moveStage('demo/pending', {stage: 'BLUE', moveToVersionId: randomUUID()}),
        ConflictError,
      )
      const again = await store.delete('demo/pending', {recoveryWindowDays: 20})
      assert.equal(again.deletionDate.getTime(), now.getTime() + 7 * DAY_MS, 'a repeated delete keeps the first date')
      assert.ok((await store.describe('demo/pending')).deletedDate)
    })
  })

  describe('lock', function () {
    it('gives up with UnavailableError naming the lock when another process holds it too long', async function () {
      await createSecret(store, 'demo/locked')
      // A live lock held by someone else: proper-lockfile's lock directory, freshly touched.
      await mkdir(join(temp.home, 'write.lock'))
      const impatient = temp.reopen({lockWaitMs: 300})
      await assert.rejects(
        impatient.putValue({name: 'demo/locked', value: text(`${CANARY}-2`), clientRequestToken: randomUUID()}),
        (error: unknown) => {
          assert.ok(error instanceof UnavailableError, String(error))
          assert.ok(error.message.includes(join(temp.home, 'write.lock')))
          return true
        },
      )
      // Reads never wait for the lock.
      assert.equal((await impatient.getValue('demo/locked')).value.revealText(), CANARY)
    })
  })
})
