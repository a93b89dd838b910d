// `rollback`: make an earlier version current again by moving AWSCURRENT to it
// (UpdateSecretVersionStage), after showing the masked diff it applies and confirming. The
// move names the version that is current now as the one the label leaves, so if someone
// writes in between the store refuses (exit 4) instead of silently undoing their change. It
// is reversible: the version that was current becomes AWSPREVIOUS, and rolling back again
// rolls forward. A version holding AWSPENDING means a rotation is in progress; moving
// AWSCURRENT under it would make the rotation finish onto the wrong base, so that needs --force.
import {ConflictError, NotFoundError, scheduledForDeletionError} from '../errors.js'
import type {ChangeRecorder} from './change-log.js'
import {summarizeChange} from '../output/change-summary.js'
import {formatValueDiff} from '../output/value-diff.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {AWSCURRENT, AWSPENDING, AWSPREVIOUS, type SecretStore, type StoreTarget} from '../stores/store.js'
import type {ValueDiff} from '../output/value-diff.js'
import {diffValues} from './value-diff.js'
import {suggestCommand} from '../command-hint.js'

export interface RollbackContext {
  store: SecretStore
  notify: (line: string) => void
  /** Asks before the move (a terminal prompt, or --yes); throws to cancel. */
  confirm: (action: string) => Promise<void>
  changes?: ChangeRecorder
}

export interface RollbackRequest {
  name: string
  /** The version to make current; default the one labelled AWSPREVIOUS. */
  to?: string
  force: boolean
}

export interface RollbackOutcome {
  action: 'rolled-back' | 'unchanged'
  name: string
  arn: string
  store: StoreTarget
  /** AWSCURRENT before → after. */
  fromVersionId: string
  toVersionId: string
  diff?: ValueDiff
  summary: string
}

export async function rollbackSecret(context: RollbackContext, request: RollbackRequest): Promise<RollbackOutcome> {
  const {store, notify} = context
  const secret = await store.describe(request.name)
  if (secret.deletedDate) throw scheduledForDeletionError(secret.name)
  const holder = (stage: string) => Object.keys(secret.versions).find((id) => secret.versions[id].includes(stage))
  const current = holder(AWSCURRENT)
  if (!current) throw new NotFoundError(`Secret ${secret.name} has no version labelled ${AWSCURRENT}.`)
  const pending = holder(AWSPENDING)
  if (pending && pending !== current && !request.force) {
    throw new ConflictError(
      `Secret ${secret.name} is being rotated (version ${pending} holds ${AWSPENDING}); rolling back now would break the rotation. Let it finish or cancel it, or pass --force; nothing was changed.`,
    )
  }

  const target = request.to ?? holder(AWSPREVIOUS)
  if (!target) {
    throw new NotFoundError(
      `Secret ${secret.name} has no ${AWSPREVIOUS} version to roll back to; name one with --to (see: ${suggestCommand('versions', secret.name)}).`,
    )
  }

  const where = await store.target()
  if (target === current) {
    const summary = formatWriteSummary({
      action: 'Unchanged',
      name: secret.name,
      target: where,
      arn: secret.arn,
      versionId: current,
      detail: 'that version is already AWSCURRENT',
    })
    notify(summary)
    return {
      action: 'unchanged',
      name: secret.name,
      arn: secret.arn,
      store: where,
      fromVersionId: current,
      toVersionId: current,
      summary,
    }
  }

  // Reading the target by id also proves it exists (NotFound, exit 3, before any question).
  const now = await store.getValue(secret.name, {versionId: current})
  const then = await store.getValue(secret.name, {versionId: target})
  const diff = diffValues(now.value, then.value)
  notify(formatValueDiff(secret.name, sideOf(now), sideOf(then), diff))
  await context.confirm(
    `Roll back ${secret.name} in ${where.label}: make version ${target} AWSCURRENT (version ${current} becomes AWSPREVIOUS)`,
  )

  const changes = summarizeChange(now.value, then.value)
  context.changes?.describeNext(
    secret.name,
    changes.kind === 'json' ? {keys: {added: changes.added, modified: changes.modified, removed: changes.removed}} : {},
  )
  const moved = await store.moveStage(secret.name, {
    stage: AWSCURRENT,
    moveToVersionId: target,
    removeFromVersionId: current,
  })
  const summary = formatWriteSummary({
    action: 'Rolled back',
    name: moved.name,
    target: where,
    arn: moved.arn,
    versionId: target,
    detail: `AWSCURRENT moved from ${current}, which is now AWSPREVIOUS (undo with: ${suggestCommand('rollback', moved.name)})`,
  })
  notify(summary)
  return {
    action: 'rolled-back',
    name: moved.name,
    arn: moved.arn,
    store: where,
    fromVersionId: current,
    toVersionId: target,
    diff,
    summary,
  }
}

function sideOf(version: {versionId: string; stages: string[]; createdDate: Date}) {
  return {versionId: version.versionId, stages: version.stages, createdDate: version.createdDate.toISOString()}
}
