// From secret specs to environment variables, for `exec` and `export`. A spec names a secret,
// never a value: NAME, NAME:FIELD, NAME=VAR or NAME:FIELD=VAR. Without =VAR the variable is
// named after the field, or (a JSON object) one variable per key, or after the secret's last
// path segment, upper-cased, with --prefix. Names chosen by a secret's content (its JSON keys)
// may not set variables that change how programs start (PATH, LD_PRELOAD, NODE_OPTIONS, ...):
// whoever can write a secret must not get to run code in the consumer. Naming such a
// variable explicitly (NAME:FIELD=PATH) is the user's choice and allowed.
import {UsageError, fieldNeedsJsonObjectError} from '../errors.js'
import {displayKey, isDisplaySafeName} from '../lint/field-labels.js'
import type {SecretVersionValue} from '../stores/store.js'

export interface SecretSpec {
  /** The name or ARN to read. */
  secretId: string
  field?: string
  variable?: string
}

export interface SecretVariable {
  name: string
  /** The content; raw bytes only for a binary secret written to a file (--files). */
  value: string | Buffer
  /** Which secret it came from (for messages; names only). */
  secretId: string
  /** From a JSON field that is not a string (a number, boolean, object): e.g. a port. */
  structured?: boolean
}

export interface VariableOptions {
  /** Prepended to every name not given explicitly. */
  prefix?: string
  /** --files: a binary secret becomes a file of its bytes, and NUL bytes are fine. */
  toFiles?: boolean
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Variables that change what a program runs or loads; never set from a secret's content. */
const STARTUP_VARIABLES = new Set([
  'PATH',
  'HOME',
  'SHELL',
  'IFS',
  'ENV',
  'BASH_ENV',
  'CDPATH',
  'PS4',
  'SHELLOPTS',
  'BASHOPTS',
  'GLOBIGNORE',
  'PROMPT_COMMAND',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PYTHONINSPECT',
  'PERL5LIB',
  'PERL5OPT',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  '_JAVA_OPTIONS',
  'JDK_JAVA_OPTIONS',
  'CLASSPATH',
  'EDITOR',
  'VISUAL',
  'PAGER',
  'TMPDIR',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'NODE_EXTRA_CA_CERTS',
  'TZDIR',
  'LOCPATH',
  'GCONV_PATH',
])
const STARTUP_PREFIXES = ['LD_', 'DYLD_', 'BASH_FUNC_', 'GIT_', 'SECRETSMITH_']

export function parseSecretSpec(raw: string): SecretSpec {
  let rest = raw
  let variable: string | undefined
  const equals = rest.lastIndexOf('=')
  if (equals === 0) throw new UsageError('A secret spec needs a secret name before "=" (NAME=VAR).')
  // Secret names may contain "=", so only a valid variable name after the last one is a target.
  if (equals > 0 && VARIABLE_NAME.test(rest.slice(equals + 1))) {
    variable = rest.slice(equals + 1)
    rest = rest.slice(0, equals)
  } else if (equals === rest.length - 1 && equals > 0) {
    throw new UsageError('A secret spec ends in "="; give a variable name after it (NAME=VAR) or leave the "=" out.')
  }

  // Names never contain ":"; an ARN has six before its name.
  const fieldColon = rest.startsWith('arn:') ? nthIndexOf(rest, ':', 7) : rest.indexOf(':')
  let field: string | undefined
  if (fieldColon !== -1) {
    field = rest.slice(fieldColon + 1)
    rest = rest.slice(0, fieldColon)
    if (field === '')
      throw new UsageError('A secret spec ends in ":"; give a field name after it (NAME:FIELD) or leave the ":" out.')
  }

  if (rest === '') throw new UsageError('A secret spec needs a secret name before ":" or "=" (NAME[:FIELD][=VAR]).')
  return {secretId: rest, ...(field === undefined ? {} : {field}), ...(variable === undefined ? {} : {variable})}
}

/** The variables one secret gives, per its spec. Errors name fields and variables, never content. */
export function variablesFor(
  spec: SecretSpec,
  secret: SecretVersionValue,
  options: VariableOptions = {},
): SecretVariable[] {
  const {value} = secret
  const prefix = options.prefix ?? ''
  const named = (name: string, content: string | Buffer, fromContent: boolean, structured = false): SecretVariable => {
    assertSafeVariable(name, spec, fromContent)
    if (!options.toFiles && content.includes('\0')) {
      throw new UsageError(
        `Secret ${spec.secretId} contains a NUL byte, which an environment variable cannot hold; use --files.`,
      )
    }

    return {name, value: content, secretId: spec.secretId, ...(structured ? {structured} : {})}
  }

  if (spec.field !== undefined) {
    const object = value.revealJsonObject()
    if (!object) throw fieldNeedsJsonObjectError()
    if (!Object.hasOwn(object, spec.field)) {
      throw new UsageError(
        `${isDisplaySafeName(spec.field) ? `Field ${spec.field}` : 'A field named in a spec'} is not in secret ${spec.secretId}.`,
      )
    }

    const field = object[spec.field]
    return [
      named(
        spec.variable ?? prefix + variableNameFrom(spec.field, spec),
        fieldText(field),
        false,
        typeof field !== 'string',
      ),
    ]
  }

  if (value.isBinary) {
    if (!options.toFiles)
      throw new UsageError(`Secret ${spec.secretId} is binary, which an environment variable cannot hold; use --files.`)
    return [
      named(spec.variable ?? prefix + variableNameFrom(lastSegment(secret.name), spec), value.revealBytes(), false),
    ]
  }

  if (spec.variable !== undefined) return [named(spec.variable, value.revealText(), false)]
  const object = value.revealJsonObject()
  if (object) {
    return Object.entries(object).map(([key, field], index) => {
      const name = prefix + variableNameFrom(key, spec, index + 1)
      return named(name, fieldText(field), true, typeof field !== 'string')
    })
  }

  return [named(prefix + variableNameFrom(lastSegment(secret.name), spec), value.revealText(), false)]
}

/** Several secrets' variables; two that would set the same variable are an error, not a silent overwrite. */
export function collectVariables(groups: SecretVariable[][]): SecretVariable[] {
  const seen = new Map<string, SecretVariable>()
  for (const variable of groups.flat()) {
    const earlier = seen.get(variable.name)
    if (earlier) {
      throw new UsageError(
        `Both ${earlier.secretId} and ${variable.secretId} would set ${isDisplaySafeName(variable.name) ? variable.name : 'the same variable'}; name one explicitly (NAME:FIELD=VAR) or use --prefix.`,
      )
    }

    seen.set(variable.name, variable)
  }

  return [...seen.values()]
}

function variableNameFrom(text: string, spec: SecretSpec, position?: number): string {
  const name = text.toUpperCase().replaceAll(/[^A-Z0-9_]/g, '_')
  if (name === '' || /^_*$/.test(name)) {
    const what = position === undefined ? 'a name' : `key ${displayKey(text, position)}`
    throw new UsageError(
      `Secret ${spec.secretId}: ${what} gives no usable variable name; name it explicitly (NAME:FIELD=VAR).`,
    )
  }

  return /^[0-9]/.test(name) ? `_${name}` : name
}

function assertSafeVariable(name: string, spec: SecretSpec, fromContent: boolean): void {
  if (!VARIABLE_NAME.test(name)) {
    throw new UsageError(
      `${name.length <= 64 && isDisplaySafeName(name) ? name : 'A variable name'} is not a valid variable name (letters, digits and _, not starting with a digit).`,
    )
  }

  if (fromContent && (STARTUP_VARIABLES.has(name) || STARTUP_PREFIXES.some((prefix) => name.startsWith(prefix)))) {
    throw new UsageError(
      `Secret ${spec.secretId} has a key that would set ${name}, which changes how programs start; it is never set from a secret's keys. Name it explicitly (${spec.secretId}:FIELD=VAR) or use --prefix.`,
    )
  }
}

function fieldText(field: unknown): string {
  return typeof field === 'string' ? field : JSON.stringify(field)
}

function lastSegment(name: string): string {
  return name.split('/').filter(Boolean).at(-1) ?? name
}

function nthIndexOf(text: string, character: string, n: number): number {
  let at = -1
  for (let i = 0; i < n; i++) {
    at = text.indexOf(character, at + 1)
    if (at === -1) return -1
  }

  return at
}
