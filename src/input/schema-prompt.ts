// Interactive authoring of a schema'd JSON secret, one field at a time: secret fields are
// asked hidden (and twice, when new), the others visibly with their defaults (the port
// follows the engine), required fields insist on an answer, fixed fields (engine) are filled
// in without asking, and a generated field (--generate) is used as given. Multi-line PEM
// fields are read from a file path, since a prompt line cannot hold them. On `put`, the
// current values are the defaults (Enter keeps a hidden one) and fields outside the schema
// are carried over. Prompts draw on stderr; Ctrl-C is InterruptedError (exit 130).
import {UsageError, ValidationError} from '../errors.js'
import {SECRET_ARN_PATTERN, hostProblem, isHttpsUrlWithoutCredentials, isPort} from '../schemas/field-rules.js'
import type {SchemaField, SecretSchema} from '../schemas/schema.js'
import {SecretValue} from '../secret-value.js'
import {readSecretFromFile} from './file.js'
import {interruptible} from './prompt-cancel.js'
import {isInteractive} from './terminal.js'
import {writeWarning} from '../wording.js'

export interface TextQuestion {
  message: string
  default?: string
  validate: (answer: string) => string | true
}

export interface SecretQuestion {
  message: string
  validate: (answer: string) => string | true
}

/** The three kinds of question the walk asks; inquirer by default, a script in tests. */
export interface FieldPrompter {
  text(question: TextQuestion): Promise<string>
  secret(question: SecretQuestion): Promise<string>
  confirm(question: {message: string; default: boolean}): Promise<boolean>
}

export interface SchemaPromptOptions {
  /** The current JSON object (put): its values become the defaults, its extra fields are kept. */
  existing?: Record<string, unknown>
  /** Fields already decided by --generate, e.g. {password: '…'}. */
  generated?: Record<string, string>
  /** Test seam: answers instead of inquirer (skips the terminal check). */
  prompter?: FieldPrompter
  /** Progress notes ("password: generated"); default stderr. */
  note?: (line: string) => void
  /** Warnings from reading PEM files (e.g. group-readable); default "Warning: …" on stderr. */
  warn?: (message: string) => void
}

const ATTEMPTS = 3

export async function promptSchemaFields(
  schema: SecretSchema,
  options: SchemaPromptOptions = {},
): Promise<SecretValue> {
  if (schema.kind !== 'json') throw new UsageError(`Schema ${schema.name} has no fields to prompt for.`)
  if (!options.prompter && !isInteractive()) {
    throw new UsageError(
      `Cannot prompt for the fields of schema ${schema.name}: not running from a terminal; pass the whole JSON with --from-stdin or --from-file.`,
    )
  }

  const prompter = options.prompter ?? (await inquirerPrompter())
  const note = options.note ?? ((line: string) => process.stderr.write(`${line}\n`))
  const warn = options.warn ?? writeWarning
  const existing = options.existing ?? {}
  const result: Record<string, unknown> = {}

  for (const field of schema.fields) {
    const generated = options.generated?.[field.name]
    if (field.fixed !== undefined) {
      result[field.name] = field.fixed
      continue
    }

    if (generated !== undefined) {
      result[field.name] = generated
      note(`${field.name}: generated`)
      continue
    }

    const defaults = schema.defaultsFor?.(result) ?? {}
    const answer = await askField(prompter, field, existing[field.name], defaults[field.name] ?? field.default, {
      note,
      warn,
    })
    if (answer !== undefined) result[field.name] = answer
  }

  // Fields outside the schema (replica hosts, identifiers...) survive a field-by-field edit.
  for (const [key, value] of Object.entries(existing)) {
    if (!(key in result) && !schema.fields.some((field) => field.name === key)) result[key] = value
  }

  return SecretValue.fromText(JSON.stringify(result))
}

