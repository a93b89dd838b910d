// The help class's own wrap for plain text (src/plain-wrap.ts) gives wrap-ansi's lines, as
// oclif's help calls it (hard wrap), for every string of secretsmith's help at many widths and
// for generated text full of the edge cases (runs of spaces, words longer than a line, empty
// lines); text it cannot judge (escapes, tabs, wide characters) is left to wrap-ansi.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import {ONE_COLUMN_MARKS, wrapPlain} from '../../src/plain-wrap.js'
import {REPO_ROOT} from '../support/run-cli.js'

// wrap-ansi and string-width as oclif's help resolves them (dependencies of @oclif/core).
const oclifRequire = createRequire(createRequire(import.meta.url).resolve('@oclif/core/package.json'))
const wrapAnsi = oclifRequire('wrap-ansi') as (text: string, columns: number, options: {hard: boolean}) => string
const stringWidth = oclifRequire('string-width') as (text: string) => number

const hardWrap = (text: string, columns: number) => wrapAnsi(text, columns, {hard: true})

/** Every string in oclif.manifest.json: summaries, descriptions, flag help, examples. */
function helpStrings(): string[] {
  const found = new Set<string>()
  const walk = (value: unknown): void => {
    if (typeof value === 'string') found.add(value)
    else if (Array.isArray(value)) value.forEach(walk)
    else if (value && typeof value === 'object') Object.values(value).forEach(walk)
  }

  walk(JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')))
  return [...found]
}

/** A small deterministic generator (the same cases on every run). */
function* generated(count: number): Generator<string> {
  let seed = 7
  const next = (limit: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    return seed % limit
  }

  const pieces = ['a', 'bc', 'word', 'a-very-long-unbroken-word', ' ', ' ', '  ', '\n', '\n\n', '–', '→', '.']
  for (let index = 0; index < count; index++) {
    let text = ''
    const length = next(14)
    for (let piece = 0; piece < length; piece++) text += pieces[next(pieces.length)]
    yield text
  }
}

describe('wrapping plain help text without wrap-ansi', function () {
  this.timeout(60_000)

  it('gives wrap-ansi’s lines for every string of the help, at widths from 1 to 240', () => {
    const strings = helpStrings()
    assert.ok(strings.length > 100)
    let compared = 0
    for (const columns of [1, 2, 3, 5, 8, 13, 21, 31, 38, 40, 56, 66, 76, 78, 80, 98, 120, 158, 240])
      for (const text of strings) {
        const wrapped = wrapPlain(text, columns)
        if (wrapped === undefined) continue
        assert.equal(wrapped, hardWrap(text, columns), `${JSON.stringify(text.slice(0, 60))} at ${columns}`)
        compared++
      }

    // Nearly every string is plain; the comparison would prove nothing if none were.
    assert.ok(compared > strings.length * 15, `only ${compared} compared`)
  })

  it('gives wrap-ansi’s lines for generated text: runs of spaces, long words, empty lines', () => {
    for (const text of generated(3000))
      for (const columns of [1, 2, 3, 4, 7, 10, 16])
        assert.equal(wrapPlain(text, columns), hardWrap(text, columns), `${JSON.stringify(text)} at ${columns}`)
  })

  it('counts each mark it lets through as one column, as string-width does', () => {
    for (const mark of ONE_COLUMN_MARKS) {
      assert.equal(stringWidth(mark), 1, mark)
      assert.equal(stringWidth(`a${mark}b`), 3, mark)
      assert.equal(mark.normalize(), mark)
      assert.equal(`${mark} `.trim(), mark)
    }
  })

  it('leaves to wrap-ansi escapes, tabs, carriage returns, wide and other characters, and widths below 1', () => {
    for (const text of ['\u001B[1mbold\u001B[22m', 'a\tb', 'a\r\nb', '漢字', 'café', 'é', '😀', '\u00A0'])
      assert.equal(wrapPlain(text, 20), undefined, JSON.stringify(text))
    assert.equal(wrapPlain('plain', 0), undefined)
    assert.equal(wrapPlain('plain', -3), undefined)
    assert.equal(wrapPlain('plain', 2.5), undefined)
  })
})
