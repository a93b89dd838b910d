// The AWS store's writes to a secret's value and lifetime: CreateSecret, PutSecretValue,
// UpdateSecretVersionStage, DeleteSecret and RestoreSecret. Each is safe to repeat: a retry
// after a lost response reports the write that landed instead of failing on it.
import {ConflictError, ValidationError} from '../errors.js'
import {checkAndSetPut, putSecretValue} from './aws-check-and-set.js'
import {lookAgainIfLost} from './aws-lost-answers.js'
import {describe} from './aws-reads.js'
import {type AwsSession, attemptsBehind, secretPayload, toAwsTag} from './aws-session.js'
import {AWSCURRENT} from './store.js'
import {
  DEFAULT_RECOVERY_WINDOW_DAYS,
  assertValidCheckAndSetStages,
  assertValidDeleteOptions,
  assertValidDescription,
  assertValidSecretId,
  assertValidSecretName,
  assertValidSecretValue,
  assertValidStage,
  assertValidStages,
  assertValidTags,
  assertValidToken,
} from './limits.js'
import type {
  CreateSecretInput,
  DeleteOptions,
  DeleteResult,
  MoveStageInput,
  PutValueInput,
  SecretRef,
  WriteResult,
} from './store.js'

export async function create(session: AwsSession, input: CreateSecretInput): Promise<WriteResult> {
  assertValidSecretName(input.name)
  assertValidSecretValue(input.value)
  assertValidToken(input.clientRequestToken)
  assertValidDescription(input.description)
  assertValidTags(input.tags ?? [])
  const created = await lookAgainIfLost(session, input.name, input.clientRequestToken, async () => {
    const output = await session.call('CreateSecret', {name: input.name, isWrite: true}, () =>
      session.client.send(
        new session.sdk.CreateSecretCommand({
          Name: input.name,
          ClientRequestToken: input.clientRequestToken,
          ...secretPayload(input.value),
          Description: input.description,
          KmsKeyId: input.kmsKeyId,
          Tags: input.tags?.length ? input.tags.map(toAwsTag) : undefined,
          AddReplicaRegions: input.replicaRegions?.length
            ? input.replicaRegions.map((region) => ({Region: region}))
            : undefined,
        }),
      ),
    )
    return {written: session.writeResult(input.name, output), stages: [AWSCURRENT]}
  })
  return created.written
}

export async function putValue(session: AwsSession, input: PutValueInput): Promise<WriteResult> {
  assertValidSecretId(input.name)
  assertValidSecretValue(input.value)
  assertValidToken(input.clientRequestToken)
  if (input.stages !== undefined) assertValidStages(input.stages)
  if (input.expectedCurrentVersionId === undefined) {
    const put = await lookAgainIfLost(session, input.name, input.clientRequestToken, () =>
      putSecretValue(session, input, input.stages),
    )
    return put.written
  }

  assertValidCheckAndSetStages(input.stages)
  return checkAndSetPut(session, input, input.expectedCurrentVersionId)
}

export async function moveStage(session: AwsSession, name: string, input: MoveStageInput): Promise<SecretRef> {
  assertValidSecretId(name)
  assertValidStage(input.stage)
  try {
    const output = await session.call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
      session.client.send(
        new session.sdk.UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: input.stage,
          MoveToVersionId: input.moveToVersionId,
          RemoveFromVersionId: input.removeFromVersionId,
        }),
      ),
    )
    return session.ref(name, output.ARN, output.Name)
  } catch (error) {
    // A retry after a lost response finds the label already moved, and Secrets Manager
    // then refuses RemoveFromVersionId. If the label sits where it was asked to go, the
    // move landed: report success, as for any other idempotent write.
    if (error instanceof ValidationError && input.moveToVersionId && attemptsBehind(error) > 1) {
      const description = await describe(session, name)
      if (description.versions[input.moveToVersionId]?.includes(input.stage))
        return {name: description.name, arn: description.arn}
    }

    throw error
  }
}

export async function deleteSecret(
  session: AwsSession,
  name: string,
  options: DeleteOptions = {},
): Promise<DeleteResult> {
  assertValidSecretId(name)
  assertValidDeleteOptions(options)
  if (options.force && !options.existenceChecked) {
    // Secrets Manager answers a forced delete of a missing secret with success; look first
    // so a typo reports "not found" (exit 3) as on the local store (unless the caller just did).
    await describe(session, name)
  }

  const recoveryWindow = options.force ? undefined : (options.recoveryWindowDays ?? DEFAULT_RECOVERY_WINDOW_DAYS)
  try {
    const output = await session.call('DeleteSecret', {name, isWrite: true}, () =>
      session.client.send(
        new session.sdk.DeleteSecretCommand({
          SecretId: name,
          RecoveryWindowInDays: recoveryWindow,
          ForceDeleteWithoutRecovery: options.force ? true : undefined,
        }),
      ),
    )
    return {...session.ref(name, output.ARN, output.Name), deletionDate: output.DeletionDate ?? new Date()}
  } catch (error) {
    // Deleting a secret already scheduled for deletion (a re-run, or an SDK retry after a
    // lost response) keeps the first schedule, as on the local store.
    if (error instanceof ConflictError && !options.force) {
      const description = await describe(session, name)
      if (description.deletedDate)
        return {name: description.name, arn: description.arn, deletionDate: description.deletedDate}
    }

    throw error
  }
}

export async function restore(session: AwsSession, name: string): Promise<SecretRef> {
  assertValidSecretId(name)
  const output = await session.call('RestoreSecret', {name, isWrite: true}, () =>
    session.client.send(new session.sdk.RestoreSecretCommand({SecretId: name})),
  )
  return session.ref(name, output.ARN, output.Name)
}
