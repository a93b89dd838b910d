// Parallel secretsmith invocations on one local store: writes serialise on the lock, a
// check-and-set never loses an update, a fresh store gets exactly one key, and nothing is
// left half-written.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {join} from 'node:path'

import {AWSCURRENT, AWSPREVIOUS} from '../../src/stores/store.js'
import {
  CANARY,
  type TempStore,
  createSecret,
  encodingsOf,
  everythingOnDisk,
  tempStore,
  text,
  walk,
} from './local-store-fixture.js'

const WRITER = join(import.meta.dirname, 'local-store-concurrent-writer.ts')

function runWriter(
  home: string,
  worker: number,
  increments: number,
): Promise<{code: number | null; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER], {
      env: {...process.env, STORE_HOME: home, WORKER: String(worker), INCREMENTS: String(increments)},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({code, stdout, stderr}))
  })
}

describe('local store under concurrent writers', function () {
  let temp: TempStore

  beforeEach(async function () {
    temp = await tempStore()
  })

  afterEach(async function () {
    await temp.remove()
  })

  it('loses no update when several processes increment one secret with check-and-set, starting from no store at all', async function () {
    this.timeout(120_000)
    const workers = 4
    const increments = 5
    const results = await Promise.all(
      Array.from({length: workers}, (_, worker) => runWriter(temp.home, worker, increments)),
    )
    for (const result of results) assert.equal(result.code, 0, result.stderr)

    // One process created the key file, so exactly one warned.
    const warnings = results.flatMap((result) => result.stderr.split('\n').filter((line) => line.includes('store.key')))
    assert.equal(warnings.length, 1, warnings.join('\n'))

    const store = temp.reopen()
    const counter = await store.getValue('shared/counter')
    assert.equal(JSON.parse(counter.value.revealText()).count, workers * increments)
    const versions = await store.listVersions('shared/counter', {includeDeprecated: true})
    assert.equal(versions.length, workers * increments + 1)
    assert.deepEqual(
      versions
        .filter((version) => version.stages.length > 0)
        .map((version) => version.stages)
        .sort(),
      [[AWSCURRENT], [AWSPREVIOUS]],
    )
    for (const version of versions) await store.getValue('shared/counter', {versionId: version.versionId})
    for (let worker = 0; worker < workers; worker++) {
      assert.equal((await store.listVersions(`worker/${worker}`, {includeDeprecated: true})).length, increments)
      assert.equal((await store.getValue(`worker/${worker}`)).value.revealText(), `${CANARY}-${worker}-${increments}`)
    }

    for (const entry of await walk(temp.home)) assert.ok(!/\.tmp-|write\.lock|\.trash-/.test(entry.path), entry.path)
    const disk = await everythingOnDisk(temp.home)
    for (const needle of encodingsOf(CANARY)) assert.equal(disk.indexOf(needle), -1)
  })

  it('keeps every version when many puts race in one process, with one AWSCURRENT and one AWSPREVIOUS', async function () {
    await createSecret(temp.store, 'demo/raced')
    const tokens = Array.from({length: 20}, () => randomUUID())
    await Promise.all(
      tokens.map((token, index) =>
        temp.reopen().putValue({name: 'demo/raced', value: text(`${CANARY}-${index}`), clientRequestToken: token}),
      ),
    )
    const versions = await temp.store.listVersions('demo/raced', {includeDeprecated: true})
    assert.equal(versions.length, 21)
    for (const token of tokens) assert.ok(versions.some((version) => version.versionId === token))
    assert.equal(versions.filter((version) => version.stages.includes(AWSCURRENT)).length, 1)
    assert.equal(versions.filter((version) => version.stages.includes(AWSPREVIOUS)).length, 1)
  })
})
