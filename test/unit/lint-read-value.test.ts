// How lint reads its value: an empty value or one over the limit comes back as a finding to
// report (lint writes nothing), never as a "nothing was written" refusal.
import assert from 'node:assert/strict'
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UsageError} from '../../src/errors.js'
import {readValueToCheck} from '../../src/lint/read-value-to-check.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

describe('readValueToCheck (lint)', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secretsmith-lint-read-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const fileSource = (name: string, content: string) => {
    const path = join(dir, name)
    writeFileSync(path, content, {mode: 0o600})
    chmodSync(path, 0o600)
    return {kind: 'file' as const, path, keepNewline: false}
  }

  it('returns an empty value as read, for the checks to report', async () => {
    const read = await readValueToCheck(fileSource('empty', '\n'))
    assert.equal(read.value?.isEmpty, true)
    assert.deepEqual(read.findings, [])
  })

  it('returns a value just over the limit whole, so its size can be reported', async () => {
    const read = await readValueToCheck(fileSource('over', 'x'.repeat(65_537)))
    assert.equal(read.value?.byteLength, 65_537)
  })

  it('turns a source that runs past the reading cap into a value-too-large finding, naming no content', async () => {
    const read = await readValueToCheck(fileSource('huge', CANARY.repeat(10_000)))
    assert.equal(read.value, undefined)
    assert.deepEqual(
      read.findings.map((finding) => `${finding.severity} ${finding.ruleId}@${finding.location}`),
      ['error value-too-large@value'],
    )
    assert.doesNotMatch(read.findings[0].message, /written|CANARY/)
  })

  it('still refuses a source it cannot read at all (usage error)', async () => {
    await assert.rejects(readValueToCheck({kind: 'file', path: join(dir, 'missing'), keepNewline: false}), UsageError)
  })
})
