// The masked diff: key changes by name, values as sizes and fingerprints keyed per run, so
// equal values match within one diff and never across two; credential-looking keys by position.
import assert from 'node:assert/strict'

import {Fingerprinter, diffValues} from '../../src/history/value-diff.js'
import {versionSelector} from '../../src/history/version-selector.js'
import {formatValueDiff} from '../../src/output/value-diff.js'
import {paceWarning} from '../../src/authoring/pace.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const json = (object: unknown) => SecretValue.fromText(JSON.stringify(object))
const side = {versionId: 'v', stages: ['AWSCURRENT'], createdDate: '2026-12-01T00:00:00.000Z'}

describe('masked version diff', function () {
  it('names keys added, removed and changed, and counts the unchanged ones, with no value in the output', function () {
    const diff = diffValues(
      json({same: CANARY, gone: `${CANARY}-a`, changed: 1}),
      json({same: CANARY, changed: 2, added: `${CANARY}-a`}),
    )
    assert.equal(diff.kind, 'json')
    assert.equal(diff.equal, false)
    assert.deepEqual(
      diff.keys.map((key) => [key.key, key.change]),
      [
        ['gone', 'removed'],
        ['changed', 'changed'],
        ['added', 'added'],
      ],
    )
    assert.equal(diff.unchangedKeys, 1)
    assert.equal(
      diff.keys[0].from!.fingerprint,
      diff.keys[2].to!.fingerprint,
      'the same value, the same fingerprint within one diff',
    )
    assert.equal(diff.keys[0].from!.bytes, `${CANARY}-a`.length)
    const text = formatValueDiff('s', side, side, diff) + JSON.stringify(diff)
    assert.ok(!text.includes(CANARY))
  })

  it('keys fingerprints afresh for every run', function () {
    const value = Buffer.from(CANARY)
    assert.equal(new Fingerprinter().mask(value, false).fingerprint.length, 8)
    const fingerprints = new Set(Array.from({length: 20}, () => new Fingerprinter().mask(value, false).fingerprint))
    assert.ok(fingerprints.size > 15, 'a fingerprint is not stable across runs')
  })

  it('names a credential-looking key by its position, not its text', function () {
    const key = 'AKIAIOSFODNN7EXAMPLE'
    const diff = diffValues(json({user: 'a'}), json({user: 'a', [key]: 'x'}))
    assert.deepEqual(
      diff.keys.map((entry) => entry.key),
      ['#2'],
    )
  })

  it('compares a text or binary value whole, revealing text only when asked and binary never', function () {
    const text = diffValues(SecretValue.fromText(`${CANARY}-1`), SecretValue.fromText(`${CANARY}-2`), {reveal: true})
    assert.equal(text.kind, 'text')
    assert.equal(text.to.revealed, `${CANARY}-2`)
    assert.match(
      formatValueDiff('s', side, side, text),
      /^~ value "CANARY-7f3a9c-DO-NOT-LEAK-1" → "CANARY-7f3a9c-DO-NOT-LEAK-2"$/m,
    )
    const binary = diffValues(
      SecretValue.fromBinary(Buffer.from([1, 2])),
      SecretValue.fromBinary(Buffer.from([1, 2])),
      {reveal: true},
    )
    assert.equal(binary.kind, 'binary')
    assert.equal(binary.equal, true)
    assert.equal(binary.to.revealed, undefined)
    assert.match(formatValueDiff('s', side, side, binary), /binary value unchanged \*\*\* \(2 bytes/)
  })

  it('reports reformatted JSON as different, with no key changed', function () {
    const diff = diffValues(SecretValue.fromText('{"a":1}'), SecretValue.fromText('{ "a": 1 }'))
    assert.equal(diff.equal, false)
    assert.deepEqual(diff.keys, [])
    assert.match(formatValueDiff('s', side, side, diff), /formatting or key order differs/)
  })

  it('tells a version id from a staging label by its shape', function () {
    assert.deepEqual(versionSelector('AWSPREVIOUS'), {versionStage: 'AWSPREVIOUS'})
    assert.deepEqual(versionSelector('3f1c2a9e-0b5d-4c1e-9a7f-2d8e6b4c1a00'), {
      versionId: '3f1c2a9e-0b5d-4c1e-9a7f-2d8e6b4c1a00',
    })
    assert.deepEqual(versionSelector('blue'), {versionStage: 'blue'})
  })

  it('warns about a new version less than 10 minutes after the current one, and not after, nor across clock skew', function () {
    const at = new Date('2026-12-02T12:00:00Z')
    assert.match(
      paceWarning('s', new Date(at.getTime() - 9 * 60_000), at) ?? '',
      /only 9 min old; AWS advises a new value at most once every 10 minutes/,
    )
    assert.match(paceWarning('s', new Date(at.getTime() - 3000), at) ?? '', /only 3 s old/)
    assert.equal(paceWarning('s', new Date(at.getTime() - 10 * 60_000), at), undefined)
    assert.equal(paceWarning('s', new Date(at.getTime() + 60_000), at), undefined)
  })
})
