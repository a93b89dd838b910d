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
  [ExitCode.Unexpected, 'unexpected error (a bug, or a damaged or tampered-with local store record)'],
  [
    ExitCode.Usage,
    'usage error: bad flags, arguments or value source; a local store another user owns or can write to, or cannot be written',
  ],
  [ExitCode.NotFound, 'the secret (or version) does not exist'],
  [ExitCode.Conflict, 'conflict: the secret already exists, or changed underneath you'],
  [ExitCode.Validation, 'the value or metadata failed validation (or --strict found a warning)'],
  [ExitCode.Unavailable, "throttled or unavailable after retries, or the local store's lock held too long"],
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

/**
 * A delete of a primary secret that still has replicas: Secrets Manager deletes it only once
 * they are gone (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html).
 * `retry` is the delete command that removes them first (with --remove-replicas).
 */
export function hasReplicasError(name: string, regions: string[], retry: string): ConflictError {
  const where = regions.length > 0 ? ` in ${regions.join(', ')}` : ''
  return new ConflictError(
    `Secret ${name} has replicas${where}, and Secrets Manager deletes a primary secret only once its replicas are gone; nothing was deleted. To remove the replicas first (at once, no recovery) and then delete it: ${retry}`,
  )
}

/** create --generate with a JSON template but no schema saying which field to generate. */
export function templateNeedsSchemaError(): UsageError {
  return new UsageError(
    '--generate with --from-stdin or --from-file reads a JSON template and fills the field its schema generates; name the schema with --schema (see "secretsmith schema list").',
  )
}

/** `--field` (get and put) on a secret whose value is not a JSON object. */
export function fieldNeedsJsonObjectError(): UsageError {
  return new UsageError("--field needs a JSON object value; this secret's value is not one.")
}

/**
 * `put --generate` on a JSON object when no single field can be told to be the one to generate:
 * replacing the whole object would lose every other field.
 */
export function noFieldToGenerateError(name: string, candidates: readonly string[]): ValidationError {
  const why =
    candidates.length > 1
      ? `${candidates.length} of its fields look like one (${candidates.join(', ')})`
      : 'none of its fields looks like a password, secret, token or API key'
  return new ValidationError(
    `Secret ${name} holds a JSON object and --generate cannot tell which field to replace: ${why}. Nothing was written; name the field with --field KEY, or pass --replace to replace the whole value.`,
  )
}

/** A whole new value that would turn a JSON object into something else (text, an array, binary). */
export function notAnObjectAnymoreError(name: string, newKind: string): ValidationError {
  return new ValidationError(
    `Secret ${name} holds a JSON object and the new value is ${newKind}; nothing was written. Change one field with --field KEY, or pass --replace to replace the whole object.`,
  )
}

/** A new value whose kind (SecretString or SecretBinary) differs from the current version's. */
export function valueKindChangeError(name: string, from: 'text' | 'binary'): ValidationError {
  const to = from === 'text' ? 'binary' : 'text'
  return new ValidationError(
    `Secret ${name} holds a ${from} value and the new value is ${to}; nothing was written. Pass --replace to store it as ${to}.`,
  )
}

/**
 * `put --field KEY` where KEY is not a key of the object. The key typed is repeated only when it
 * is a near miss of an existing one (anything else typed there may be a value).
 */
export function unknownFieldError(
  name: string,
  options: {nearMiss?: string; typed?: string; keys: readonly string[]},
): ValidationError {
  const which = options.nearMiss
    ? `no field ${options.typed} (did you mean ${options.nearMiss}?)`
    : 'no field by the name given (not repeated)'
  const keys = options.keys.length > 0 ? options.keys.join(', ') : 'none'
  return new ValidationError(
    `Secret ${name} has ${which}; its fields: ${keys}. Nothing was written; pass --add-field to add a new field.`,
  )
}

/** `put --field KEY --add-field` on a schema'd secret whose schema has no such field. */
export function fieldNotInSchemaError(schema: string, fields: readonly string[]): ValidationError {
  return new ValidationError(
    `Schema ${schema} has no field by the name given (not repeated), so it cannot be added; its fields: ${fields.join(', ')}. Nothing was written.`,
  )
}

/** put --create-if-missing whose create found the name taken: someone created it in between. */
export function createdMeanwhileError(name: string): ConflictError {
  return new ConflictError(
    `Secret ${name} was created by someone else while put --create-if-missing ran; nothing was written. Run put again to add a version to theirs.`,
  )
}

