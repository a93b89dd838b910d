// `describe`: a secret's metadata with each labelled version's created date. DescribeSecret
// names the versions and their labels but not when each was made; ListSecretVersionIds does
// (CreatedDate: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_SecretVersionsListEntry.html),
// so describe makes that one read more. A secret scheduled for deletion is not listed (its
// versions cannot be read until it is restored); its versions are shown without dates.
import {SecretsmithError} from '../errors.js'
import type {SecretDescription, SecretStore, StoreTarget} from '../stores/store.js'

export interface VersionOverview {
  versionId: string
  stages: string[]
  createdDate?: Date
}

export interface SecretOverview {
  secret: SecretDescription
  /** The labelled versions, newest first (by created date, when known). */
  versions: VersionOverview[]
  store: StoreTarget
}

export async function describeSecret(
  context: {store: SecretStore; warn: (message: string) => void},
  name: string,
): Promise<SecretOverview> {
  const {store} = context
  const secret = await store.describe(name)
  const created = new Map<string, Date>()
  if (!secret.deletedDate) {
    try {
      for (const version of await store.listVersions(name)) created.set(version.versionId, version.createdDate)
    } catch (error) {
      // The metadata is what was asked for; a listing refused (e.g. no ListSecretVersionIds
      // permission) costs only the dates.
      if (!(error instanceof SecretsmithError)) throw error
      context.warn(`the versions' created dates could not be read: ${error.message}`)
    }
  }

  const versions = Object.entries(secret.versions)
    .map(([versionId, stages]) => ({versionId, stages, createdDate: created.get(versionId)}))
    .sort((a, b) => (b.createdDate?.getTime() ?? 0) - (a.createdDate?.getTime() ?? 0))
  return {secret, versions, store: await store.target()}
}
