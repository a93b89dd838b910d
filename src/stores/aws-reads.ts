// The AWS store's reads: GetSecretValue, DescribeSecret, the paginated ListSecrets and
// ListSecretVersionIds, GetResourcePolicy and GetRandomPassword. Nothing here changes a secret.
import {stagePhrase, versionPhrase} from '../errors.js'
import {SecretValue} from '../secret-value.js'
import {type AwsSession, required, unexpectedResponse} from './aws-session.js'
import {assertValidListFilters, assertValidPageSize, assertValidSecretId} from './limits.js'
import {
  AWSCURRENT,
  type GetValueOptions,
  type ListOptions,
  type PasswordOptions,
  type SecretDescription,
  type SecretListEntry,
  type SecretVersionValue,
  type VersionEntry,
} from './store.js'

export async function getValue(
  session: AwsSession,
  name: string,
  options: GetValueOptions = {},
): Promise<SecretVersionValue> {
  assertValidSecretId(name)
  const stage = options.versionStage ?? (options.versionId ? undefined : AWSCURRENT)
  const versionDetail = [options.versionId && versionPhrase(options.versionId), stage && `stage ${stagePhrase(stage)}`]
    .filter(Boolean)
    .join(' with ')
  const versionStage = options.versionId ? undefined : stage
  const output = await session.call('GetSecretValue', {name, versionDetail, versionStage, isWrite: false}, () =>
    session.client.send(
      new session.sdk.GetSecretValueCommand({SecretId: name, VersionId: options.versionId, VersionStage: stage}),
    ),
  )
  let value: SecretValue
  if (output.SecretBinary !== undefined) value = SecretValue.fromBinary(output.SecretBinary)
  else if (output.SecretString !== undefined) value = SecretValue.fromText(output.SecretString)
  else throw unexpectedResponse('GetSecretValue', name)
  return {
    ...session.ref(name, output.ARN, output.Name),
    versionId: required(output.VersionId, 'GetSecretValue', name),
    stages: output.VersionStages ?? [],
    value,
    createdDate: output.CreatedDate ?? new Date(0),
  }
}

export async function describe(session: AwsSession, name: string): Promise<SecretDescription> {
  assertValidSecretId(name)
  const output = await session.call('DescribeSecret', {name, isWrite: false}, () =>
    session.client.send(new session.sdk.DescribeSecretCommand({SecretId: name})),
  )
  const versions = output.VersionIdsToStages ?? {}
  session.seenStages.set(name, versions)
  return {...session.listEntry(output, name), versions}
}

export async function* list(session: AwsSession, options: ListOptions = {}): AsyncIterable<SecretListEntry> {
  const pageSize = options.pageSize
  assertValidPageSize(pageSize)
  assertValidListFilters(options.filters ?? [])

  const pages = session.sdk.paginateListSecrets(
    {client: session.client, pageSize},
    {
      Filters: options.filters?.map((filter) => ({Key: filter.key, Values: filter.values})),
      IncludePlannedDeletion: options.includePlannedDeletion,
    },
  )
  const iterator = pages[Symbol.asyncIterator]()
  while (true) {
    const page = await session.call('ListSecrets', {isWrite: false}, () => iterator.next())
    if (page.done) return
    for (const entry of page.value.SecretList ?? []) {
      yield {
        ...session.listEntry(entry, entry.Name ?? ''),
        ...(entry.SecretVersionsToStages ? {versions: entry.SecretVersionsToStages} : {}),
      }
    }
  }
}

export async function listVersions(
  session: AwsSession,
  name: string,
  options: {includeDeprecated?: boolean} = {},
): Promise<VersionEntry[]> {
  assertValidSecretId(name)
  const pages = session.sdk.paginateListSecretVersionIds(
    {client: session.client},
    {SecretId: name, IncludeDeprecated: options.includeDeprecated},
  )
  const iterator = pages[Symbol.asyncIterator]()
  const versions: VersionEntry[] = []
  while (true) {
    const page = await session.call('ListSecretVersionIds', {name, isWrite: false}, () => iterator.next())
    if (page.done) return versions
    session.noteArn(page.value.ARN)
    for (const version of page.value.Versions ?? []) {
      versions.push({
        versionId: required(version.VersionId, 'ListSecretVersionIds', name),
        stages: version.VersionStages ?? [],
        createdDate: version.CreatedDate ?? new Date(0),
        ...(version.LastAccessedDate ? {lastAccessedDate: version.LastAccessedDate} : {}),
      })
    }
  }
}

/** The resource policy document, or null when the secret has none. */
export async function getResourcePolicy(session: AwsSession, name: string): Promise<string | null> {
  assertValidSecretId(name)
  const output = await session.call('GetResourcePolicy', {name, isWrite: false}, () =>
    session.client.send(new session.sdk.GetResourcePolicyCommand({SecretId: name})),
  )
  session.noteArn(output.ARN)
  return output.ResourcePolicy ?? null
}

export async function randomPassword(session: AwsSession, options: PasswordOptions = {}): Promise<SecretValue> {
  const output = await session.call('GetRandomPassword', {isWrite: false}, () =>
    session.client.send(
      new session.sdk.GetRandomPasswordCommand({
        PasswordLength: options.length,
        ExcludeCharacters: options.excludeCharacters,
        ExcludeNumbers: options.excludeNumbers,
        ExcludePunctuation: options.excludePunctuation,
        ExcludeUppercase: options.excludeUppercase,
        ExcludeLowercase: options.excludeLowercase,
        IncludeSpace: options.includeSpace,
        RequireEachIncludedType: options.requireEachIncludedType,
      }),
    ),
  )
  if (output.RandomPassword === undefined) throw unexpectedResponse('GetRandomPassword')
  return SecretValue.fromText(output.RandomPassword)
}
