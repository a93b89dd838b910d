import assert from 'node:assert/strict'

import {UsageError} from '../../src/errors.js'
import {
  DIGITS,
  LOWERCASE,
  PUNCTUATION,
  UPPERCASE,
  generatePassword,
  passwordCharacterClasses,
} from '../../src/password.js'
import {SecretValue} from '../../src/secret-value.js'

const has = (text: string, set: string) => [...text].some((character) => set.includes(character))
const only = (text: string, set: string) => [...text].every((character) => set.includes(character))

describe('generatePassword', () => {
  it('makes a 32-character text password by default, drawn from letters, digits and punctuation', () => {
    const password = generatePassword()
    assert.ok(password instanceof SecretValue)
    assert.equal(password.isBinary, false)
    const text = password.revealText()
    assert.equal(text.length, 32)
    assert.ok(only(text, LOWERCASE + UPPERCASE + DIGITS + PUNCTUATION))
    assert.ok(!text.includes(' '))
  })

  it('uses exactly the punctuation set Secrets Manager documents', () => {
    assert.equal(PUNCTUATION, '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~')
    assert.equal(PUNCTUATION.length, 32)
  })

  it('honours every length from 1 to 4096 at the edges', () => {
    assert.equal(generatePassword({length: 1, requireEachIncludedType: false}).revealText().length, 1)
    assert.equal(generatePassword({length: 4}).revealText().length, 4)
    assert.equal(generatePassword({length: 4096}).revealText().length, 4096)
  })

  it('refuses lengths outside 1..4096 and non-integers with a usage error', () => {
    for (const length of [0, -1, 4097, 1.5, Number.NaN]) {
      assert.throws(() => generatePassword({length}), UsageError, `length ${length}`)
    }
  })

  it('includes at least one of each included type by default, every time', () => {
    for (let run = 0; run < 300; run++) {
      const text = generatePassword({length: 4}).revealText()
      assert.ok(
        has(text, LOWERCASE) && has(text, UPPERCASE) && has(text, DIGITS) && has(text, PUNCTUATION),
        'each type present',
      )
    }
  })

  it('refuses a length too short to hold one of each required type, suggesting the way out', () => {
    assert.throws(
      () => generatePassword({length: 3}),
      (error: Error) => {
        assert.ok(error instanceof UsageError)
        assert.match(error.message, /--no-require-each-included-type/)
        return true
      },
    )
    assert.equal(generatePassword({length: 3, requireEachIncludedType: false}).revealText().length, 3)
    assert.equal(generatePassword({length: 3, excludePunctuation: true}).revealText().length, 3)
  })

  it('leaves out each excluded type', () => {
    const cases: Array<[Parameters<typeof generatePassword>[0], string]> = [
      [{excludeLowercase: true}, LOWERCASE],
      [{excludeUppercase: true}, UPPERCASE],
      [{excludeNumbers: true}, DIGITS],
      [{excludePunctuation: true}, PUNCTUATION],
    ]
    for (const [options, excludedSet] of cases) {
      for (let run = 0; run < 50; run++) {
        const text = generatePassword({...options, length: 64}).revealText()
        assert.ok(!has(text, excludedSet), `${JSON.stringify(options)} leaves out its set`)
      }
    }
  })

  it('never uses a character named in excludeCharacters', () => {
    const excluded = '\'"\\`$lI1O0'
    for (let run = 0; run < 50; run++) {
      const text = generatePassword({length: 256, excludeCharacters: excluded}).revealText()
      assert.ok(!has(text, excluded))
    }
  })

  it('drops a type whose every character is excluded instead of requiring it', () => {
    const classes = passwordCharacterClasses({excludeCharacters: DIGITS})
    assert.ok(!classes.some((characterClass) => characterClass.name === 'numbers'))
    const text = generatePassword({length: 3, excludeCharacters: DIGITS}).revealText()
    assert.ok(!has(text, DIGITS))
  })

  it('includes spaces only when asked', () => {
    let sawSpace = false
    for (let run = 0; run < 20 && !sawSpace; run++) {
      sawSpace = generatePassword({length: 512, includeSpace: true}).revealText().includes(' ')
    }

    assert.ok(sawSpace, 'a space appears in 20 passwords of 512 characters with includeSpace')
    assert.ok(!generatePassword({length: 4096}).revealText().includes(' '))
  })

  it('refuses options that exclude every character', () => {
    assert.throws(
      () =>
        generatePassword({
          excludeLowercase: true,
          excludeUppercase: true,
          excludeNumbers: true,
          excludePunctuation: true,
        }),
      UsageError,
    )
    assert.throws(() => generatePassword({excludeCharacters: LOWERCASE + UPPERCASE + DIGITS + PUNCTUATION}), UsageError)
  })

  it('can make a password of digits only (a PIN)', () => {
    const text = generatePassword({
      length: 6,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    }).revealText()
    assert.match(text, /^\d{6}$/)
  })

  it('spreads characters across the alphabet (every digit appears in a long digit-only password)', () => {
    const text = generatePassword({
      length: 4096,
      excludeLowercase: true,
      excludeUppercase: true,
      excludePunctuation: true,
    }).revealText()
    const counts = new Map<string, number>()
    for (const character of text) counts.set(character, (counts.get(character) ?? 0) + 1)
    assert.equal(counts.size, 10)
    // Expected ~410 each; a uniform source stays far inside these loose bounds.
    for (const count of counts.values()) assert.ok(count > 250 && count < 600, `count ${count}`)
  })

  it('does not put the required characters at fixed positions', () => {
    // With a 4-character, 4-type password, the first character must vary in type across runs.
    const firstTypes = new Set<string>()
    for (let run = 0; run < 200; run++) {
      const first = generatePassword({length: 4}).revealText()[0]
      firstTypes.add(
        LOWERCASE.includes(first) ? 'l' : UPPERCASE.includes(first) ? 'u' : DIGITS.includes(first) ? 'd' : 'p',
      )
    }

    assert.equal(firstTypes.size, 4)
  })

  it('gives a different password each time', () => {
    const seen = new Set(Array.from({length: 50}, () => generatePassword().revealText()))
    assert.equal(seen.size, 50)
  })

  it('hides the password from string conversion and JSON', () => {
    const password = generatePassword()
    assert.equal(String(password), '[REDACTED]')
    assert.equal(JSON.stringify({password}), '{"password":"[REDACTED]"}')
  })
})
