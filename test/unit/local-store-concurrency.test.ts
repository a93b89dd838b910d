// Parallel secretsmith invocations on one local store: writes serialise on the lock, a
// check-and-set never loses an update, a fresh store gets exactly one key, and nothing is
// left half-written.
import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {readdir} from 'node:fs/promises'
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
  started?: (child: ChildProcess) => void,
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
    started?.(child)
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

  it('survives writers killed with SIGKILL mid-run: the store opens, reads and writes with no false tampering', async function () {
    this.timeout(120_000)
    for (let round = 0; round < 3; round++) {
      let writer: ChildProcess | undefined
      const finished = runWriter(temp.home, round, 1000, (child) => {
        writer = child
      })
      // Killed once it has written a few records (and so the index), at whatever step it is in.
      for (;;) {
        const entries = await readdir(join(temp.home, 'secrets')).catch(() => [] as string[])
        if (entries.filter((entry) => !entry.startsWith('.')).length >= round + 2) break
        await new Promise((resolve) => {
          setTimeout(resolve, 20)
        })
      }

      writer!.kill('SIGKILL')
      assert.equal((await finished).code, null, 'the writer was killed')
      const store = temp.reopen()
      const counter = await store.getValue('shared/counter')
      await store.putValue({name: 'shared/counter', value: counter.value, clientRequestToken: randomUUID()})
      await store.getValue(`worker/${round}`).catch((error: unknown) => {
        // Killed before its own secret's first commit: absent, not damaged.
        assert.equal((error as Error).name, 'NotFoundError', String(error))
      })
      for await (const entry of store.list()) assert.ok(entry.name)
    }
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
