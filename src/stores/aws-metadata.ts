// The AWS store's changes around a secret's value: description and key (UpdateSecret without
// a value, so no new version), tags, the rotation schedule, and replication to other regions.
import {type AwsSession, toAwsRotationRules, toAwsTag, toReplicaStatus} from './aws-session.js'
import {
  assertValidDescription,
  assertValidRotationRules,
  assertValidSecretId,
  assertValidTags,
  assertValidToken,
} from './limits.js'
import type {ReplicaStatus, RotationInput, RotationResult, SecretRef, Tag, UpdateMetadataInput} from './store.js'

export async function updateMetadata(
  session: AwsSession,
  name: string,
  input: UpdateMetadataInput,
): Promise<SecretRef> {
  assertValidSecretId(name)
  assertValidDescription(input.description)
  // UpdateSecret without SecretString/SecretBinary changes metadata only: no new version.
  const output = await session.call('UpdateSecret', {name, isWrite: true}, () =>
    session.client.send(
      new session.sdk.UpdateSecretCommand({SecretId: name, Description: input.description, KmsKeyId: input.kmsKeyId}),
    ),
  )
  return session.ref(name, output.ARN, output.Name)
}

export async function tag(session: AwsSession, name: string, tags: Tag[]): Promise<void> {
  assertValidSecretId(name)
  assertValidTags(tags)
  await session.call('TagResource', {name, isWrite: true}, () =>
    session.client.send(new session.sdk.TagResourceCommand({SecretId: name, Tags: tags.map(toAwsTag)})),
  )
}

export async function untag(session: AwsSession, name: string, keys: string[]): Promise<void> {
  assertValidSecretId(name)
  await session.call('UntagResource', {name, isWrite: true}, () =>
    session.client.send(new session.sdk.UntagResourceCommand({SecretId: name, TagKeys: keys})),
  )
}

export async function rotate(session: AwsSession, name: string, input: RotationInput): Promise<RotationResult> {
  assertValidSecretId(name)
  assertValidToken(input.clientRequestToken)
  assertValidRotationRules(input.rotationRules)
  const output = await session.call('RotateSecret', {name, isWrite: true}, () =>
    session.client.send(
      new session.sdk.RotateSecretCommand({
        SecretId: name,
        ClientRequestToken: input.clientRequestToken,
        RotationLambdaARN: input.rotationLambdaArn,
        RotationRules: input.rotationRules ? toAwsRotationRules(input.rotationRules) : undefined,
        RotateImmediately: input.rotateImmediately,
      }),
    ),
  )
  return {...session.ref(name, output.ARN, output.Name), ...(output.VersionId ? {versionId: output.VersionId} : {})}
}

export async function cancelRotation(session: AwsSession, name: string): Promise<SecretRef> {
  assertValidSecretId(name)
  const output = await session.call('CancelRotateSecret', {name, isWrite: true}, () =>
    session.client.send(new session.sdk.CancelRotateSecretCommand({SecretId: name})),
  )
  return session.ref(name, output.ARN, output.Name)
}

export async function replicate(
  session: AwsSession,
  name: string,
  regions: Array<{region: string; kmsKeyId?: string}>,
): Promise<ReplicaStatus[]> {
  assertValidSecretId(name)
  const output = await session.call('ReplicateSecretToRegions', {name, isWrite: true}, () =>
    session.client.send(
      new session.sdk.ReplicateSecretToRegionsCommand({
        SecretId: name,
        AddReplicaRegions: regions.map(({region, kmsKeyId}) => ({Region: region, KmsKeyId: kmsKeyId})),
      }),
    ),
  )
  session.noteArn(output.ARN)
  return (output.ReplicationStatus ?? []).map(toReplicaStatus)
}

export async function removeReplicas(session: AwsSession, name: string, regions: string[]): Promise<ReplicaStatus[]> {
  assertValidSecretId(name)
  const output = await session.call('RemoveRegionsFromReplication', {name, isWrite: true}, () =>
    session.client.send(
      new session.sdk.RemoveRegionsFromReplicationCommand({SecretId: name, RemoveReplicaRegions: regions}),
    ),
  )
  session.noteArn(output.ARN)
  return (output.ReplicationStatus ?? []).map(toReplicaStatus)
}
