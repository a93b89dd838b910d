// The create and put workflows called in-process against a temporary local store, with a
// `notify` that records what the command would print: fast checks of each outcome, its one
// summary line and what the store holds afterwards. The spawned end-to-end suites prove the
// binary; these pin the workflow's decisions one by one.
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type AuthoringContext, createSecret, putSecret} from '../../src/authoring/write-secret.js'
import {ConflictError, NotFoundError, UsageError, ValidationError} from '../../src/errors.js'
import type {ValueSource} from '../../src/input/read-secret.js'
import type {ChangeDetail} from '../../src/history/change-log.js'
import {SCHEMA_TAG} from '../../src/schemas/registry.js'
import type {SecretValue} from '../../src/secret-value.js'
import {CANARY, type TempStore, tempStore} from './local-store-fixture.js'

interface Recorded {
  context: AuthoringContext
  lines: string[]
  described: Array<{name: string; detail: ChangeDetail}>
}

function recording(fixture: TempStore, overrides: Partial<AuthoringContext> = {}): Recorded {
  const lines: string[] = []
  const described: Recorded['described'] = []
  const changes = {describeNext: (name: string, detail: ChangeDetail) => described.push({name, detail})}
  const context = {
    store: fixture.store,
    interactive: false,
    strict: false,
    notify: (line: string) => lines.push(line),
    changes: changes as unknown as AuthoringContext['changes'],
    ...overrides,
  }
  return {context, lines, described}
}

