// `delete`: schedule a secret for deletion (or force it), confirmed first; a re-run on a secret
// already scheduled changes nothing. A primary secret with replicas in other regions cannot be
// deleted until they are gone (https://docs.aws.amazon.com/secretsmanager/latest/userguide/manage_delete-secret.html):
// without --remove-replicas that is said before anything is asked or sent, naming the regions;
// with it, the replicas are removed first (RemoveRegionsFromReplication: at once, no recovery),
// so the confirmation is the one a force delete asks for.
import {suggestCommand} from '../command-hint.js'
import {hasReplicasError} from '../errors.js'
import {confirmDestructive} from '../input/confirm.js'
import {formatDate} from '../output/secret-details.js'
import {formatWriteSummary} from '../output/write-summary.js'
import {DEFAULT_RECOVERY_WINDOW_DAYS} from '../stores/limits.js'
import type {DeleteResult, SecretStore, StoreTarget} from '../stores/store.js'

export interface DeleteRequest {
  name: string
  force: boolean
  recoveryWindowDays: number
  removeReplicas: boolean
  yes: boolean
  interactive: boolean
}

export type DeleteOutcome =
  | {action: 'unchanged'; name: string; arn: string; deletionDate?: Date; store: StoreTarget; summary: string}
  | ({
      action: 'deleted' | 'scheduled-deletion'
      store: StoreTarget
      summary: string
      /** The regions whose replicas were removed first. */
      replicasRemoved: string[]
    } & DeleteResult)

export async function deleteSecret(
  context: {store: SecretStore; notify: (line: string) => void},
  request: DeleteRequest,
): Promise<DeleteOutcome> {
  const {store, notify} = context
  const secret = await store.describe(request.name) // fail with "not found" before asking anything
  const target = await store.target()
  if (secret.deletedDate && !request.force) {
    // Already scheduled: a re-run (retry, runbook repeated) changes nothing, and says so
    // rather than pretending a new recovery window was applied.
    const detail = `already scheduled for deletion on ${formatDate(secret.deletedDate)}; to choose another window, restore it and delete again`
    const summary = formatWriteSummary({action: 'Unchanged', name: secret.name, target, arn: secret.arn, detail})
    notify(summary)
    return {
      action: 'unchanged',
      name: secret.name,
      arn: secret.arn,
      deletionDate: secret.deletedDate,
      store: target,
      summary,
    }
  }

  // A replica's own region lists no replicas; only a primary has them to remove.
  const replicas = (secret.replication ?? []).map((replica) => replica.region)
  if (replicas.length > 0 && !request.removeReplicas) {
    throw hasReplicasError(secret.name, replicas, retryWithRemoval(secret.name, request))
  }

  const deletion = request.force
    ? `permanently delete ${secret.name} from ${target.label} (no recovery)`
    : `schedule ${secret.name} in ${target.label} for deletion in ${request.recoveryWindowDays} days`
  await confirmDestructive({
    action:
      replicas.length > 0
        ? `Remove the replicas of ${secret.name} in ${replicas.join(', ')} (at once, no recovery), then ${deletion}`
        : deletion,
    name: secret.name,
    yes: request.yes,
    requireTypedName: (request.force || replicas.length > 0) && request.interactive,
  })

  if (replicas.length > 0) {
    await store.removeReplicas(request.name, replicas)
    notify(
      formatWriteSummary({
        action: 'Removed replicas of',
        name: secret.name,
        target,
        arn: secret.arn,
        detail: `${replicas.join(', ')} deleted at once, without recovery`,
      }),
    )
  }

  const deleted = await store.delete(
    request.name,
    request.force ? {force: true, existenceChecked: true} : {recoveryWindowDays: request.recoveryWindowDays},
  )
  const detail = request.force
    ? 'deleted without recovery'
    : `deletion scheduled for ${formatDate(deleted.deletionDate)}; undo before then with: ${suggestCommand('restore', deleted.name)}`
  const summary = formatWriteSummary({
    action: request.force ? 'Deleted' : 'Scheduled deletion of',
    name: deleted.name,
    target,
    arn: deleted.arn,
    detail,
  })
  notify(summary)
  return {
    action: request.force ? 'deleted' : 'scheduled-deletion',
    ...deleted,
    store: target,
    summary,
    replicasRemoved: replicas,
  }
}

/** The same delete with --remove-replicas (and the window or --force the user chose); never --yes. */
function retryWithRemoval(name: string, request: DeleteRequest): string {
  const choice = request.force
    ? ['--force']
    : request.recoveryWindowDays === DEFAULT_RECOVERY_WINDOW_DAYS
      ? []
      : ['--recovery-window-days', String(request.recoveryWindowDays)]
  return suggestCommand('delete', name, '--remove-replicas', ...choice)
}
