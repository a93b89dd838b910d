// --generate and the `generate` command: a random password with the semantics of Secrets
// Manager's GetRandomPassword, so a value made offline on the local store looks like one the
// service would make: length 32 by default (1-4096), letters, digits and AWS's punctuation
// set, optional space, exclusions, and by default at least one of each included type.
// Every choice uses crypto.randomInt, which is uniform (no modulo bias).
import {randomInt} from 'node:crypto'

import {UsageError} from './errors.js'
import {SecretValue} from './secret-value.js'

/** GetRandomPassword's parameters; both stores take them. */
export interface PasswordOptions {
  length?: number
  excludeCharacters?: string
  excludeNumbers?: boolean
  excludePunctuation?: boolean
  excludeUppercase?: boolean
  excludeLowercase?: boolean
  includeSpace?: boolean
  requireEachIncludedType?: boolean
}

export const DEFAULT_PASSWORD_LENGTH = 32
export const MIN_PASSWORD_LENGTH = 1
export const MAX_PASSWORD_LENGTH = 4096
/** GetRandomPassword's ExcludeCharacters limit. */
const MAX_EXCLUDE_CHARACTERS = 4096

export const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz'
export const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const DIGITS = '0123456789'
/** The set Secrets Manager documents for ExcludePunctuation. */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
const SPACE = ' '

interface CharacterClass {
  name: string
  characters: string
  /** Counts toward RequireEachIncludedType (space does not, as in Secrets Manager). */
  required: boolean
}

/** The character classes a password may draw from under these options, exclusions applied. */
export function passwordCharacterClasses(options: PasswordOptions = {}): CharacterClass[] {
  const excluded = new Set(options.excludeCharacters ?? '')
  const keep = (characters: string) => [...characters].filter((character) => !excluded.has(character)).join('')
  const classes: CharacterClass[] = []
  if (!options.excludeLowercase) classes.push({name: 'lowercase letters', characters: keep(LOWERCASE), required: true})
  if (!options.excludeUppercase) classes.push({name: 'uppercase letters', characters: keep(UPPERCASE), required: true})
  if (!options.excludeNumbers) classes.push({name: 'numbers', characters: keep(DIGITS), required: true})
  if (!options.excludePunctuation) classes.push({name: 'punctuation', characters: keep(PUNCTUATION), required: true})
  if (options.includeSpace) classes.push({name: 'space', characters: keep(SPACE), required: false})
  // A class whose every character is excluded is simply not included (and so not required).
  return classes.filter((characterClass) => characterClass.characters.length > 0)
}

export function generatePassword(options: PasswordOptions = {}): SecretValue {
  const length = options.length ?? DEFAULT_PASSWORD_LENGTH
  if (!Number.isInteger(length) || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(`--length must be a whole number from ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH}.`)
  }

  if ((options.excludeCharacters?.length ?? 0) > MAX_EXCLUDE_CHARACTERS) {
    throw new UsageError(`--exclude-characters is at most ${MAX_EXCLUDE_CHARACTERS} characters.`)
  }

  const classes = passwordCharacterClasses(options)
  const alphabet = classes.map((characterClass) => characterClass.characters).join('')
  if (alphabet.length === 0) {
    throw new UsageError('The password options exclude every character; include at least one character type.')
  }

  const requireEach = options.requireEachIncludedType ?? true
  const required = requireEach ? classes.filter((characterClass) => characterClass.required) : []
  if (required.length > length) {
    throw new UsageError(
      `A ${length}-character password cannot hold one of each of the ${required.length} included types (${required.map((c) => c.name).join(', ')}); use a larger --length or --no-require-each-included-type.`,
    )
  }

  // One from each required class, the rest from the whole alphabet, then a Fisher-Yates shuffle
  // so the required characters do not sit at predictable positions.
  const characters: string[] = required.map((characterClass) => pick(characterClass.characters))
  while (characters.length < length) characters.push(pick(alphabet))
  for (let index = characters.length - 1; index > 0; index--) {
    const other = randomInt(index + 1)
    ;[characters[index], characters[other]] = [characters[other], characters[index]]
  }

  const value = SecretValue.fromText(characters.join(''))
  characters.fill('')
  return value
}

function pick(characters: string): string {
  return characters[randomInt(characters.length)]
}
