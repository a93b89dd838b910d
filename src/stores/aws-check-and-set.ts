// PutSecretValue for the AWS store, plainly or as a check-and-set: the new value becomes
// current only if the current version is still the one the caller read. Secrets Manager has
// no conditional put, so the check-and-set is built from its own staging-label rules.
import {ConflictError, NotFoundError, UnavailableError, ValidationError, changedUnderneathError} from '../errors.js'
import {describe} from './aws-reads.js'
import {type AwsSession, secretPayload} from './aws-session.js'
import {AWSCURRENT, AWSPREVIOUS, type PutValueInput, type WriteResult} from './store.js'

export const CHECK_AND_SET_LABEL_PREFIX = 'secretsmith-cas-'

/**
 * The staging label a check-and-set write puts on its new version until AWSCURRENT has moved:
 * private to this write (derived from its token, which is the version id), never AWSPENDING,
 * which rotation owns. Staging labels are 1 to 256 characters; this one is at most 80.
 */
export function checkAndSetLabel(clientRequestToken: string): string {
  return `${CHECK_AND_SET_LABEL_PREFIX}${clientRequestToken}`
}

export async function putSecretValue(
  session: AwsSession,
  input: PutValueInput,
  stages: string[] | undefined,
): Promise<{written: WriteResult; stages: string[]}> {
  const output = await session.call('PutSecretValue', {name: input.name, isWrite: true}, () =>
    session.client.send(
      new session.sdk.PutSecretValueCommand({
        SecretId: input.name,
        ClientRequestToken: input.clientRequestToken,
        ...secretPayload(input.value),
        VersionStages: stages,
      }),
    ),
  )
  return {written: session.writeResult(input.name, output), stages: output.VersionStages ?? []}
}

/**
 * Check-and-set with no window, from Secrets Manager's own staging-label rules (it has no
 * conditional put):
 *   1. PutSecretValue under a label private to this write, so AWSCURRENT does not move;
 *   2. UpdateSecretVersionStage moves AWSCURRENT to the new version with RemoveFromVersionId =
 *      the expected version. Secrets Manager refuses the move unless AWSCURRENT is on that
 *      version at that moment, so the compare and the swap are one call; AWSPREVIOUS follows
 *      as for a plain put;
 *   3. the private label comes off again, whatever the outcome. A refused write leaves its
 *      version with no label (deprecated), for Secrets Manager to purge.
 * Each step is safe to repeat (the SDK retries; so may the caller, with the same token).
 */
export async function checkAndSetPut(session: AwsSession, input: PutValueInput, expected: string): Promise<WriteResult> {
  const {name, clientRequestToken: versionId} = input
  const label = checkAndSetLabel(versionId)
  let put: {written: WriteResult; stages: string[]}
  try {
    put = await putSecretValue(session, input, [label])
  } catch (error) {
    // Every answer lost: the version may have landed, label and all.
    if (error instanceof UnavailableError) await removeCheckAndSetLabel(session, name, versionId, label)
    throw error
  }

  let outcome: {landed: true} | {landed: false; current: string | undefined}
  try {
    // A repeat of a write that already landed finds its version current: nothing to move.
    outcome = put.stages.includes(AWSCURRENT) ? {landed: true} : await moveCurrentTo(session, name, versionId, expected)
  } catch (error) {
    await removeCheckAndSetLabel(session, name, versionId, label)
    throw error
  }

  await removeCheckAndSetLabel(session, name, versionId, label)
  if (outcome.landed) return put.written
  throw changedUnderneathError(
    name,
    outcome.current,
    expected,
    `Your value was not made current (its version ${versionId} is left unlabelled, for Secrets Manager to purge)`,
  )
}

/** Step 2 of a check-and-set: the atomic compare-and-move of AWSCURRENT. */
async function moveCurrentTo(
  session: AwsSession,
  name: string,
  versionId: string,
  expected: string,
): Promise<{landed: true} | {landed: false; current: string | undefined}> {
  try {
    await session.call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
      session.client.send(
        new session.sdk.UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: AWSCURRENT,
          MoveToVersionId: versionId,
          RemoveFromVersionId: expected,
        }),
      ),
    )
    return {landed: true}
  } catch (error) {
    if (!(error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError)) throw error
    // Refused: either AWSCURRENT had moved on (the conflict this exists to catch), or this
    // is a repeat of a move that landed (an SDK retry after a lost response, or the caller's
    // retry with the same token). Only the labels tell which.
    const {versions} = await describe(session, name)
    const current = Object.keys(versions).find((id) => versions[id].includes(AWSCURRENT))
    // AWSPREVIOUS on our version: our move landed, and yet another write followed it.
    if (current === versionId || versions[versionId]?.includes(AWSPREVIOUS)) return {landed: true}
    if (current !== expected) return {landed: false, current}
    throw error
  }
}

/**
 * Step 3 of a check-and-set; never throws. A repeat finds the label gone, which is success.
 * A label that cannot be removed is harmless to readers (AWSCURRENT is where the write left
 * it), so it is reported as a warning rather than failing a write that landed.
 */
async function removeCheckAndSetLabel(session: AwsSession, name: string, versionId: string, label: string): Promise<void> {
  try {
    await session.call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
      session.client.send(new session.sdk.UpdateSecretVersionStageCommand({SecretId: name, VersionStage: label, RemoveFromVersionId: versionId})),
    )
  } catch (error) {
    try {
      const {versions} = await describe(session, name)
      if (!Object.values(versions).some((stages) => stages.includes(label))) return
    } catch (describeError) {
      if (describeError instanceof NotFoundError) return
      // Otherwise fall through to the warning: whether the label is still there is unknown.
    }

    session.warn(
      `Secret ${name}: check-and-set's temporary label ${label} may be left on version ${versionId} ` +
        `(removing it failed with ${(error as Error).constructor.name}); if describe lists it, remove it with: ` +
        `aws secretsmanager update-secret-version-stage --secret-id ${name} --version-stage ${label} --remove-from-version-id ${versionId}`,
    )
  }
}