describe('authoring workflows in-process (create and put on a local store)', () => {
  let fixture: TempStore
  let fileCount = 0

  beforeEach(async () => {
    fixture = await tempStore()
  })

  afterEach(async () => {
    await fixture.remove()
  })

  /** A value source the way --from-file gives it (stdin is the process's own, so not usable here). */
  async function fromFile(text: string): Promise<ValueSource> {
    fileCount += 1
    const path = join(fixture.root, `value-${fileCount}.txt`)
    await writeFile(path, text, {mode: 0o600})
    return {kind: 'file', path, keepNewline: false}
  }

  const current = async (name: string): Promise<string> => (await fixture.store.getValue(name)).value.revealText()
  const versionCount = async (name: string): Promise<number> => (await fixture.store.listVersions(name)).length

  it('create writes the value and prints one summary line naming the store, never the value', async () => {
    const {context, lines} = recording(fixture)
    const outcome = await createSecret(context, {name: 'app/token', source: await fromFile(CANARY), tags: []})

    assert.equal(outcome.action, 'created')
    assert.equal(await current('app/token'), CANARY)
    assert.equal(lines.length, 1)
    assert.match(lines[0], /^Created app\/token version [0-9a-f-]{36} in /)
    assert.equal(outcome.summary, lines[0])
    assert.ok(!lines.join('\n').includes(CANARY))
  })

  it('create records the schema in its tag and tells the change log the keys it wrote', async () => {
    const {context, described} = recording(fixture)
    const value = JSON.stringify({apiKey: `${CANARY}-key-0123456789abcdef`})
    const outcome = await createSecret(context, {
      name: 'app/api',
      source: await fromFile(value),
      schema: 'api-key',
      tags: [{key: 'team', value: 'payments'}],
    })

    assert.equal(outcome.schema, 'api-key')
    const {tags} = await fixture.store.describe('app/api')
    assert.deepEqual(
      [...tags].sort((a, b) => a.key.localeCompare(b.key)),
      [
        {key: SCHEMA_TAG, value: 'api-key'},
        {key: 'team', value: 'payments'},
      ],
    )
    assert.deepEqual(described, [{name: 'app/api', detail: {keys: {added: ['apiKey'], modified: [], removed: []}}}])
  })

  it('create refuses a schema given as a tag, before anything is written', async () => {
    const {context, lines} = recording(fixture)
    await assert.rejects(
      createSecret(context, {
        name: 'app/tagged',
        source: await fromFile(CANARY),
        tags: [{key: SCHEMA_TAG, value: 'api-key'}],
      }),
      (error: unknown) => error instanceof UsageError && /--schema/.test(error.message),
    )
    await assert.rejects(fixture.store.describe('app/tagged'), NotFoundError)
    assert.deepEqual(lines, [])
  })

  it('create refuses a value that does not fit its schema, naming the field and writing nothing', async () => {
    const {context} = recording(fixture)
    await assert.rejects(
      createSecret(context, {
        name: 'db/main',
        source: await fromFile(JSON.stringify({engine: 'postgres', password: CANARY})),
        schema: 'rds-postgres',
        tags: [],
      }),
      (error: unknown) =>
        error instanceof ValidationError && /host|username/.test(error.message) && !error.message.includes(CANARY),
    )
    await assert.rejects(fixture.store.describe('db/main'), NotFoundError)
  })

  it('create on a name that exists is a conflict and leaves the stored value alone', async () => {
    const {context} = recording(fixture)
    await createSecret(context, {name: 'app/once', source: await fromFile(`${CANARY}-first`), tags: []})
    await assert.rejects(
      createSecret(context, {name: 'app/once', source: await fromFile(`${CANARY}-second`), tags: []}),
      ConflictError,
    )
    assert.equal(await current('app/once'), `${CANARY}-first`)
  })

  it('put of an equal value says Unchanged and writes no version', async () => {
    const {context, lines} = recording(fixture)
    await createSecret(context, {name: 'app/same', source: await fromFile(CANARY), tags: []})
    const outcome = await putSecret(context, {name: 'app/same', source: await fromFile(CANARY)})

    assert.equal(outcome.action, 'unchanged')
    assert.equal(await versionCount('app/same'), 1)
    assert.match(lines.at(-1) ?? '', /^Unchanged app\/same .*no version written/)
  })

  it('put --field replaces one field, keeps the others and names only the key it changed', async () => {
    const {context, lines, described} = recording(fixture)
    const start = {username: 'app', password: `${CANARY}-old`, host: 'db.internal'}
    await createSecret(context, {name: 'app/db', source: await fromFile(JSON.stringify(start)), tags: []})
    const created = await fixture.store.getValue('app/db')

    const outcome = await putSecret(context, {
      name: 'app/db',
      source: await fromFile(`${CANARY}-new`),
      field: 'password',
    })

    assert.equal(outcome.action, 'updated')
    assert.deepEqual(JSON.parse(await current('app/db')), {...start, password: `${CANARY}-new`})
    assert.match(lines.at(-1) ?? '', /^Updated app\/db version .* keys ~password \(values masked\)/)
    assert.ok(!lines.join('\n').includes(CANARY))
    assert.deepEqual(described.at(-1), {
      name: 'app/db',
      detail: {keys: {added: [], modified: ['password'], removed: []}, versionBefore: created.versionId},
    })
  })

  it('put --if-version with a version that is no longer current refuses and writes nothing', async () => {
    const {context} = recording(fixture)
    await createSecret(context, {name: 'app/cas', source: await fromFile(`${CANARY}-1`), tags: []})
    const first = (await fixture.store.getValue('app/cas')).versionId
    await putSecret(context, {name: 'app/cas', source: await fromFile(`${CANARY}-2`)})

    await assert.rejects(
      putSecret(context, {name: 'app/cas', source: await fromFile(`${CANARY}-3`), ifVersion: first}),
      ConflictError,
    )
    assert.equal(await current('app/cas'), `${CANARY}-2`)
    assert.equal(await versionCount('app/cas'), 2)
  })

  it('put on a secret scheduled for deletion refuses and points to restore', async () => {
    const {context} = recording(fixture)
    await createSecret(context, {name: 'app/gone', source: await fromFile(CANARY), tags: []})
    await fixture.store.delete('app/gone', {recoveryWindowDays: 7})

    await assert.rejects(
      putSecret(context, {name: 'app/gone', source: await fromFile(`${CANARY}-2`)}),
      (error: unknown) => error instanceof ConflictError && /restore/.test(error.message),
    )
  })

  it('put hands the current and the new value to review, and a review that throws cancels the write', async () => {
    const seen: Array<[string, string]> = []
    const {context} = recording(fixture, {
      async review(before: SecretValue, after: SecretValue) {
        seen.push([before.revealText(), after.revealText()])
        throw new UsageError('Cancelled by the reviewer.')
      },
    })
    await createSecret(context, {name: 'app/review', source: await fromFile(`${CANARY}-1`), tags: []})

    await assert.rejects(putSecret(context, {name: 'app/review', source: await fromFile(`${CANARY}-2`)}), UsageError)
    assert.deepEqual(seen, [[`${CANARY}-1`, `${CANARY}-2`]])
    assert.equal(await current('app/review'), `${CANARY}-1`)
    assert.equal(await versionCount('app/review'), 1)
  })

  it('a sensitive extra field is a warning line, and with strict it stops the write', async () => {
    const value = JSON.stringify({username: 'app', password: CANARY, passwordHint: 'the usual one'})
    const relaxed = recording(fixture)
    const outcome = await createSecret(relaxed.context, {name: 'app/hinted', source: await fromFile(value), tags: []})
    assert.ok(outcome.warnings.length > 0)
    assert.ok(relaxed.lines.some((line) => /^Warning \[sensitive-field\] value.passwordHint: /.test(line)))
    assert.ok(!relaxed.lines.join('\n').includes(CANARY))

    const strict = recording(fixture, {strict: true})
    await assert.rejects(
      createSecret(strict.context, {name: 'app/hinted-strict', source: await fromFile(value), tags: []}),
      ValidationError,
    )
    await assert.rejects(fixture.store.describe('app/hinted-strict'), NotFoundError)
  })
})
