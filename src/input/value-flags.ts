// The oclif flags that choose where a value comes from, and GetRandomPassword's options for
// --generate. Spread them into a command's static flags. None of them takes secret content
// (no value ever travels through argv): the only string flags are a file path and a set of
// characters to leave out.
// No defaults are set here, so chooseValueSource can tell "given" from "absent"; the defaults
// (length 32, each included type required) live in generatePassword.
import {Flags} from '@oclif/core'

import {DEFAULT_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, type PasswordOptions} from '../password.js'

const SOURCE_GROUP = 'VALUE SOURCE'
const PASSWORD_GROUP = 'GENERATED PASSWORD'

export const valueSourceFlags = {
  'from-stdin': Flags.boolean({
    summary: 'Read the value from stdin (one trailing newline is dropped).',
    helpGroup: SOURCE_GROUP,
  }),
  'from-file': Flags.string({
    summary: 'Read the value from a regular file (- for stdin; one trailing newline is dropped).',
    helpValue: 'PATH',
    helpGroup: SOURCE_GROUP,
  }),
  edit: Flags.boolean({
    summary: 'Write the value in $VISUAL / $EDITOR, at a terminal (a private temp file, removed afterwards).',
    helpGroup: SOURCE_GROUP,
  }),
  generate: Flags.boolean({
    summary: 'Use a random password (see the password flags).',
    helpGroup: SOURCE_GROUP,
  }),
  'keep-newline': Flags.boolean({
    summary: 'Keep a trailing newline from --from-stdin, --from-file or --edit.',
    helpGroup: SOURCE_GROUP,
  }),
}

export const passwordFlags = {
  length: Flags.integer({
    summary: `Password length (default ${DEFAULT_PASSWORD_LENGTH}).`,
    min: MIN_PASSWORD_LENGTH,
    max: MAX_PASSWORD_LENGTH,
    helpGroup: PASSWORD_GROUP,
  }),
  'exclude-characters': Flags.string({
    summary: 'Characters to leave out of the password (not a value: a set of characters never used).',
    helpValue: 'CHARS',
    helpGroup: PASSWORD_GROUP,
  }),
  'exclude-numbers': Flags.boolean({summary: 'Leave out digits.', helpGroup: PASSWORD_GROUP}),
  'exclude-punctuation': Flags.boolean({
    summary: 'Leave out punctuation: !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    helpGroup: PASSWORD_GROUP,
  }),
  'exclude-uppercase': Flags.boolean({summary: 'Leave out uppercase letters.', helpGroup: PASSWORD_GROUP}),
  'exclude-lowercase': Flags.boolean({summary: 'Leave out lowercase letters.', helpGroup: PASSWORD_GROUP}),
  'include-space': Flags.boolean({summary: 'Allow the space character.', helpGroup: PASSWORD_GROUP}),
  'require-each-included-type': Flags.boolean({
    summary: 'Use at least one of each included type (default; --no-require-each-included-type to turn off).',
    allowNo: true,
    helpGroup: PASSWORD_GROUP,
  }),
}

/** The flag names of passwordFlags, for "only with --generate" checks. */
export const PASSWORD_FLAG_NAMES = Object.keys(passwordFlags) as Array<keyof typeof passwordFlags>

export function passwordOptionsFromFlags(flags: Record<string, unknown>): PasswordOptions {
  const options: PasswordOptions = {}
  if (flags.length !== undefined) options.length = flags.length as number
  if (flags['exclude-characters'] !== undefined) options.excludeCharacters = flags['exclude-characters'] as string
  if (flags['exclude-numbers'] !== undefined) options.excludeNumbers = flags['exclude-numbers'] as boolean
  if (flags['exclude-punctuation'] !== undefined) options.excludePunctuation = flags['exclude-punctuation'] as boolean
  if (flags['exclude-uppercase'] !== undefined) options.excludeUppercase = flags['exclude-uppercase'] as boolean
  if (flags['exclude-lowercase'] !== undefined) options.excludeLowercase = flags['exclude-lowercase'] as boolean
  if (flags['include-space'] !== undefined) options.includeSpace = flags['include-space'] as boolean
  if (flags['require-each-included-type'] !== undefined) {
    options.requireEachIncludedType = flags['require-each-included-type'] as boolean
  }

  return options
}
