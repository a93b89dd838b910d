// The local change log: one whole JSON line per write through a recordWrites() store, owner-only,
// never a value, never interleaved across processes, and a workflow's detail only on its own write.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {chmod, mkdir, readFile, stat, symlink, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {ConflictError} from '../../src/errors.js'
import type {ChangeLogEntry} from '../../src/output/change-log.js'
import {
  CHANGE_LOG_FILE,
  ChangeRecorder,
  MAX_LINE_BYTES,
  encodeLine,
  nameOfSecretId,
  readChangeLog,
  recordWrites,
} from '../../src/history/change-log.js'
import {parseSince} from '../../src/history/since.js'
import {SecretValue} from '../../src/secret-value.js'
import {AWSCURRENT} from '../../src/stores/store.js'
import {CANARY, type TempStore, tempStore} from './local-store-fixture.js'

const APPENDER = join(import.meta.dirname, 'change-log-appender.ts')

async function logLines(dataDir: string): Promise<ChangeLogEntry[]> {
  const text = await readFile(join(dataDir, CHANGE_LOG_FILE), 'utf8')
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as ChangeLogEntry)
}

describe('change log', function () {
  let temp: TempStore
  let recorder: ChangeRecorder
  let warnings: string[]

  beforeEach(async function () {
    temp = await tempStore()
    warnings = []
    recorder = new ChangeRecorder({dataDir: temp.home, command: 'put', warn: (message) => warnings.push(message)})
  })
  afterEach(async () => temp.remove())

  it('records every write through the store, with versions before and after, and no value', async function () {
    const store = recordWrites(temp.store, recorder)
    const first = randomUUID()
    await store.create({
      name: 'app/db',
      value: SecretValue.fromText(`{"password":"${CANARY}"}`),
      clientRequestToken: first,
    })
    const second = randomUUID()
    recorder.describeNext('app/db', {keys: {added: ['host'], modified: ['password'], removed: []}})
    await store.putValue({
      name: 'app/db',
      value: SecretValue.fromText(`{"password":"${CANARY}-2","host":"h"}`),
      clientRequestToken: second,
      expectedCurrentVersionId: first,
    })
    await store.moveStage('app/db', {stage: AWSCURRENT, moveToVersionId: first, removeFromVersionId: second})
    await store.tag('app/db', [{key: 'team', value: 'billing'}])
    await store.updateMetadata('app/db', {description: 'billing database'})
    await store.delete('app/db', {recoveryWindowDays: 7})
    await store.restore('app/db')

    const lines = await logLines(temp.home)
    assert.deepEqual(
      lines.map((line) => line.operation),
      ['create', 'put-value', 'move-stage', 'tag', 'update-metadata', 'delete', 'restore'],
    )
    assert.equal(lines[0].versionAfter, first)
    assert.deepEqual(lines[1], {
      ...lines[1],
      secret: 'app/db',
      command: 'put',
      versionBefore: first,
      versionAfter: second,
      keys: {added: ['host'], modified: ['password'], removed: []},
    })
    assert.deepEqual([lines[2].stage, lines[2].versionBefore, lines[2].versionAfter], [AWSCURRENT, second, first])
    assert.equal(lines[3].summary, 'tags +team')
    for (const line of lines) {
      assert.equal(line.store.kind, 'local')
      assert.ok(line.user && line.host && !Number.isNaN(Date.parse(line.time)))
    }

    const raw = await readFile(join(temp.home, CHANGE_LOG_FILE), 'utf8')
    assert.ok(!raw.includes(CANARY), 'the change log holds a value')
    assert.ok(!raw.includes('billing database') && !raw.includes('"billing"'), 'metadata values stay out of the log')
    assert.equal((await stat(join(temp.home, CHANGE_LOG_FILE))).mode & 0o777, 0o600)
    assert.deepEqual(warnings, [])
  })

  it('records nothing for a refused write, and drops the detail the workflow gave for it', async function () {
    const store = recordWrites(temp.store, recorder)
    const first = randomUUID()
    await store.create({name: 'app/x', value: SecretValue.fromText(CANARY), clientRequestToken: first})
    recorder.describeNext('app/x', {keys: {added: ['refused'], modified: [], removed: []}})
    await assert.rejects(
      store.putValue({
        name: 'app/x',
        value: SecretValue.fromText(`${CANARY}-2`),
        clientRequestToken: randomUUID(),
        expectedCurrentVersionId: randomUUID(),
      }),
      ConflictError,
    )
    await store.putValue({name: 'app/x', value: SecretValue.fromText(`${CANARY}-3`), clientRequestToken: randomUUID()})
    const lines = await logLines(temp.home)
    assert.deepEqual(
      lines.map((line) => line.operation),
      ['create', 'put-value'],
    )
    assert.equal(lines[1].keys, undefined, "the refused write's detail does not land on a later line")
  })

  it('passes reads through untouched and records none', async function () {
    const store = recordWrites(temp.store, recorder)
    await temp.store.create({name: 'app/read', value: SecretValue.fromText(CANARY), clientRequestToken: randomUUID()})
    assert.equal((await store.getValue('app/read')).value.revealText(), CANARY)
    await store.describe('app/read')
    await store.listVersions('app/read')
    await assert.rejects(readFile(join(temp.home, CHANGE_LOG_FILE)), {code: 'ENOENT'})
  })

  it('tightens a log whose mode was widened back to 0600', async function () {
    await mkdir(temp.home, {recursive: true})
    await writeFile(join(temp.home, CHANGE_LOG_FILE), '', {mode: 0o644})
    await chmod(join(temp.home, CHANGE_LOG_FILE), 0o644)
    await recorder.append({store: {kind: 'local', label: 'x'}, secret: 'a', operation: 'create'})
    assert.equal((await stat(join(temp.home, CHANGE_LOG_FILE))).mode & 0o777, 0o600)
  })

  it('refuses to follow a symbolic link in place of the log, and warns instead of failing the write', async function () {
    const elsewhere = join(temp.root, 'elsewhere')
    await writeFile(elsewhere, '')
    await mkdir(temp.home, {recursive: true})
    await symlink(elsewhere, join(temp.home, CHANGE_LOG_FILE))
    await recorder.append({store: {kind: 'local', label: 'x'}, secret: 'a', operation: 'create'})
    assert.equal(await readFile(elsewhere, 'utf8'), '')
    assert.equal(warnings.length, 1)
    assert.match(warnings[0], /could not be recorded in the change log/)
  })

  it('keeps a line under the size limit by turning long key lists into a count', function () {
    const keys = Array.from({length: 400}, (_, index) => `field_number_${index}`)
    const line = encodeLine({
      time: new Date().toISOString(),
      user: 'u',
      host: 'h',
      command: 'put',
      store: {kind: 'local', label: 'l'},
      secret: 's',
      operation: 'put-value',
      keys: {added: keys, modified: [], removed: []},
    })
    assert.ok(line.length <= MAX_LINE_BYTES)
    assert.equal((JSON.parse(line.toString('utf8')) as ChangeLogEntry).keyCount, 400)
  })

  it('never interleaves lines written by four processes at once', async function () {
    this.timeout(60_000)
    const lines = 150
    const runs = Array.from(
      {length: 4},
      (_, worker) =>
        new Promise<number | null>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', APPENDER], {
            env: {...process.env, DATA_DIR: temp.home, WORKER: String(worker), LINES: String(lines)},
            stdio: ['ignore', 'ignore', 'inherit'],
          })
          child.on('error', reject)
          child.on('close', resolve)
        }),
    )
    assert.deepEqual(await Promise.all(runs), [0, 0, 0, 0])
    const text = await readFile(join(temp.home, CHANGE_LOG_FILE), 'utf8')
    const parsed = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ChangeLogEntry)
    assert.equal(parsed.length, 4 * lines)
    for (let worker = 0; worker < 4; worker++) {
      const own = parsed
        .filter((entry) => entry.secret === `worker/${worker}`)
        .map((entry) => Number(entry.versionAfter))
      assert.deepEqual(
        own,
        Array.from({length: lines}, (_, index) => index),
        `worker ${worker}'s lines are whole and in order`,
      )
    }
  })

  it('reads back the lines of one secret since a time, skipping lines that do not parse', async function () {
    const clock = {now: new Date('2026-11-01T00:00:00Z')}
    const timed = new ChangeRecorder({dataDir: temp.home, command: 'put', clock: () => clock.now})
    await timed.append({store: {kind: 'local', label: 'l'}, secret: 'a/old', operation: 'create'})
    clock.now = new Date('2026-11-20T00:00:00Z')
    await timed.append({store: {kind: 'aws', label: 'aws'}, secret: 'a/new', operation: 'create'})
    await timed.append({store: {kind: 'aws', label: 'aws'}, secret: 'b/other', operation: 'create'})
    await writeFile(join(temp.home, CHANGE_LOG_FILE), '{"half a line\n', {flag: 'a'})

    const all = await readChangeLog(temp.home)
    assert.equal(all.entries.length, 3)
    assert.equal(all.skippedLines, 1)
    const recent = await readChangeLog(temp.home, {since: new Date('2026-11-10T00:00:00Z')})
    assert.deepEqual(
      recent.entries.map((entry) => entry.secret),
      ['a/new', 'b/other'],
    )
    const one = await readChangeLog(temp.home, {
      secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:a/new-AbCdEf',
    })
    assert.deepEqual(
      one.entries.map((entry) => entry.secret),
      ['a/new'],
    )
    assert.deepEqual((await readChangeLog(join(temp.root, 'nothing-here'))).entries, [])
  })

  it('names the secret inside an ARN, and leaves a name alone', function () {
    assert.equal(nameOfSecretId('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-a1B2c3'), 'prod/db')
    assert.equal(nameOfSecretId('prod/db'), 'prod/db')
  })

  it('reads --since as a duration or a date, and refuses anything else with a usage error', function () {
    const now = new Date('2026-12-02T12:00:00Z')
    assert.equal(parseSince('7d', now).toISOString(), '2026-11-25T12:00:00.000Z')
    assert.equal(parseSince('90m', now).toISOString(), '2026-12-02T10:30:00.000Z')
    assert.equal(parseSince('2w', now).toISOString(), '2026-11-18T12:00:00.000Z')
    assert.equal(parseSince('2026-11-30', now).toISOString(), '2026-11-30T00:00:00.000Z')
    assert.equal(parseSince('2026-11-30T08:00:00Z', now).toISOString(), '2026-11-30T08:00:00.000Z')
    for (const bad of ['7', 'yesterday', '7 days', '', `${CANARY}`])
      assert.throws(() => parseSince(bad, now), /--since takes/)
  })
})
