// Counted nouns read the same whichever way the number is written: groupDigits spells out what
// toLocaleString('en-US') writes (thousands separated by commas), without loading the locale
// data that a first toLocaleString costs a command.
import assert from 'node:assert/strict'
import {readFileSync, readdirSync} from 'node:fs'
import {join, relative} from 'node:path'

import {groupDigits, plural} from '../../src/wording.js'

const SRC = new URL('../../src', import.meta.url).pathname

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, {withFileTypes: true}).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

describe('wording', function () {
  it('groupDigits writes every whole number exactly as toLocaleString("en-US") does', function () {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, 1001, 12_345, 999_999, 1_000_000, 65_536, 2 ** 31, 2 ** 53 - 1]
    for (const count of [...samples, ...samples.map((count) => -count).filter((count) => count !== 0)]) {
      assert.equal(groupDigits(count), count.toLocaleString('en-US'), String(count))
    }
  })

  it('groupDigits hands a number that is not a safe whole number to toLocaleString', function () {
    for (const count of [1.5, 1234.5678, 2 ** 60, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(groupDigits(count), count.toLocaleString('en-US'), String(count))
    }
  })

  it('plural counts with separators and picks the noun by the number', function () {
    assert.equal(plural(1, 'attempt'), '1 attempt')
    assert.equal(plural(3, 'attempt'), '3 attempts')
    assert.equal(plural(0, 'secret'), '0 secrets')
    assert.equal(plural(1000, 'cached entry', 'cached entries'), '1,000 cached entries')
  })

  it('no module but wording.ts formats a number with toLocaleString (which would load the locale data)', function () {
    const offenders = sourceFiles(SRC)
      .filter((path) => relative(SRC, path) !== 'wording.ts')
      .filter((path) => /\.toLocale(String|DateString|TimeString)\(/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(SRC, path))
    assert.deepEqual(offenders, [], 'use groupDigits() or plural() from wording.ts')
  })
})
