// The two authoring writes, create and put: check the target before asking for a value,
// compose the value, validate and lint it with its metadata, write it with a client
// request token (idempotent under retry) and, for put, check-and-set against the version
// the change was computed from, so a concurrent update is never lost silently.
import {randomUUID} from 'node:crypto'

import type {ChangeRecorder} from '../history/change-log.js'
import type {KeyChanges} from '../output/change-log.js'
import {
  ConflictError,
  NotFoundError,
  UsageError,
  alreadyExistsError,
  changedUnderneathError,
  createdMeanwhileError,
  putOnMissingSecretError,
  scheduledForDeletionError,
} from '../errors.js'
import type {ValueSource} from '../input/read-secret.js'
import {type Finding, checkSecret} from '../lint/check-secret.js'
import {type ChangeSummary, formatChangeSummary, summarizeChange} from '../output/change-summary.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {SCHEMA_TAG, getSchema, schemaNameFromTags} from '../schemas/registry.js'
import type {SecretSchema} from '../schemas/schema.js'
import type {SecretValue} from '../secret-value.js'
import {assertValidSecretId, assertValidSecretName, assertValidSecretValue} from '../stores/limits.js'
import type {SecretDescription, SecretStore, StoreTarget, Tag, WriteResult} from '../stores/store.js'
import {composeValue} from './compose-value.js'
import {enforceChecks} from './enforce-checks.js'
import {warnVia, warningLine} from '../wording.js'
import {paceWarning} from './pace.js'

export interface AuthoringContext {
  store: SecretStore
  interactive: boolean
  strict: boolean
  /** stderr lines for humans: warnings and the summary. */
  notify: (line: string) => void
  /** The change log's recorder: told which keys a write changes. */
  changes?: ChangeRecorder
  /**
   * Put only: called with the current and the new value once the new one is valid, just before
   * the write (e.g. `edit` shows the masked diff and asks); throws to cancel.
   */
  review?: (current: SecretValue, next: SecretValue) => Promise<void>
}

export interface WriteOutcome {
  action: 'created' | 'updated' | 'unchanged'
  name: string
  arn: string
  versionId?: string
  store: StoreTarget
  schema?: string
  changes: ChangeSummary
  warnings: Finding[]
  /** The line already printed to stderr. */
  summary: string
}

export interface CreateRequest {
  name: string
  source: ValueSource
  schema?: string
  description?: string
  tags: Tag[]
  kmsKeyId?: string
  replicaRegions?: string[]
}

export async function createSecret(context: AuthoringContext, request: CreateRequest): Promise<WriteOutcome> {
  const {store, notify} = context
  assertValidSecretName(request.name)
  const schema = request.schema ? getSchema(request.schema) : undefined
  if (request.tags.some((tag) => tag.key === SCHEMA_TAG))
    throw new UsageError(`Set the schema with --schema, not a ${SCHEMA_TAG} tag.`)

  // Refuse before the user types a value that could not be stored. A value that is not typed
  // (stdin, a file, a generator) costs nothing to refuse: the create call itself refuses an
  // existing name, so no look first (one call instead of two on the AWS store).
  if (request.source.kind === 'prompt' || request.source.kind === 'editor') {
    const existing = await describeIfExists(store, request.name)
    if (existing) {
      throw existing.deletedDate
        ? scheduledForDeletionError(request.name, {creating: true})
        : alreadyExistsError(request.name)
    }
  }

  const value = await composeValue({
    name: request.name,
    source: request.source,
    schema,
    interactive: context.interactive,
    warn: warnVia(notify),
  })
  const warnings = await validate(context, {
    schema,
    value,
    name: request.name,
    description: request.description,
    tags: request.tags,
  })

  const tags = schema ? [...request.tags, {key: SCHEMA_TAG, value: schema.name}] : request.tags
  const changes = summarizeChange(undefined, value)
  context.changes?.describeNext(request.name, {keys: keyChangesOf(changes)})
  const result = await store.create({
    name: request.name,
    value,
    clientRequestToken: randomUUID(),
    description: request.description,
    tags,
    kmsKeyId: request.kmsKeyId,
    replicaRegions: request.replicaRegions,
  })
  return report(context, 'created', result, {store: await store.target(), schema, changes, warnings})
}

export interface PutRequest {
  name: string
  source: ValueSource
  /** Overrides the schema recorded on the secret (with a warning). */
  schema?: string
  field?: string
  /** --add-field: --field may add a key the JSON object does not have yet. */
  addField?: boolean
  /** --replace: replace the whole value even when that changes its shape or kind. */
  replace?: boolean
  /** Only write if AWSCURRENT is still this version (put --if-version). */
  ifVersion?: string
  /** --create-if-missing: create the secret with this metadata when it does not exist. */
  createIfMissing?: {description?: string; tags: Tag[]; kmsKeyId?: string}
}

export async function putSecret(context: AuthoringContext, request: PutRequest): Promise<WriteOutcome> {
  const {store, notify} = context
  // The secret is named by its name or its full or partial ARN, as everywhere in Secrets
  // Manager (https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen);
  // messages and the change log use the name the store answers with.
  assertValidSecretId(request.name)

  const description = await describeForPut(store, request)
  if (!description) return createMissing(context, request)
  warnCreateOnlyFlags(request, notify)
  const name = description.name
  if (description.deletedDate) {
    throw scheduledForDeletionError(name)
  }

  const current = await store.getValue(request.name)
  if (request.ifVersion && current.versionId !== request.ifVersion) {
    throw changedUnderneathError(name, current.versionId, request.ifVersion)
  }

  const schema = resolvePutSchema(description, request.schema, notify)
  const value = await composeValue({
    name,
    source: request.source,
    schema,
    field: request.field,
    addField: request.addField,
    replace: request.replace,
    current: current.value,
    interactive: context.interactive,
    warn: warnVia(notify),
  })
  const warnings = await validate(context, {
    schema,
    value,
    name,
    description: description.description,
    tags: description.tags,
  })

  const outcome = {store: await store.target(), schema, changes: summarizeChange(current.value, value), warnings}
  if (!outcome.changes.changed) return report(context, 'unchanged', current, outcome)

  await context.review?.(current.value, value)
  warnIfTooSoon(current, notify)
  context.changes?.describeNext(name, {keys: keyChangesOf(outcome.changes), versionBefore: current.versionId})
  const result = await store.putValue({
    name: request.name,
    value,
    clientRequestToken: randomUUID(),
    // The change above was computed against this version: never overwrite a newer one.
    expectedCurrentVersionId: current.versionId,
  })
  return report(context, 'updated', result, outcome)
}

