// Typed errors, each carrying its documented exit code. Messages are one line, say what
// happened and what to do next, and never contain a secret value: build them from names,
// field names, sizes and positions only.
import {suggestCommand} from './command-hint.js'

export const ExitCode = {
  Ok: 0,
  Unexpected: 1,
  Usage: 2,
  NotFound: 3,
  Conflict: 4,
  Validation: 5,
  Unavailable: 6,
  AccessDenied: 7,
  OutcomeUnknown: 8,
  Interrupted: 130,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

/** The documented exit codes; a test checks the README's table against this list. */
export const EXIT_CODE_MEANINGS: ReadonlyArray<[ExitCode, string]> = [
  [ExitCode.Ok, 'success'],
  [ExitCode.Unexpected, 'unexpected error (a bug, or a damaged local store)'],
  [ExitCode.Usage, 'usage error: bad flags, arguments or value source'],
  [ExitCode.NotFound, 'the secret (or version) does not exist'],
  [ExitCode.Conflict, 'conflict: the secret already exists, or changed underneath you'],
  [ExitCode.Validation, 'the value or metadata failed validation (or --strict found a warning)'],
  [ExitCode.Unavailable, 'throttled or unavailable after retries'],
  [ExitCode.AccessDenied, 'missing or rejected credentials, or access denied'],
  [
    ExitCode.OutcomeUnknown,
    "a write's answer was lost and looking again failed: it may have happened (check with describe)",
  ],
  [ExitCode.Interrupted, 'interrupted (Ctrl-C)'],
]

export class SecretsmithError extends Error {
  readonly exitCode: ExitCode
  /** A short machine-readable code for --json output, e.g. "NotFound". */
  readonly code: string
  /** Structured, value-free detail for --json output (e.g. lint findings). */
  details?: unknown

  constructor(message: string, exitCode: ExitCode, code: string) {
    super(message)
    this.name = new.target.name
    this.exitCode = exitCode
    this.code = code
  }
}

export class UsageError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.Usage, 'Usage')
  }
}

export class NotFoundError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.NotFound, 'NotFound')
  }
}

export class ConflictError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.Conflict, 'Conflict')
  }
}

export class ValidationError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.Validation, 'Validation')
  }
}

export class UnavailableError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.Unavailable, 'Unavailable')
  }
}

export class AccessDeniedError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.AccessDenied, 'AccessDenied')
  }
}

export class InterruptedError extends SecretsmithError {
  constructor(message = 'Interrupted; nothing was written.') {
    super(message, ExitCode.Interrupted, 'Interrupted')
  }
}

/**
 * A write whose answer was lost (the connection dropped, or every retry was throttled after a
 * first attempt may have landed) and whose outcome a second look could not settle.
 */
export class OutcomeUnknownError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.OutcomeUnknown, 'OutcomeUnknown')
  }
}

/** A local store record that fails authentication or is cut short: never used, always reported. */
export class IntegrityError extends SecretsmithError {
  constructor(message: string) {
    super(message, ExitCode.Unexpected, 'Integrity')
  }
}

/**
 * The conflicts several layers detect (authoring pre-checks, each store), worded once so the
 * user sees the same text whichever layer noticed.
 */
export function changedUnderneathError(
  name: string,
  currentVersionId: string | undefined,
  expectedVersionId: string,
  outcome = 'Nothing was written',
): ConflictError {
  return new ConflictError(
    `Secret ${name} changed underneath you: someone else wrote it (AWSCURRENT is on version ${currentVersionId ?? '(none)'}, not on the ${versionPhrase(expectedVersionId)}). ${outcome}; re-read the secret and try again.`,
  )
}

/** A create whose name is taken by a live secret. */
export function alreadyExistsError(name: string, options: {where?: string} = {}): ConflictError {
  const where = options.where ? ` in ${options.where}` : ''
  return new ConflictError(
    `A secret named ${name} already exists${where}; use put to add a new version: ${suggestCommand('put', name)}`,
  )
}

export function scheduledForDeletionError(
  name: string,
  options: {creating?: boolean; where?: string} = {},
): ConflictError {
  const where = options.where ? ` in ${options.where}` : ''
  return new ConflictError(
    options.creating
      ? `A secret named ${name} is scheduled for deletion${where}; restore it (${suggestCommand('restore', name)}) or force-delete it before creating one with that name.`
      : `Secret ${name} is scheduled for deletion${where}; restore it first (${suggestCommand('restore', name)}).`,
  )
}

/**
 * A read by staging label (get --version-stage) that no version of an existing secret carries:
 * the secret is there, the label is not, and the user should not go looking for the secret.
 */
export function labelOnNoVersionError(name: string, stage: string, options: {where?: string} = {}): NotFoundError {
  const where = options.where ? ` in ${options.where}` : ''
  const label = STAGE_SHAPE.test(stage) ? `label ${stage}` : 'label given (not repeated)'
  return new NotFoundError(
    `The ${label} is on no version of secret ${name}${where}; the secret exists (see its labels: ${suggestCommand('versions', name)}).`,
  )
}

/** `--field` (get and put) on a secret whose value is not a JSON object. */
export function fieldNeedsJsonObjectError(): UsageError {
  return new UsageError("--field needs a JSON object value; this secret's value is not one.")
}

// Version ids and staging labels given on the command line are repeated in messages only when
// they have the expected shape: something else typed there may be a value pasted in the
// wrong place. Version ids are UUIDs (secretsmith's client request tokens, the console's and
// the SDKs'); the labels repeated are the AWS ones and secretsmith's own.
const VERSION_ID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const STAGE_SHAPE = /^(AWS[A-Z]{1,20}|secretsmith-cas-[0-9a-f-]{36})$/

/** "version 0e1f…", or words that do not repeat an id without a version id's shape. */
export function versionPhrase(versionId: string): string {
  return VERSION_ID_SHAPE.test(versionId)
    ? `version ${versionId}`
    : 'version with the id given (not repeated: it is not shaped like a version id)'
}

/** "AWSPREVIOUS", or words that do not repeat an unexpected label. */
export function stagePhrase(stage: string): string {
  return STAGE_SHAPE.test(stage) ? stage : 'the label given (not repeated)'
}
