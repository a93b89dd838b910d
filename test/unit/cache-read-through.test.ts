// The client-side cache against the loopback Secrets Manager, counting the calls it receives:
// the Secrets Manager Agent's semantics (no call within the TTL; past it one DescribeSecret,
// and GetSecretValue only when the version changed), invalidation by writes, --allow-stale,
// and what lands on disk (never the value in plaintext). Each read builds a fresh context,
// as each `secretsmith get` is a fresh process.
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {readFile, readdir, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {invalidatingCacheOnWrite} from '../../src/consume/cache-invalidation.js'
import {type CachedReadContext, readManyThroughCache, readSecretThroughCache} from '../../src/consume/read-through.js'
import {SecretCache} from '../../src/consume/secret-cache.js'
import {SecretValue} from '../../src/secret-value.js'
import type {SecretStore} from '../../src/stores/store.js'
import {type FakeAwsStore, createText, openFakeAwsStore} from '../support/fake-aws-store.js'
import {CANARY, makeTempDir} from '../support/run-cli.js'

const TTL_MS = 300_000
const SCOPE = '["aws","us-east-1","",false,false,"test"]'

describe('reading through the client-side cache (AWS test server, exact call counts)', function () {
  this.timeout(60_000)
  let aws: FakeAwsStore
  let home: {path: string; remove: () => Promise<void>}
  let clock: number
  let warnings: string[]
  let counter = 0
  const fresh = () => `cache/secret-${++counter}`

  const cacheDir = () => join(home.path, 'cache')
  const newCache = (maxEntries?: number) =>
    new SecretCache({
      directory: cacheDir(),
      keychain: undefined,
      warn: (m) => warnings.push(m),
      debug: () => {},
      maxEntries,
      now: () => clock,
    })
  const context = (overrides: Partial<CachedReadContext> = {}): CachedReadContext => ({
    store: async () => aws.store,
    cache: newCache(),
    scope: async () => SCOPE,
    ttlMs: TTL_MS,
    allowStale: false,
    warn: (m) => warnings.push(m),
    debug: () => {},
    now: () => clock,
    ...overrides,
  })
  const read = async (name: string, overrides: Partial<CachedReadContext> = {}) =>
    (await readSecretThroughCache(context(overrides), {name})).value.revealText()
  const count = (operation: string) => aws.server.callsTo(operation).length

  before(async () => {
    aws = await openFakeAwsStore()
  })
  beforeEach(async () => {
    home = await makeTempDir()
    clock = Date.now()
    warnings = []
    aws.server.reset()
  })
  afterEach(async () => home.remove())
  after(async () => aws.close())

  it('100 reads within the TTL make exactly one GetSecretValue and nothing else', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    const before = aws.server.calls.length
    for (let i = 0; i < 100; i++) {
      assert.equal(await read(name), CANARY)
      clock += 1000 // 100 s in all: still within the 300 s TTL
    }

    assert.equal(count('GetSecretValue'), 1)
    assert.equal(aws.server.calls.length - before, 1, 'no other call either')
    assert.deepEqual(
      await newCache()
        .stats()
        .then(({hits, misses}) => ({hits, misses})),
      {hits: 99, misses: 1},
    )
  })

  it('past the TTL with no change: one DescribeSecret and no GetSecretValue, then a fresh TTL', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    clock += TTL_MS + 1
    assert.equal(await read(name), CANARY)
    assert.equal(count('DescribeSecret'), 1)
    assert.equal(count('GetSecretValue'), 1, 'only the first read fetched the value')
    clock += TTL_MS - 1000
    assert.equal(await read(name), CANARY)
    assert.equal(count('DescribeSecret'), 1, 'the confirmation restarted the TTL')
  })

  it('past the TTL after a change made elsewhere: DescribeSecret, then GetSecretValue for the new version', async () => {
    const name = fresh()
    await createText(aws.store, name, 'old')
    assert.equal(await read(name), 'old')
    // Written around secretsmith (the raw store, no invalidation): only the TTL can notice.
    await aws.store.putValue({name, value: SecretValue.fromText('new'), clientRequestToken: randomUUID()})
    assert.equal(await read(name), 'old', 'within the TTL the cached value is used, as the Agent does')
    clock += TTL_MS + 1
    assert.equal(await read(name), 'new')
    assert.equal(count('DescribeSecret'), 1)
    assert.equal(count('GetSecretValue'), 2)
  })

  it('a put through secretsmith drops the entry at once: the next read returns the new value', async () => {
    const name = fresh()
    await createText(aws.store, name, 'old')
    assert.equal(await read(name), 'old')
    const cache = newCache()
    const store: SecretStore = invalidatingCacheOnWrite(aws.store, async (ids) => {
      await cache.invalidate(SCOPE, ids)
    })
    await store.putValue({name, value: SecretValue.fromText('new'), clientRequestToken: randomUUID()})
    assert.equal(await read(name), 'new')
    assert.equal(count('GetSecretValue'), 2)
  })

  it('invalidation covers every stage and version cached for the secret, by name or ARN', async () => {
    const name = fresh()
    const first = await createText(aws.store, name, 'v1')
    await aws.store.putValue({name, value: SecretValue.fromText('v2'), clientRequestToken: randomUUID()})
    const arn = (await aws.store.describe(name)).arn
    await readSecretThroughCache(context(), {name, versionStage: 'AWSPREVIOUS'})
    await readSecretThroughCache(context(), {name, versionId: first})
    await read(arn)
    assert.equal((await newCache().entries()).length, 3)
    const store = invalidatingCacheOnWrite(aws.store, async (ids) => {
      await newCache().invalidate(SCOPE, ids)
    })
    await store.putValue({name, value: SecretValue.fromText('v3'), clientRequestToken: randomUUID()})
    assert.equal((await newCache().entries()).length, 0)
  })

  it('a write that fails still drops the entry (its answer may have been lost after it landed)', async () => {
    const name = fresh()
    await createText(aws.store, name, 'v1')
    await read(name)
    aws.server.dropConnection({operation: 'PutSecretValue', when: 'after'})
    const store = invalidatingCacheOnWrite(aws.store, async (ids) => {
      await newCache().invalidate(SCOPE, ids)
    })
    await store.putValue({name, value: SecretValue.fromText('v2'), clientRequestToken: randomUUID()}).catch(() => {})
    aws.server.clearFaults()
    assert.equal((await newCache().entries()).length, 0)
  })

  it('two targets never share an entry', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    await read(name, {scope: async () => '["aws","us-east-1","",false,false,"other-account"]'})
    assert.equal(count('GetSecretValue'), 2)
  })

  it('--allow-stale serves an expired value when the store is unavailable, with a one-line warning; without it, the error', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    clock += TTL_MS + 1
    aws.server.fail({operation: 'DescribeSecret', status: 503})
    await assert.rejects(read(name), {exitCode: 6})
    assert.equal(warnings.length, 0)
    assert.equal(await read(name, {allowStale: true}), CANARY)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0], /cached value of .* from \d+[smh] ago \(--allow-stale\)/)
    assert.ok(!warnings[0].includes(CANARY))
    assert.ok(!warnings[0].includes('\n'))
  })

  it('--allow-stale never serves a value within reach of a not-found answer', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    await aws.store.delete(name, {force: true})
    clock += TTL_MS + 1
    await assert.rejects(read(name, {allowStale: true}), {exitCode: 3})
    assert.equal((await newCache().entries()).length, 0, 'the entry of a deleted secret is dropped')
  })

  it('where DescribeSecret is denied (a GetSecretValue-only policy), an expired entry is re-read with GetSecretValue', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    clock += TTL_MS + 1
    aws.server.fail({operation: 'DescribeSecret', status: 400, errorType: 'AccessDeniedException'})
    assert.equal(await read(name), CANARY)
    assert.equal(count('GetSecretValue'), 2)
  })

  it('TTL 0 or no cache reads the store every time and writes nothing', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name, {ttlMs: 0})
    await read(name, {cache: undefined})
    await read(name, {ttlMs: 0})
    assert.equal(count('GetSecretValue'), 3)
    await assert.rejects(readdir(cacheDir()), {code: 'ENOENT'})
  })

  it('keeps entries sealed: no value, no name on disk; 0700 directory, 0600 files', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    const files = await listFiles(cacheDir())
    assert.ok(files.length >= 3)
    for (const file of files) {
      const bytes = await readFile(file)
      assert.ok(!bytes.includes(CANARY), `${file} holds the value`)
      assert.ok(!bytes.includes(name), `${file} names the secret`)
      assert.ok(!file.includes(name))
      assert.equal((await stat(file)).mode & 0o777, 0o600, file)
    }

    assert.equal((await stat(cacheDir())).mode & 0o777, 0o700)
  })

  it('an entry that was tampered with (e.g. its fetch time pushed forward) is never used', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    const [entry] = await listFiles(join(cacheDir(), 'entries'))
    const bytes = await readFile(entry)
    const tampered = Buffer.from(bytes.toString('latin1').replace(/"fetchedAt":\d/, '"fetchedAt":9'), 'latin1')
    assert.notDeepEqual(tampered, bytes)
    await writeFile(entry, tampered)
    clock += TTL_MS + 1
    assert.equal(await read(name), CANARY)
    assert.equal(count('GetSecretValue'), 2, 'read again from the store')
    assert.equal(count('DescribeSecret'), 0)
  })

  it('a cache whose key no longer matches starts over instead of failing the read', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await read(name)
    await writeFile(join(cacheDir(), 'cache.key'), `${Buffer.alloc(32, 7).toString('base64')}\n`)
    assert.equal(await read(name), CANARY)
    assert.equal(count('GetSecretValue'), 2)
  })

  it('several secrets (exec, export) are fetched 20 per BatchGetSecretValue, then served from the cache', async () => {
    const names = Array.from({length: 25}, () => fresh())
    for (const [index, name] of names.entries()) await createText(aws.store, name, `${CANARY}-${index}`)
    const before = aws.server.calls.length
    const values = await readManyThroughCache(
      context(),
      names.map((name) => ({name})),
    )
    assert.deepEqual(
      values.map((secret) => secret.value.revealText()),
      names.map((_, index) => `${CANARY}-${index}`),
    )
    assert.deepEqual([count('BatchGetSecretValue'), count('GetSecretValue')], [2, 0])
    await readManyThroughCache(
      context(),
      names.map((name) => ({name})),
    )
    assert.equal(aws.server.calls.length - before, 2, 'the second read made no call')
  })

  it('where BatchGetSecretValue is not granted, each secret is read with GetSecretValue', async () => {
    const names = [fresh(), fresh()]
    for (const name of names) await createText(aws.store, name, CANARY)
    aws.server.fail({operation: 'BatchGetSecretValue', status: 400, errorType: 'AccessDeniedException'})
    const values = await readManyThroughCache(
      context(),
      names.map((name) => ({name})),
    )
    assert.deepEqual(
      values.map((secret) => secret.value.revealText()),
      [CANARY, CANARY],
    )
    assert.deepEqual([count('BatchGetSecretValue'), count('GetSecretValue')], [1, 2])
  })

  it('a batch names the secret that is missing with the error a single read gives (exit 3)', async () => {
    const name = fresh()
    await createText(aws.store, name, CANARY)
    await assert.rejects(
      readManyThroughCache(context(), [{name}, {name: 'cache/does-not-exist'}]),
      (error: Error & {exitCode?: number}) => {
        assert.equal(error.exitCode, 3)
        assert.match(error.message, /cache\/does-not-exist/)
        return true
      },
    )
  })

  it('holds at most the configured number of entries, evicting the least recently used', async () => {
    const names = [fresh(), fresh(), fresh()]
    for (const name of names) await createText(aws.store, name, CANARY)
    const small = {cache: newCache(2)}
    await read(names[0], small)
    clock += 1000
    await read(names[1], small)
    clock += 1000
    await read(names[0], small) // a hit: names[0] is now the most recently used
    clock += 1000
    await read(names[2], small)
    assert.equal((await newCache().entries()).length, 2)
    const before = count('GetSecretValue')
    await read(names[0], small)
    assert.equal(count('GetSecretValue'), before, 'the recently used entry survived')
    await read(names[1], small)
    assert.equal(count('GetSecretValue'), before + 1, 'the least recently used was evicted')
  })
})

async function listFiles(directory: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(directory, {withFileTypes: true})) {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) found.push(...(await listFiles(path)))
    else found.push(path)
  }

  return found
}
