// composeValue for `put --field KEY`: the current value must be a JSON object, and that is
// checked before the field's value is read from anywhere.
import assert from 'node:assert/strict'
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {composeValue} from '../../src/authoring/compose-value.js'
import {ExitCode, UsageError} from '../../src/errors.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

describe('composeValue with --field', () => {
  let dir: string
  let sourceFile: string
  let warnings: string[]
  const warn = (message: string) => warnings.push(message)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secretsmith-compose-test-'))
    // World-readable on purpose: reading it warns, so a read leaves a trace.
    sourceFile = join(dir, 'field-value')
    writeFileSync(sourceFile, `${CANARY}-new\n`)
    chmodSync(sourceFile, 0o644)
    warnings = []
  })

  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const putField = (current: SecretValue) =>
    composeValue({
      name: 'app/db',
      source: {kind: 'file', path: sourceFile, keepNewline: false},
      field: 'password',
      current,
      interactive: false,
      warn,
    })

  it('refuses a current value that is not a JSON object with a usage error (exit 2), before reading the new field value', async () => {
    for (const current of [CANARY, `["${CANARY}"]`, `"${CANARY}"`, `{"password": ${CANARY}`, 'null']) {
      await assert.rejects(putField(SecretValue.fromText(current)), (error: Error) => {
        assert.ok(error instanceof UsageError, `${current}: ${error.name}: ${error.message}`)
        assert.equal(error.exitCode, ExitCode.Usage)
        assert.equal(error.message, "--field needs a JSON object value; this secret's value is not one.")
        return true
      })
    }

    await assert.rejects(putField(SecretValue.fromBinary(Buffer.from([0xff, 0x00]))), UsageError)
    assert.deepEqual(warnings, [], 'the field value source was never opened')
  })

  it('replaces the field of a JSON object and keeps the others', async () => {
    const updated = await putField(SecretValue.fromText(JSON.stringify({username: 'app', password: 'old'})))
    assert.deepEqual(JSON.parse(updated.revealText()), {username: 'app', password: `${CANARY}-new`})
    assert.equal(warnings.length, 1, 'the world-readable source was read (and warned about)')
  })
})