async function askField(
  prompter: FieldPrompter,
  field: SchemaField,
  current: unknown,
  fallback: unknown,
  say: Say,
): Promise<unknown> {
  const label = `${field.name}${field.required ? '' : ' (optional)'}`
  if (field.type === 'pem') return askPemFile(prompter, field, label, current, say)
  if (field.secret) return askSecret(prompter, field, label, current, say)

  if (field.type === 'boolean') {
    const initial =
      typeof current === 'boolean'
        ? current
        : current === 'true'
          ? true
          : current === 'false'
            ? false
            : fallback === true
    return prompter.confirm({message: `${label} — ${field.description}`, default: initial})
  }

  const initial = current ?? fallback
  const answer = await prompter.text({
    message: `${label} — ${field.description}`,
    default: initial === undefined || initial === null ? undefined : String(initial),
    validate: (text) => visibleFieldProblem(field, text.trim()) ?? true,
  })
  const trimmed = answer.trim()
  if (trimmed === '') return undefined
  return field.type === 'port' ? Number(trimmed) : trimmed
}

/** Why a typed answer is not acceptable, relative to the field; undefined when it is. */
export function visibleFieldProblem(field: SchemaField, text: string): string | undefined {
  if (text === '') return field.required ? `${field.name} is required.` : undefined
  switch (field.type) {
    case 'port': {
      return isPort(text) ? undefined : 'Enter a TCP port: a whole number from 1 to 65535.'
    }

    case 'host': {
      const problem = hostProblem(text)
      return problem ? `${field.name} ${problem}.` : undefined
    }

    case 'url': {
      return isHttpsUrlWithoutCredentials(text)
        ? undefined
        : 'Enter an https:// URL (without a user name or password in it).'
    }

    case 'arn': {
      return SECRET_ARN_PATTERN.test(text)
        ? undefined
        : 'Enter a Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME).'
    }

    default: {
      return undefined
    }
  }
}

/** Where the walk talks to the user: notes (retries, generated fields) and warnings. */
interface Say {
  note: (line: string) => void
  warn: (message: string) => void
}

async function askSecret(
  prompter: FieldPrompter,
  field: SchemaField,
  label: string,
  current: unknown,
  say: Say,
): Promise<string | undefined> {
  const hasCurrent = typeof current === 'string' && current !== ''
  const hint = hasCurrent
    ? 'hidden; Enter keeps the current value'
    : field.required
      ? 'hidden'
      : 'hidden; Enter to leave it out'
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const first = await prompter.secret({
      message: `${label} (${hint})`,
      validate: (text) => (text === '' && field.required && !hasCurrent ? `${field.name} is required.` : true),
    })
    if (first === '') return hasCurrent ? current : undefined
    const second = await prompter.secret({message: `Repeat ${field.name}`, validate: () => true})
    if (first === second) return first
    say.note('The two entries did not match; try again.')
  }

  throw new ValidationError(`The two entries for ${field.name} did not match ${ATTEMPTS} times; nothing was written.`)
}

async function askPemFile(
  prompter: FieldPrompter,
  field: SchemaField,
  label: string,
  current: unknown,
  say: Say,
): Promise<string | undefined> {
  const hasCurrent = typeof current === 'string' && current !== ''
  const hint = hasCurrent ? 'Enter keeps the current one' : field.required ? 'required' : 'Enter to leave it out'
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const path = (
      await prompter.text({
        message: `${label}: path to the PEM file (${hint})`,
        validate: (text) => (text.trim() === '' && field.required && !hasCurrent ? `${field.name} is required.` : true),
      })
    ).trim()
    if (path === '') return hasCurrent ? current : undefined
    try {
      const content = await readSecretFromFile(path, {keepNewline: true, warn: say.warn})
      if (content.isBinary) throw new UsageError(`${path} is binary; ${field.name} must be PEM text.`)
      return content.revealText()
    } catch (error) {
      if (!(error instanceof UsageError) || attempt === ATTEMPTS) throw error
      say.note(error.message)
    }
  }

  return undefined
}

/** inquirer, loaded on first use, drawing on stderr; Ctrl-C becomes InterruptedError. */
async function inquirerPrompter(): Promise<FieldPrompter> {
  const {confirm, input, password} = await import('@inquirer/prompts')
  const context = {output: process.stderr}
  return {
    text: (question) =>
      interruptible(() =>
        input({message: question.message, default: question.default, validate: question.validate}, context),
      ),
    secret: (question) =>
      interruptible(() => password({message: question.message, mask: '*', validate: question.validate}, context)),
    confirm: (question) =>
      interruptible(() => confirm({message: question.message, default: question.default}, context)),
  }
}
