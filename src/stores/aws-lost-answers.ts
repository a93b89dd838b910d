// What the AWS store does when a write's answer was lost (a dropped connection or a timeout on
// an attempt, then failure): the request may have been processed, so it looks once more before
// reporting failure. The version id is known (it is the client request token): there means the
// write landed; not there, the failure stands; the look failing too is an unknown outcome.
import {NotFoundError, OutcomeUnknownError, UnavailableError} from '../errors.js'
import {describe} from './aws-reads.js'
import type {AwsSession} from './aws-session.js'
import type {WriteResult} from './store.js'
import {suggestCommand} from '../command-hint.js'

/** A write's result and the labels its version carries. */
export interface PutOutcome {
  written: WriteResult
  stages: string[]
}

/** Runs a write of version `versionId`; after a lost answer, one more look decides. */
export async function lookAgainIfLost(
  session: AwsSession,
  name: string,
  versionId: string,
  write: () => Promise<PutOutcome>,
): Promise<PutOutcome> {
  const lostBefore = session.answersLost
  try {
    return await write()
  } catch (error) {
    // Every attempt answered (throttled, say): nothing was processed, the failure stands.
    if (!(error instanceof UnavailableError) || session.answersLost === lostBefore) throw error
    const {arn, versions} = await lookOnceMore(session, name, versionId, error)
    if (!(versionId in versions)) throw error
    return {written: {name, arn, versionId}, stages: versions[versionId]}
  }
}

/** The second look after a lost answer: the secret's labels, or OutcomeUnknownError. */
export async function lookOnceMore(
  session: AwsSession,
  name: string,
  versionId: string,
  lost: UnavailableError,
): Promise<{arn: string; versions: Record<string, string[]>}> {
  try {
    const description = await describe(session, name)
    return {arn: description.arn, versions: description.versions}
  } catch (error) {
    if (error instanceof NotFoundError) return {arn: '', versions: {}}
    throw new OutcomeUnknownError(
      `${lost.message.replace(/ The change may or may not have been applied.*$/, '')} Looking again failed too, so the write of ` +
        `version ${versionId} may have happened: check with ${suggestCommand('describe', name)} (listed under versions if it landed) before retrying.`,
    )
  }
}
