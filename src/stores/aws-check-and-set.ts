// PutSecretValue for the AWS store, plainly or as a check-and-set: the new value becomes
// current only if the current version is still the one the caller read. Secrets Manager has
// no conditional put, so the check-and-set is built from its own staging-label rules, in two
// writes against the shared write quota.
import {ConflictError, NotFoundError, UnavailableError, ValidationError, changedUnderneathError} from '../errors.js'
import {type PutOutcome, lookAgainIfLost, lookOnceMore} from './aws-lost-answers.js'
import {describe, listVersions} from './aws-reads.js'
import {type AwsSession, attemptsBehind, secretPayload} from './aws-session.js'
import {AWSCURRENT, AWSPREVIOUS, type PutValueInput, type WriteResult} from './store.js'

export const CHECK_AND_SET_LABEL_PREFIX = 'secretsmith-cas-'

/**
 * The private staging label earlier releases put on a check-and-set write's new version until
 * AWSCURRENT had moved (derived from its token). No longer written; a put removes any it finds.
 */
export function checkAndSetLabel(clientRequestToken: string): string {
  return `${CHECK_AND_SET_LABEL_PREFIX}${clientRequestToken}`
}

export async function putSecretValue(
  session: AwsSession,
  input: PutValueInput,
  stages: string[] | undefined,
): Promise<PutOutcome> {
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
 * Check-and-set in two writes, from Secrets Manager's own staging-label rules (it has no
 * conditional put; https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html):
 *   1. PutSecretValue with the label AWSPREVIOUS, so AWSCURRENT does not move and the new
 *      version carries a label (a version without one may be purged);
 *   2. UpdateSecretVersionStage moves AWSCURRENT to the new version with RemoveFromVersionId =
 *      the expected version. Secrets Manager refuses the move unless AWSCURRENT is on that
 *      version at that moment, so the compare and the swap are one call; and moving AWSCURRENT
 *      moves AWSPREVIOUS to the version AWSCURRENT left, which takes it off the new version:
 *      the labels end as a plain put leaves them, with no third call.
 * Between the two calls (one round trip) AWSPREVIOUS names the new value. A refused write
 * gives AWSPREVIOUS back if it still holds it. Each step is safe to repeat (the SDK retries;
 * so may the caller, with the same token). Labels of the earlier design (secretsmith-cas-*)
 * left by an interrupted put are removed first.
 */
export async function checkAndSetPut(
  session: AwsSession,
  input: PutValueInput,
  expected: string,
): Promise<WriteResult> {
  const {name, clientRequestToken: versionId} = input
  const seen = session.seenStages.get(name) ?? (await describe(session, name)).versions
  await removeStaleCheckAndSetLabels(session, name, seen)
  const previous = holderOf(seen, AWSPREVIOUS)

  const put = await lookAgainIfLost(session, name, versionId, () => putSecretValue(session, input, [AWSPREVIOUS]))
  // A repeat of a write that already landed finds its version current: nothing to move.
  if (put.stages.includes(AWSCURRENT)) return put.written

  let outcome: {landed: true} | {landed: false; current: string | undefined}
  const lostBefore = session.answersLost
  try {
    outcome = await moveCurrentTo(session, name, versionId, expected)
  } catch (error) {
    if (!(error instanceof UnavailableError) || session.answersLost === lostBefore) {
      // Refused (access denied, say) or throttled on every attempt: AWSCURRENT never moved.
      await giveBackPrevious(session, name, versionId, undefined, previous)
      throw error
    }

    // The move's answer was lost: look once more.
    const {versions} = await lookOnceMore(session, name, versionId, error)
    if (holderOf(versions, AWSCURRENT) === versionId) return put.written
    await giveBackPrevious(session, name, versionId, versions, previous)
    throw error
  }

  if (outcome.landed) return put.written
  await giveBackPrevious(session, name, versionId, undefined, expected)
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
    if (!(error instanceof ValidationError || error instanceof NotFoundError || error instanceof ConflictError))
      throw error
    // Refused: either AWSCURRENT had moved on (the conflict this exists to catch), or this is a
    // repeat of a move that landed (an SDK retry after a lost response). Only the labels (and,
    // when they cannot tell, the versions' dates) say which.
    const {versions} = await describe(session, name)
    const current = holderOf(versions, AWSCURRENT)
    if (current === versionId) return {landed: true}
    if (current === expected) throw error
    // Our version holding AWSPREVIOUS is either our parked write (AWSCURRENT moved before it)
    // or our landed move followed by yet another write. Refused on the first attempt, the move
    // cannot have landed; after a retry, a current version newer than ours was written after it.
    if (versions[versionId]?.includes(AWSPREVIOUS) && attemptsBehind(error) > 1 && current !== undefined) {
      const dates = new Map(
        (await listVersions(session, name)).map((version) => [version.versionId, version.createdDate.getTime()]),
      )
      if ((dates.get(current) ?? 0) > (dates.get(versionId) ?? Number.POSITIVE_INFINITY)) return {landed: true}
    }

    return {landed: false, current}
  }
}

/**
 * After a refused or failed step 2, AWSPREVIOUS goes back where it belongs if our version still
 * holds it: to `rightful` (the version it was taken from), or off our version when that is gone.
 * Never throws: a label left is reported as a warning with the command that fixes it.
 */
async function giveBackPrevious(
  session: AwsSession,
  name: string,
  versionId: string,
  known: Record<string, string[]> | undefined,
  rightful: string | undefined,
): Promise<void> {
  const move = (moveTo: string | undefined) =>
    session.call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
      session.client.send(
        new session.sdk.UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: AWSPREVIOUS,
          MoveToVersionId: moveTo,
          RemoveFromVersionId: versionId,
        }),
      ),
    )
  try {
    const versions = known ?? (await describe(session, name)).versions
    if (!versions[versionId]?.includes(AWSPREVIOUS)) return
    // The rightful version lost its last label to our put, so describe no longer lists it.
    const moveTo = rightful && rightful !== versionId ? rightful : undefined
    try {
      await move(moveTo)
    } catch (error) {
      // That version is gone (purged): take the label off ours at least.
      if (!(error instanceof ValidationError) || moveTo === undefined) throw error
      await move(undefined)
    }
  } catch (error) {
    session.warn(
      `Secret ${name}: AWSPREVIOUS may be left on version ${versionId}, which was never current ` +
        `(${(error as Error).constructor.name}); if describe shows it there, move it with: ` +
        `aws secretsmanager update-secret-version-stage --secret-id ${name} --version-stage AWSPREVIOUS --remove-from-version-id ${versionId}` +
        (rightful ? ` --move-to-version-id ${rightful}` : ''),
    )
  }
}

/**
 * Removes check-and-set labels (secretsmith-cas-<token>) that an interrupted put of an earlier
 * release left behind. A failure fails the put before anything is written, so no put succeeds
 * while one is left.
 */
async function removeStaleCheckAndSetLabels(
  session: AwsSession,
  name: string,
  versions: Record<string, string[]>,
): Promise<void> {
  for (const [versionId, stages] of Object.entries(versions)) {
    for (const label of stages.filter((stage) => stage.startsWith(CHECK_AND_SET_LABEL_PREFIX))) {
      await session.call('UpdateSecretVersionStage', {name, isWrite: true}, () =>
        session.client.send(
          new session.sdk.UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: label,
            RemoveFromVersionId: versionId,
          }),
        ),
      )
    }
  }
}

/** The version a staging label is on, if any. */
function holderOf(versions: Record<string, string[]>, stage: string): string | undefined {
  return Object.keys(versions).find((id) => versions[id].includes(stage))
}
