import assert from 'node:assert/strict'
import {format, inspect} from 'node:util'

import {SecretValue} from '../../src/secret-value.js'
import {CANARY} from '../support/run-cli.js'

describe('SecretValue', () => {
  const value = SecretValue.fromText(CANARY)

  it('never shows its content through string conversion, JSON, inspect or format', () => {
    for (const shown of [
      String(value),
      `${value}`,
      JSON.stringify({value}),
      inspect(value),
      inspect({nested: {value}}, {depth: 5}),
      format('%s %o %O %j', value, value, value, value),
      Object.prototype.toString.call(value),
    ]) {
      assert.ok(!shown.includes(CANARY), shown)
    }

    assert.equal(String(value), '[REDACTED]')
  })

  it('does not show its content when an error carrying it is printed', () => {
    const error = Object.assign(new Error('write failed'), {value})
    assert.ok(!inspect(error).includes(CANARY))
  })

  it('reveals text and bytes only when asked', () => {
    assert.equal(value.revealText(), CANARY)
    assert.deepEqual(value.revealBytes(), Buffer.from(CANARY))
    assert.equal(value.byteLength, CANARY.length)
    assert.equal(value.isBinary, false)
  })

  it('keeps non-UTF-8 bytes as a binary value and refuses a text form for them', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xc3])
    const binary = SecretValue.fromBytes(bytes)
    assert.equal(binary.isBinary, true)
    assert.deepEqual(binary.revealBytes(), bytes)
    assert.throws(() => binary.revealText(), TypeError)
    assert.equal(SecretValue.fromBytes(Buffer.from('héllo')).isBinary, false, 'valid UTF-8 is text')
    assert.equal(SecretValue.fromBinary(Buffer.from('abc')).isBinary, true, 'explicit binary stays binary')
  })

  it('hands out copies, so callers cannot mutate the held bytes', () => {
    const bytes = value.revealBytes()
    bytes.fill(0)
    assert.equal(value.revealText(), CANARY)
  })

  it('parses a JSON object value and returns undefined for anything else, without throwing', () => {
    assert.deepEqual(SecretValue.fromText('{"a":"1"}').revealJsonObject(), {a: '1'})
    assert.equal(SecretValue.fromText('[1]').revealJsonObject(), undefined)
    assert.equal(SecretValue.fromText(`{"broken": ${CANARY}`).revealJsonObject(), undefined)
    assert.equal(SecretValue.fromBinary(Buffer.from('{}')).revealJsonObject(), undefined)
  })

  it('compares by content and kind', () => {
    assert.ok(SecretValue.fromText('a').equals(SecretValue.fromText('a')))
    assert.ok(!SecretValue.fromText('a').equals(SecretValue.fromText('b')))
    assert.ok(!SecretValue.fromText('a').equals(SecretValue.fromBinary(Buffer.from('a'))))
  })
})