/** `put` on a name that does not exist: the store's own words, then the two ways to create it. */
export function putOnMissingSecretError(name: string, notFound: NotFoundError): NotFoundError {
  const said = notFound.message.replace(/\.$/, '')
  return new NotFoundError(
    `${said}. put adds a version to an existing secret: create it with ${suggestCommand('create', name)}, or pass --create-if-missing to put.`,
  )
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

// The local store's trust rules (see src/stores/local-trust.ts), worded once: like ssh with
// ~/.ssh, a store another user can write to is refused, never used with a warning.

/** A store file or directory that belongs to another user. `what`: "local store's key file", "cache directory", … */
export function foreignOwnerError(what: string, path: string, uid: number): UsageError {
  return new UsageError(
    `The ${what} ${path} belongs to another user (uid ${uid}), so secretsmith will not trust it (as ssh will not); use a store directory of your own (SECRETSMITH_HOME).`,
  )
}

/** A store file or directory that group or others can write to. */
export function writableByOthersError(what: string, path: string, mode: number, isDirectory: boolean): UsageError {
  return new UsageError(
    `The ${what} ${path} can be written by other users (mode ${(mode & 0o777).toString(8)}), so secretsmith will not trust it (as ssh will not); run: chmod ${isDirectory ? '700' : '600'} ${path}`,
  )
}

/** A directory above the store that another user could use to replace the store. */
export function replaceableAncestorError(directory: string, ancestor: string, why: string): UsageError {
  return new UsageError(
    `The local store ${directory} is inside ${ancestor}, which ${why}: another user could replace the store. Use a store directory under a directory only you control (SECRETSMITH_HOME).`,
  )
}

/** A symbolic link (or another kind of file) where the store keeps a file of its own: never followed. */
export function plantedPathError(what: string, path: string, kind: string): UsageError {
  return new UsageError(
    `The ${what} ${path} is ${kind}, which secretsmith never follows or uses (someone may have planted it); remove it if no secretsmith is running: rm -r ${path}`,
  )
}

/** The store directory (or a file in it) cannot be created or written, for a reason of the file system. */
export function storePathUnusableError(directory: string, path: string, reason: string): UsageError {
  const where = path === directory ? `The local store directory ${directory}` : `${path} (local store ${directory})`
  return new UsageError(
    `${where} cannot be used: ${reason}. Fix that, or point SECRETSMITH_HOME at a directory of your own that you can write to.`,
  )
}

/** SECRETSMITH_LOCK_TIMEOUT set to something other than a number of seconds. */
export function lockTimeoutSettingError(maxSeconds: number): UsageError {
  return new UsageError(`SECRETSMITH_LOCK_TIMEOUT must be a whole number of seconds from 0 to ${maxSeconds}.`)
}

/** Another process held the store's write lock for longer than this run waits. */
export function storeBusyError(
  directory: string,
  lockPath: string,
  waitedSeconds: number,
  holder: string,
): UnavailableError {
  return new UnavailableError(
    `The local store ${directory} is busy: ${holder} held its write lock for the ${waitedSeconds} s this run waits (SECRETSMITH_LOCK_TIMEOUT); nothing was written. Retry; if no secretsmith is running, remove ${lockPath}.`,
  )
}

/**
 * A record older (or newer) than the store's authenticated index says: an older copy was put
 * back (a rollback), or the index itself was. Reported, never used.
 */
export function rolledBackRecordError(what: string, found: number, expected: number): IntegrityError {
  const how = found < expected ? 'an older copy was put back' : "the store's index was rolled back"
  return new IntegrityError(
    `The local store record ${what} is at write ${found} but the store's index says ${expected}: ${how} (tampering); it was not used. Restore the store from a backup you trust.`,
  )
}

/** A secret the store's authenticated index knows, whose record directory is gone. */
export function removedRecordError(what: string, directory: string): IntegrityError {
  return new IntegrityError(
    `The local store's index says ${what} exists, but its record directory ${directory} is gone: it was removed outside secretsmith (tampering). Restore the store from a backup you trust.`,
  )
}

/** Records that count their writes, in a store whose index file is missing. */
export function missingIndexError(path: string): IntegrityError {
  return new IntegrityError(
    `The local store index ${path} is missing, but the store's records say it existed: it was removed (tampering); nothing was read. Restore the store from a backup you trust.`,
  )
}
