// Which resource to ask CloudTrail about: CloudTrail records a Secrets Manager event against
// the secret's ARN, so a name is turned into its ARN (one DescribeSecret). A secret that is
// gone (force-deleted, or the recovery window passed) has no ARN to find: its events are then
// looked up by the name as given, and the user is told to pass the ARN for a complete answer.
import {NotFoundError} from '../errors.js'
import type {SecretStore} from '../stores/store.js'

export async function trailSubject(
  store: SecretStore,
  secretId: string,
  note: (line: string) => void,
): Promise<{resource: string; accountId?: string}> {
  if (secretId.startsWith('arn:')) return {resource: secretId, accountId: secretId.split(':')[4] || undefined}
  try {
    const {arn} = await store.describe(secretId)
    return {resource: arn, accountId: arn.split(':')[4] || undefined}
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error
    note(
      `Note: no secret named ${secretId} exists now, so its events are looked up by name; pass its ARN to find every event.`,
    )
    const {account} = await store.target()
    return {resource: secretId, accountId: account}
  }
}
