// Yes/no settings read from the environment (SECRETSMITH_STRICT, SECRETSMITH_KEYCHAIN): the
// usual spellings of true and false are understood, and anything else is refused (exit 2)
// rather than silently read as false: SECRETSMITH_STRICT=on must not mean "not strict".
import {UsageError} from './errors.js'

type Environment = Record<string, string | undefined>

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'on'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'off'])

/**
 * The variable as a boolean; undefined when unset or empty. `extraTrue` adds words that mean
 * true for this variable only. The value is not repeated in the error: an environment
 * variable can hold anything, a pasted secret included.
 */
export function readBooleanEnv(env: Environment, name: string, extraTrue: readonly string[] = []): boolean | undefined {
  const value = env[name]?.trim().toLowerCase()
  if (value === undefined || value === '') return undefined
  if (TRUE_WORDS.has(value) || extraTrue.includes(value)) return true
  if (FALSE_WORDS.has(value)) return false
  throw new UsageError(`${name} must be true or false (also 1/0, yes/no, on/off); the value it has is none of these.`)
}
