// The AWS store's batch read: the current values of several secrets with BatchGetSecretValue,
// 20 secret ids per call (the API's limit for SecretIdList), for exec and export. A secret
// that cannot be read is reported per id with the typed error GetSecretValue would have
// thrown, so one missing secret names itself instead of failing the others' reads. Where the
// caller's policy does not allow the batch call itself, each secret is read on its own.
// https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_BatchGetSecretValue.html
import {AccessDeniedError} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {toStoreError} from './aws-errors.js'
import {getValue} from './aws-reads.js'
import {type AwsSession, required} from './aws-session.js'
import {assertValidSecretId} from './limits.js'
import type {CurrentValueOutcome, SecretVersionValue} from './store.js'

/** SecretIdList holds 1 to 20 ids. */
const BATCH_GET_MAX_IDS = 20

export async function getCurrentValues(session: AwsSession, names: string[]): Promise<CurrentValueOutcome[]> {
  const unique = [...new Set(names)]
  for (const name of unique) assertValidSecretId(name)
  const outcomes = new Map<string, CurrentValueOutcome>()
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX_IDS) {
    const chunk = unique.slice(start, start + BATCH_GET_MAX_IDS)
    let output
    try {
      output = await session.call('BatchGetSecretValue', {isWrite: false}, () =>
        session.client.send(new session.sdk.BatchGetSecretValueCommand({SecretIdList: chunk})),
      )
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error
      // secretsmanager:BatchGetSecretValue not granted: GetSecretValue alone may still be.
      for (const name of chunk) outcomes.set(name, await readAlone(session, name))
      continue
    }

    for (const entry of output.SecretValues ?? []) {
      const requested = chunk.find(
        (id) => id === entry.ARN || id === entry.Name || (entry.ARN?.startsWith(`${id}-`) ?? false),
      )
      if (requested === undefined) continue
      let value: SecretValue
      if (entry.SecretBinary !== undefined) value = SecretValue.fromBinary(entry.SecretBinary)
      else if (entry.SecretString !== undefined) value = SecretValue.fromText(entry.SecretString)
      else continue
      const secret: SecretVersionValue = {
        ...session.ref(requested, entry.ARN, entry.Name),
        versionId: required(entry.VersionId, 'BatchGetSecretValue', requested),
        stages: entry.VersionStages ?? [],
        value,
        createdDate: entry.CreatedDate ?? new Date(0),
      }
      outcomes.set(requested, {name: requested, secret})
    }

    for (const failure of output.Errors ?? []) {
      const requested = chunk.find((id) => id === failure.SecretId)
      if (requested === undefined) continue
      // Built from the error code alone: the message may quote the request.
      const error = toStoreError(
        Object.assign(new Error('batch entry failed'), {
          name: failure.ErrorCode ?? 'Error',
          $metadata: {httpStatusCode: 400},
        }),
        {
          operation: 'BatchGetSecretValue',
          secretName: requested,
          region: session.settings.region,
          credentialSource: session.settings.credentialSource,
          endpoint: session.settings.endpoint,
          isWrite: false,
        },
      )
      outcomes.set(requested, {name: requested, error})
    }

    // An id the answer did not mention (a partial ARN it resolved differently): read it alone.
    for (const name of chunk) if (!outcomes.has(name)) outcomes.set(name, await readAlone(session, name))
  }

  return names.map((name) => outcomes.get(name)!)
}

async function readAlone(session: AwsSession, name: string): Promise<CurrentValueOutcome> {
  try {
    return {name, secret: await getValue(session, name)}
  } catch (error) {
    return {name, error: error as Error}
  }
}
