// End-to-end: looking back and recovering, through the real binary on both stores: the local
// change log (every write recorded, never a value), version history, masked diffs with
// diff(1)'s exit codes, rollback and roll-forward, metadata updates, and racing writers.
import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {CHANGE_LOG_FILE, type ChangeLogEntry} from '../../src/history/change-log.js'
import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

for (const kind of STORE_KINDS) {
  describe(`history and recovery end to end (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    let counter = 0
    const fresh = (stem = 'history') => `${stem}/secret-${++counter}`
    const cli = (args: string[], stdin?: string | Buffer): Promise<CliResult> => runCli([...args, ...store.args], {env: store.env, stdin, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    function assertNoCanary(result: CliResult, where = 'stderr'): void {
      assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
      if (where === 'both') assert.ok(!result.stdout.includes(CANARY), `stdout leaked the canary:\n${result.stdout}`)
    }

    async function ok(args: string[], stdin?: string): Promise<CliResult> {
      const result = await cli(args, stdin)
      assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`)
      assertNoCanary(result)
      return result
    }

    it('records a sequence of writes in the change log, with keys and versions but no value', async () => {
      const name = fresh()
      await ok(['create', name, '--from-stdin'], JSON.stringify({user: 'app', password: `${CANARY}-1`}))
      await ok(['put', name, '--from-stdin'], JSON.stringify({user: 'app', password: `${CANARY}-2`, host: 'db'}))
      await ok(['delete', name, '--yes', '--recovery-window-days', '7'])
      await ok(['restore', name])

      const raw = await readFile(join(store.home, 'store', CHANGE_LOG_FILE), 'utf8')
      assert.ok(!raw.includes(CANARY), 'the change log holds a value')
      const log = await ok(['log', name, '--json'])
      assertNoCanary(log, 'both')
      const {entries} = JSON.parse(log.stdout) as {entries: ChangeLogEntry[]}
      assert.deepEqual(entries.map((entry) => [entry.command, entry.operation]), [
        ['create', 'create'],
        ['put', 'put-value'],
        ['delete', 'delete'],
        ['restore', 'restore'],
      ])
      assert.deepEqual(entries[1].keys, {added: ['host'], modified: ['password'], removed: []})
      assert.equal(entries[1].versionBefore, entries[0].versionAfter)
      for (const entry of entries) assert.equal(entry.store.kind, kind)

      const human = await ok(['log', name])
      assert.match(human.stdout, /put-value [0-9a-f]{8}… → [0-9a-f]{8}…; keys \+host ~password/)
      assert.equal((await ok(['log', name, '--since', '2000-01-01', '--json'])).stdout.includes('"restore"'), true)
    })
  })
}
