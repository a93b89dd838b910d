// Masking secret values in a child's output: every form (raw, base64 in any alignment,
// URL-encoded, JSON-escaped) becomes *****, however the output is cut into chunks.
import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {text as collect} from 'node:stream/consumers'

import {MASK, OutputMasker, maskPatterns, maskingStream} from '../../src/consume/output-mask.js'
import {CANARY} from '../support/run-cli.js'

const SECRET = `${CANARY} p@ss/wörd+"quote"\\back&x=1`

function maskAll(patterns: Buffer[], chunks: Buffer[]): string {
  const masker = new OutputMasker(patterns)
  return Buffer.concat([...chunks.map((chunk) => masker.push(chunk)), masker.flush()]).toString('utf8')
}

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 31
  }
}

function splitRandomly(bytes: Buffer, next: () => number): Buffer[] {
  const chunks: Buffer[] = []
  let at = 0
  while (at < bytes.length) {
    const size = 1 + Math.floor(next() * 7)
    chunks.push(bytes.subarray(at, at + size))
    at += size
  }

  return chunks
}

describe('output masking', () => {
  const patterns = maskPatterns(SECRET)
  const forms = {
    raw: SECRET,
    base64: Buffer.from(SECRET).toString('base64'),
    base64url: Buffer.from(SECRET).toString('base64url'),
    'base64 inside a Basic credential': Buffer.from(`admin:${SECRET}`).toString('base64'),
    'base64 at the third alignment': Buffer.from(`ab${SECRET}`).toString('base64'),
    'URL-encoded': encodeURIComponent(SECRET),
    'form-encoded': new URLSearchParams({p: SECRET}).toString().slice(2),
    'JSON-escaped': JSON.stringify(SECRET).slice(1, -1),
    'JSON-escaped with \\u escapes': JSON.stringify(SECRET).slice(1, -1).replace('ö', '\\u00f6'),
  }

  for (const [label, form] of Object.entries(forms)) {
    it(`masks the ${label} form, whole and cut into one-byte writes`, () => {
      const output = Buffer.from(`before ${form} after\n`)
      for (const chunks of [[output], [...output].map((byte) => Buffer.from([byte]))]) {
        const masked = maskAll(patterns, chunks)
        assert.ok(!masked.includes(CANARY), masked)
        assert.ok(masked.startsWith('before ') && masked.endsWith(' after\n'), masked)
        assert.ok(masked.includes(MASK.toString()), masked)
      }
    })
  }

  it('the masked text is the same however the output is cut, and never holds a form of the value', () => {
    const next = random(12_345)
    const pieces = ['plain text ', ...Object.values(forms), '\n', 'CANARY-7f ', 'p@ss', ' tail']
    for (let round = 0; round < 300; round++) {
      const text = Array.from(
        {length: 1 + Math.floor(next() * 8)},
        () => pieces[Math.floor(next() * pieces.length)],
      ).join('')
      const bytes = Buffer.from(text)
      const whole = maskAll(patterns, [bytes])
      const cut = maskAll(patterns, splitRandomly(bytes, next))
      assert.equal(cut, whole, `round ${round}`)
      for (const pattern of patterns) assert.ok(!Buffer.from(cut).includes(pattern), `round ${round} leaked a form`)
    }
  })

  it('a value that overlaps itself never leaks its second half across a cut', () => {
    const overlapping = maskPatterns('abcabcab')
    for (let cut = 1; cut < 14; cut++) {
      const bytes = Buffer.from('xxabcabcabcabzz')
      const masked = maskAll(overlapping, [bytes.subarray(0, cut), bytes.subarray(cut)])
      assert.ok(!masked.includes('abcab'), `cut at ${cut}: ${masked}`)
      assert.ok(masked.startsWith('xx') && masked.endsWith('zz'), masked)
    }
  })

  it('passes output through at once unless it ends in the start of a secret', () => {
    const masker = new OutputMasker(patterns)
    assert.equal(masker.push(Buffer.from('Password: ')).toString(), 'Password: ')
    assert.equal(masker.push(Buffer.from(`ok ${CANARY.slice(0, 10)}`)).toString(), 'ok ')
    assert.equal(masker.push(Buffer.from(CANARY.slice(10))).toString(), '', 'still the start of the secret: held')
    assert.equal(
      masker.push(Buffer.from('! done')).toString(),
      `${CANARY}! done`,
      'not the secret after all: passed on',
    )
    assert.equal(masker.flush().toString(), '')
  })

  it('leaves values shorter than 4 bytes alone rather than masking every occurrence of them', () => {
    assert.deepEqual(maskPatterns('abc'), [])
    assert.equal(maskAll(maskPatterns('abc'), [Buffer.from('abc abc')]), 'abc abc')
  })

  it('works as a stream', async () => {
    const source = Readable.from([Buffer.from(`a ${SECRET.slice(0, 5)}`), Buffer.from(`${SECRET.slice(5)} b`)])
    assert.equal(await collect(source.pipe(maskingStream(patterns))), 'a ***** b')
  })
})
