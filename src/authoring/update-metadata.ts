// `update`: change a secret's metadata (description, tags, KMS key) without a new version.
// Metadata is stored unencrypted, so every new description and tag goes through the same
// sensitive-information checks as create (warnings; fatal under --strict) before anything is
// written. The summary shows old → new: metadata is not secret, and the user should see
// exactly what they replaced: every write says where it went and what changed.
import {UsageError, scheduledForDeletionError} from '../errors.js'
import type {ChangeRecorder} from '../history/change-log.js'
import {type Finding, checkSecret} from '../lint/check-secret.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {SCHEMA_TAG, findSchema, schemaNameFromTags} from '../schemas/registry.js'
import {assertValidDescription, assertValidTagCount} from '../stores/limits.js'
import type {SecretStore, StoreTarget, Tag} from '../stores/store.js'
import {enforceChecks} from './enforce-checks.js'

export interface UpdateContext {
  store: SecretStore
  strict: boolean
  notify: (line: string) => void
  changes?: ChangeRecorder
}

export interface UpdateRequest {
  name: string
  description?: string
  /** Added, or replacing the value of an existing key. */
  tags: Tag[]
  untag: string[]
  kmsKeyId?: string
}

export interface MetadataChange {
  field: string
  from?: string
  to?: string
}

export interface UpdateOutcome {
  action: 'updated' | 'unchanged'
  name: string
  arn: string
  store: StoreTarget
  changes: MetadataChange[]
  summary: string
}

export async function updateMetadata(context: UpdateContext, request: UpdateRequest): Promise<UpdateOutcome> {
  const {store, notify} = context
  if (
    request.description === undefined &&
    request.tags.length === 0 &&
    request.untag.length === 0 &&
    request.kmsKeyId === undefined
  ) {
    throw new UsageError('Nothing to update: pass --description, --tag KEY=VALUE, --untag KEY or --kms-key-id.')
  }

  assertValidDescription(request.description)
  if ([...request.tags.map((tag) => tag.key), ...request.untag].includes(SCHEMA_TAG)) {
    throw new UsageError(
      `The ${SCHEMA_TAG} tag records the schema the value is validated against; it is not changed with update.`,
    )
  }

  const both = request.tags.find((tag) => request.untag.includes(tag.key))
  if (both) throw new UsageError(`Tag ${both.key} is both set (--tag) and removed (--untag); choose one.`)

  const secret = await store.describe(request.name)
  if (secret.deletedDate) throw scheduledForDeletionError(secret.name)

  const existing = new Map(secret.tags.map((tag) => [tag.key, tag.value]))
  const changes: MetadataChange[] = []
  const description =
    request.description !== undefined && request.description !== (secret.description ?? '')
      ? request.description
      : undefined
  if (description !== undefined) changes.push({field: 'description', from: secret.description ?? '', to: description})
  const kmsKeyId = request.kmsKeyId !== undefined && request.kmsKeyId !== secret.kmsKeyId ? request.kmsKeyId : undefined
  if (kmsKeyId !== undefined)
    changes.push({field: 'kms key', from: secret.kmsKeyId ?? '(default aws/secretsmanager)', to: kmsKeyId})
  const tagged = request.tags.filter((tag) => existing.get(tag.key) !== tag.value)
  for (const tag of tagged)
    changes.push({
      field: `tag ${tag.key}`,
      ...(existing.has(tag.key) ? {from: existing.get(tag.key)} : {}),
      to: tag.value,
    })
  const untagged = request.untag.filter((key) => existing.has(key))
  for (const key of untagged) changes.push({field: `tag ${key}`, from: existing.get(key)})

  const after = new Map(existing)
  for (const tag of tagged) after.set(tag.key, tag.value)
  for (const key of untagged) after.delete(key)
  assertValidTagCount(after.size)
  if (description !== undefined || tagged.length > 0) {
    // What is new is checked as create checks it, against the current value too (a description
    // that quotes the password is the classic leak); findings about the value itself, or about
    // metadata this update does not touch, are not this command's business.
    const current = await store.getValue(secret.name)
    const schema = schemaNameFromTags(secret.tags)
    const result = await checkSecret({
      schema: schema && findSchema(schema) ? schema : undefined,
      value: current.value,
      description,
      tags: tagged,
    })
    const aboutMetadata = (finding: Finding) => !finding.location.startsWith('value')
    enforceChecks(
      {errors: result.errors.filter(aboutMetadata), warnings: result.warnings.filter(aboutMetadata)},
      {strict: context.strict, warn: notify},
    )
  }

  const where = await store.target()
  if (changes.length === 0) {
    const summary = formatWriteSummary({
      action: 'Unchanged',
      name: secret.name,
      target: where,
      arn: secret.arn,
      detail: 'the metadata already says that',
    })
    notify(summary)
    return {action: 'unchanged', name: secret.name, arn: secret.arn, store: where, changes, summary}
  }

  if (description !== undefined || kmsKeyId !== undefined)
    await store.updateMetadata(secret.name, {description, kmsKeyId})
  if (tagged.length > 0) await store.tag(secret.name, tagged)
  if (untagged.length > 0) await store.untag(secret.name, untagged)

  const summary = formatWriteSummary({
    action: 'Updated',
    name: secret.name,
    target: where,
    arn: secret.arn,
    detail: changes.map(formatChange).join('; '),
  })
  notify(summary)
  return {action: 'updated', name: secret.name, arn: secret.arn, store: where, changes, summary}
}

function formatChange(change: MetadataChange): string {
  const quote = (text: string) => JSON.stringify(text)
  if (change.from === undefined) return `${change.field} set to ${quote(change.to!)}`
  if (change.to === undefined) return `${change.field} removed (was ${quote(change.from)})`
  return `${change.field} ${quote(change.from)} → ${quote(change.to)}`
}
