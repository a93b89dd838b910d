// The pure and in-process parts of import/copy: the parsers, the journal's tokens and resume
// state, the quota pacer, and the bounded worker pool.
import assert from 'node:assert/strict'
import {readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'

import {forEachConcurrently} from '../../src/bulk/bulk-write.js'
import {
  type BulkEntry,
  type ParsedEntry,
  isProblem,
  parseDotenv,
  parseJsonLine,
  parseJsonObject,
} from '../../src/bulk/entries.js'
import {BulkJournal} from '../../src/bulk/journal.js'
import {QuotaPacer, SECRETS_MANAGER_QUOTAS} from '../../src/bulk/quotas.js'
import {ValidationError} from '../../src/errors.js'
import {CANARY, makeTempDir} from '../support/run-cli.js'

const text = (entry: ParsedEntry) => (entry as BulkEntry).value.revealText()

describe('bulk input parsers', () => {
  it('reads dotenv with export lines, comments, quotes, escapes and multi-line values', async () => {
    const entries = await parseDotenv(
      [
        '# a comment',
        'export A=1',
        'B="two words"',
        "C='$(kept literally)'",
        'D="line1\nline2"',
        'E=bare # trailing comment',
        'F=',
        '',
      ].join('\n'),
      'app/',
    )
    assert.deepEqual(
      entries.map((entry) => entry.name),
      ['app/A', 'app/B', 'app/C', 'app/D', 'app/E', 'app/F'],
    )
    assert.deepEqual(entries.map(text), ['1', 'two words', '$(kept literally)', 'line1\nline2', 'bare', ''])
  })

  it('reads a JSON object of strings and objects; other values are per-entry problems naming the key, not the value', () => {
    const entries = parseJsonObject(JSON.stringify({a: 'x', b: {user: 'u'}, c: 42, d: [CANARY]}), '')
    assert.equal(text(entries[0]), 'x')
    assert.equal(text(entries[1]), '{"user":"u"}')
    assert.ok(
      isProblem(entries[2]) &&
        /c \(key 3\): its value must be a string or a JSON object/.test(entries[2].error.message),
    )
    assert.ok(isProblem(entries[3]) && !entries[3].error.message.includes(CANARY))
  })

  it('refuses JSON that does not parse without quoting it', () => {
    assert.throws(
      () => parseJsonObject(`{"a": "${CANARY}"`, ''),
      (error: Error) => error instanceof ValidationError && !error.message.includes(CANARY),
    )
    assert.throws(() => parseJsonObject('[1]', ''), ValidationError)
  })

  it('reads JSON lines with description and tags as an object or a list; blank lines are skipped', () => {
    const line = parseJsonLine(
      JSON.stringify({name: 'n', value: 'v', description: 'd', tags: {team: 'core'}}),
      1,
      'p/',
    ) as BulkEntry
    assert.equal(line.name, 'p/n')
    assert.equal(line.description, 'd')
    assert.deepEqual(line.tags, [{key: 'team', value: 'core'}])
    const listed = parseJsonLine(
      JSON.stringify({name: 'n', value: 'v', tags: [{Key: 'a', Value: 'b'}]}),
      2,
      '',
    ) as BulkEntry
    assert.deepEqual(listed.tags, [{key: 'a', value: 'b'}])
    assert.equal(parseJsonLine('   ', 3, ''), undefined)
  })

  it('reports a bad JSON line by its number, never its content', () => {
    for (const bad of [
      `{"name": "x", "value": "${CANARY}"`,
      JSON.stringify({value: CANARY}),
      JSON.stringify({name: 'x', value: 5}),
      JSON.stringify({name: 'x', value: 'v', tags: 'nope'}),
    ]) {
      const entry = parseJsonLine(bad, 7, '')!
      assert.ok(isProblem(entry), bad)
      assert.match(entry.error.message, /line 7/)
      assert.ok(!entry.error.message.includes(CANARY))
    }
  })
})

describe('the bulk journal', () => {
  it('gives a resumed run the same client request token per entry, and a fresh run new ones', async () => {
    const dir = await makeTempDir()
    try {
      const first = await BulkJournal.open(dir.path, 'key', {kind: 'import', resume: false})
      const token = first.tokenFor('app/a')
      assert.match(token, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/)
      assert.notEqual(first.tokenFor('app/b'), token)
      await first.record('app/a', {state: 'started', token, action: 'create'})
      await first.record('app/b', {state: 'created', token: first.tokenFor('app/b')})
      await first.close()
      assert.equal(await BulkJournal.hasUnfinished(dir.path, 'key', 'import'), true)

      const resumed = await BulkJournal.open(dir.path, 'key', {kind: 'import', resume: true})
      assert.equal(resumed.tokenFor('app/a'), token)
      assert.equal(resumed.isDone('app/b'), true)
      assert.equal(resumed.isDone('app/a'), false)
      assert.deepEqual(resumed.previous('app/a'), {state: 'started', token, action: 'create'})
      await resumed.finish()
      assert.equal(await BulkJournal.hasUnfinished(dir.path, 'key', 'import'), false)
      assert.equal((await stat(resumed.path)).mode & 0o777, 0o600)
      assert.equal((await stat(join(dir.path, 'journals'))).mode & 0o777, 0o700)

      const fresh = await BulkJournal.open(dir.path, 'key', {kind: 'import', resume: false})
      assert.notEqual(fresh.tokenFor('app/a'), token)
      await fresh.close()
      assert.ok(!(await readFile(fresh.path, 'utf8')).includes('app/b'), 'a fresh run starts a new journal')
    } finally {
      await dir.remove()
    }
  })

  it('ignores a line cut short by a crash', async () => {
    const dir = await makeTempDir()
    try {
      const journal = await BulkJournal.open(dir.path, 'k', {kind: 'import', resume: false})
      await journal.record('a', {state: 'created'})
      await journal.close()
      const {appendFile} = await import('node:fs/promises')
      await appendFile(journal.path, '{"name":"b","sta')
      const resumed = await BulkJournal.open(dir.path, 'k', {kind: 'import', resume: true})
      assert.equal(resumed.isDone('a'), true)
      assert.equal(resumed.previous('b'), undefined)
      await resumed.close()
    } finally {
      await dir.remove()
    }
  })
})

describe('the quota pacer', () => {
  it('defaults to just under the documented quotas and lets --rate set the write groups', () => {
    const pacer = new QuotaPacer()
    assert.ok(
      pacer.rate('create') < SECRETS_MANAGER_QUOTAS.create &&
        pacer.rate('create') >= 0.9 * SECRETS_MANAGER_QUOTAS.create,
    )
    assert.ok(pacer.rate('write') < SECRETS_MANAGER_QUOTAS.write)
    assert.equal(new QuotaPacer({writeRate: 5}).rate('write'), 5)
    assert.equal(new QuotaPacer({unlimited: true}).rate('write'), Number.POSITIVE_INFINITY)
  })

  it('counts every request it lets through, a check-and-set put as several', async () => {
    const pacer = new QuotaPacer({unlimited: true})
    await pacer.take('read')
    await pacer.take('write', 3)
    assert.equal(pacer.requests, 4)
  })
})

describe('the bounded worker pool', () => {
  it('never holds more items than workers, and stops pulling when asked', async () => {
    let pulled = 0
    let inFlight = 0
    let peak = 0
    async function* source() {
      for (let i = 0; i < 50; i++) {
        pulled++
        yield i
      }
    }

    const done: number[] = []
    await forEachConcurrently(
      source(),
      4,
      () => done.length >= 20,
      async (item) => {
        inFlight++
        peak = Math.max(peak, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 1))
        inFlight--
        done.push(item)
      },
    )
    assert.equal(peak, 4)
    assert.ok(done.length >= 20 && done.length < 24, `stopped near 20 (${done.length})`)
    assert.ok(pulled <= done.length, 'nothing pulled that was not worked on')
  })
})