const ACTION_WORDS: Record<WriteOutcome['action'], string> = {
  created: 'Created',
  updated: 'Updated',
  unchanged: 'Unchanged',
}

/** Prints the one summary line of a write (or non-write) and builds the outcome --json shows. */
function report(
  context: AuthoringContext,
  action: WriteOutcome['action'],
  written: WriteResult,
  outcome: {store: StoreTarget; schema?: SecretSchema; changes: ChangeSummary; warnings: Finding[]},
): WriteOutcome {
  const detail = outcome.changes.changed
    ? formatChangeSummary(outcome.changes)
    : 'the new value equals the current one; no version written'
  const summary = formatWriteSummary({
    action: ACTION_WORDS[action],
    name: written.name,
    target: outcome.store,
    arn: written.arn,
    versionId: written.versionId,
    detail,
  })
  context.notify(summary)
  const {name, arn, versionId} = written
  return {
    action,
    name,
    arn,
    versionId,
    store: outcome.store,
    schema: outcome.schema?.name,
    changes: outcome.changes,
    warnings: outcome.warnings,
    summary,
  }
}

async function validate(
  context: AuthoringContext,
  input: {schema?: SecretSchema; value: SecretValue; name: string; description?: string; tags: Tag[]},
): Promise<Finding[]> {
  assertValidSecretValue(input.value)
  const result = await checkSecret({
    schema: input.schema?.name,
    value: input.value,
    name: input.name,
    description: input.description,
    tags: input.tags.filter((tag) => tag.key !== SCHEMA_TAG),
  })
  enforceChecks(result, {strict: context.strict, warn: context.notify})
  return result.warnings
}

function resolvePutSchema(
  description: SecretDescription,
  override: string | undefined,
  notify: (line: string) => void,
): SecretSchema | undefined {
  const recorded = schemaNameFromTags(description.tags)
  if (override) {
    if (recorded && recorded !== override) {
      notify(
        warningLine(
          `validating against schema ${override}, not the recorded ${recorded} (--schema overrides it for this write).`,
        ),
      )
    }

    return getSchema(override)
  }

  return recorded ? getSchema(recorded) : undefined
}

/** Key names for the change log, when the value is a JSON object; undefined otherwise. */
function keyChangesOf(summary: ChangeSummary): KeyChanges | undefined {
  if (summary.kind !== 'json') return undefined
  return {added: summary.added, modified: summary.modified, removed: summary.removed}
}

function warnIfTooSoon(current: {name: string; createdDate: Date}, notify: (line: string) => void): void {
  const warning = paceWarning(current.name, current.createdDate, new Date())
  if (warning) notify(warningLine(warning))
}

/**
 * The secret to put to; undefined when it does not exist and --create-if-missing asks to create
 * it. Otherwise a missing secret is said to be missing in words naming both ways to create it.
 */
async function describeForPut(store: SecretStore, request: PutRequest): Promise<SecretDescription | undefined> {
  try {
    return await store.describe(request.name)
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
    // --if-version names a version it expects: a missing secret is not what it was computed from.
    if (request.createIfMissing && request.ifVersion === undefined) return undefined
    throw putOnMissingSecretError(request.name, error)
  }
}

/** put --create-if-missing on a name that does not exist: a create, with create's metadata. */
async function createMissing(context: AuthoringContext, request: PutRequest): Promise<WriteOutcome> {
  if (request.field !== undefined)
    throw new UsageError(`--field changes one field of an existing secret; ${request.name} does not exist yet.`)
  const metadata = request.createIfMissing!
  try {
    return await createSecret(context, {
      name: request.name,
      source: request.source,
      schema: request.schema,
      description: metadata.description,
      tags: metadata.tags,
      kmsKeyId: metadata.kmsKeyId,
    })
  } catch (error) {
    // Someone else created it between the look and the create: theirs stands, nothing of ours was written.
    if (error instanceof ConflictError) throw createdMeanwhileError(request.name)
    throw error
  }
}

/** The metadata flags of --create-if-missing do nothing on a secret that exists: say so. */
function warnCreateOnlyFlags(request: PutRequest, notify: (line: string) => void): void {
  const metadata = request.createIfMissing
  if (!metadata) return
  const unused = [
    metadata.description === undefined ? undefined : '--description',
    metadata.tags.length === 0 ? undefined : '--tag',
    metadata.kmsKeyId === undefined ? undefined : '--kms-key-id',
  ].filter((flag) => flag !== undefined)
  if (unused.length === 0) return
  notify(
    warningLine(
      `${request.name} exists, so ${unused.join(', ')} (for --create-if-missing) did not change it; use update for metadata.`,
    ),
  )
}

async function describeIfExists(store: SecretStore, name: string): Promise<SecretDescription | undefined> {
  try {
    return await store.describe(name)
  } catch (error) {
    if (error instanceof NotFoundError) return undefined
    throw error
  }
}
