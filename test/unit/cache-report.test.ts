// `cache status` and `cache clear` over a real cache directory: counts and ages without the
// key, names only when asked, and clearing one secret (by name or ARN, any target) or all.
import assert from 'node:assert/strict'
import {join} from 'node:path'

import {cacheStatus, clearCache} from '../../src/consume/cache-report.js'
import {SecretCache} from '../../src/consume/secret-cache.js'
import {formatCacheStatus} from '../../src/output/cache-status.js'
import {SecretValue} from '../../src/secret-value.js'
import {CANARY, makeTempDir} from '../support/run-cli.js'

const SETTINGS = {enabled: true, ttlMs: 300_000, allowStale: false}
const scope = (account: string) => JSON.stringify(['aws', 'eu-west-1', '', false, false, account])

describe('cache status and clear', () => {
  let home: {path: string; remove: () => Promise<void>}
  let now: number
  const cache = () =>
    new SecretCache({
      directory: join(home.path, 'cache'),
      keychain: undefined,
      warn: () => {},
      debug: () => {},
      now: () => now,
    })
  const save = (account: string, name: string, fetchedAt: number) =>
    cache().save({
      scope: scope(account),
      secretId: name,
      selector: {versionStage: 'AWSCURRENT'},
      secret: {
        name,
        arn: `arn:aws:secretsmanager:eu-west-1:${account}:secret:${name}-AbCdEf`,
        versionId: 'v1',
        stages: ['AWSCURRENT'],
        value: SecretValue.fromText(CANARY),
        createdDate: new Date(),
      },
      fetchedAt,
    })

  beforeEach(async () => {
    home = await makeTempDir()
    now = Date.now()
  })
  afterEach(async () => home.remove())

  it('an empty cache reports nothing and creates no key', async () => {
    const status = await cacheStatus(cache(), SETTINGS, {names: true})
    assert.equal(status.entries, 0)
    assert.equal(status.keySource, undefined)
    assert.equal(await clearCache(cache()), 0)
    assert.equal(await cache().exists(), false)
  })

  it('reports entries, fresh and expired, with counts; names only with --names; never a value', async () => {
    await save('111111111111', 'team/a', now - 10_000)
    await save('222222222222', 'team/b', now - 400_000)
    await cache().count('hits')
    const plain = await cacheStatus(cache(), SETTINGS, {names: false})
    assert.deepEqual([plain.entries, plain.fresh, plain.expired, plain.counts.hits], [2, 1, 1, 1])
    assert.ok(plain.items.every((item) => item.name === undefined))
    const text = await formatCacheStatus(plain)
    assert.ok(!text.includes('team/') && !text.includes(CANARY))
    const named = await cacheStatus(cache(), SETTINGS, {names: true})
    assert.deepEqual(named.items.map((item) => [item.name, item.account, item.fresh]).sort(), [
      ['team/a', '111111111111', true],
      ['team/b', '222222222222', false],
    ])
    const table = await formatCacheStatus(named)
    assert.match(table, /team\/a/)
    assert.ok(!table.includes(CANARY) && !JSON.stringify(named).includes(CANARY))
  })

  it('clear NAME drops that secret in every account, by name or ARN; clear drops everything', async () => {
    await save('111111111111', 'team/a', now)
    await save('222222222222', 'team/a', now)
    await save('111111111111', 'team/b', now)
    assert.equal(await clearCache(cache(), 'team/a'), 2)
    assert.equal(await clearCache(cache(), 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:team/b-AbCdEf'), 1)
    await save('111111111111', 'team/c', now)
    await cache().count('misses')
    assert.equal(await clearCache(cache()), 1)
    const status = await cacheStatus(cache(), SETTINGS, {names: false})
    assert.deepEqual([status.entries, status.counts.misses], [0, 0])
  })
})
