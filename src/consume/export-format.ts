// `export` output formats. dotenv and shell output is meant to be `source`d, so no value may
// start a command substitution, expand a variable or break out of its quotes: values are
// single-quoted, where a POSIX shell takes every byte literally. dotenv files are also read by
// dotenv libraries, which know no '\'' escape: a value that no quoting both read the same way
// is refused for dotenv (with shell and json offered), never written ambiguously.
import {UsageError} from '../errors.js'
import {singleQuote} from '../shell-quote.js'
import {isDisplaySafeName} from '../lint/field-labels.js'
import type {SecretVariable} from './secret-variables.js'

export const EXPORT_FORMATS = ['dotenv', 'json', 'shell'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export function formatExport(variables: SecretVariable[], format: ExportFormat): string {
  const entries = variables.map(
    ({name, value}) => [name, typeof value === 'string' ? value : value.toString('utf8')] as const,
  )
  if (format === 'json') return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`
  return (
    entries
      .map(([name, value]) =>
        format === 'shell' ? `export ${name}=${singleQuote(value)}` : `${name}=${dotenvQuote(name, value)}`,
      )
      .join('\n') + (entries.length > 0 ? '\n' : '')
  )
}

/**
 * Single quotes where the value has none (literal to both a shell and dotenv); double quotes
 * where it has one but nothing a shell or dotenv would interpret inside double quotes.
 */
function dotenvQuote(name: string, value: string): string {
  const label = isDisplaySafeName(name) ? name : 'A variable'
  // dotenv turns every CR into a line break before parsing.
  if (value.includes('\r')) throw unrepresentable(label, 'a carriage return')
  if (!value.includes("'")) return `'${value}'`
  if (!/["$`\\]/.test(value)) return `"${value}"`
  throw unrepresentable(label, 'both a single quote and one of " $ ` \\')
}

function unrepresentable(label: string, what: string): UsageError {
  return new UsageError(
    `${label} has ${what}, which no dotenv quoting keeps safe to source and exact for dotenv readers; use --format shell or --format json.`,
  )
}
