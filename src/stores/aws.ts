// The AWS Secrets Manager backend of the SecretStore port, over the AWS SDK v3 (loaded only
// when this store is opened). The class is the port; the calls live by concern in
// aws-reads.ts, aws-writes.ts (with aws-check-and-set.ts) and aws-metadata.ts, and all of
// them go through aws-session.ts, which maps SDK errors to our typed errors.
import type {SecretsManagerClient} from '@aws-sdk/client-secrets-manager'

import type {SecretValue} from '../secret-value.js'
import {type AwsClientSettings, createSecretsManagerClient} from './aws-client.js'
import * as batchReads from './aws-batch-reads.js'
import * as metadata from './aws-metadata.js'
import * as reads from './aws-reads.js'
import {AwsSession, type SecretsManagerModule} from './aws-session.js'
import * as writes from './aws-writes.js'
import type {
  CreateSecretInput,
  CurrentValueOutcome,
  DeleteOptions,
  DeleteResult,
  GetValueOptions,
  ListOptions,
  MoveStageInput,
  PasswordOptions,
  PutValueInput,
  ReplicaStatus,
  RotationInput,
  RotationResult,
  SecretDescription,
  SecretListEntry,
  SecretRef,
  SecretStore,
  SecretVersionValue,
  StoreOptions,
  StoreTarget,
  Tag,
  UpdateMetadataInput,
  VersionEntry,
  WriteResult,
} from './store.js'

export {CHECK_AND_SET_LABEL_PREFIX, checkAndSetLabel} from './aws-check-and-set.js'

/** Open the AWS store: resolves region, credentials source, endpoint and retry settings. */
export async function openAwsStore(options: StoreOptions): Promise<SecretStore> {
  const sdk = await import('@aws-sdk/client-secrets-manager')
  const {client, settings} = await createSecretsManagerClient(sdk, options)
  return new AwsStore(sdk, client, settings, {warn: options.warn})
}

class AwsStore implements SecretStore {
  readonly kind = 'aws' as const
  readonly #session: AwsSession

  constructor(
    sdk: SecretsManagerModule,
    client: SecretsManagerClient,
    settings: AwsClientSettings,
    options: Pick<StoreOptions, 'warn'> = {},
  ) {
    this.#session = new AwsSession(sdk, client, settings, options)
  }

  async target(): Promise<StoreTarget> {
    return this.#session.target()
  }

  async create(input: CreateSecretInput): Promise<WriteResult> {
    return writes.create(this.#session, input)
  }

  async putValue(input: PutValueInput): Promise<WriteResult> {
    return writes.putValue(this.#session, input)
  }

  async getValue(name: string, options: GetValueOptions = {}): Promise<SecretVersionValue> {
    return reads.getValue(this.#session, name, options)
  }

  async getCurrentValues(names: string[]): Promise<CurrentValueOutcome[]> {
    return batchReads.getCurrentValues(this.#session, names)
  }

  async describe(name: string): Promise<SecretDescription> {
    return reads.describe(this.#session, name)
  }

  list(options: ListOptions = {}): AsyncIterable<SecretListEntry> {
    return reads.list(this.#session, options)
  }

  async listVersions(name: string, options: {includeDeprecated?: boolean} = {}): Promise<VersionEntry[]> {
    return reads.listVersions(this.#session, name, options)
  }

  async moveStage(name: string, input: MoveStageInput): Promise<SecretRef> {
    return writes.moveStage(this.#session, name, input)
  }

  async updateMetadata(name: string, input: UpdateMetadataInput): Promise<SecretRef> {
    return metadata.updateMetadata(this.#session, name, input)
  }

  async tag(name: string, tags: Tag[]): Promise<void> {
    return metadata.tag(this.#session, name, tags)
  }

  async untag(name: string, keys: string[]): Promise<void> {
    return metadata.untag(this.#session, name, keys)
  }

  async delete(name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    return writes.deleteSecret(this.#session, name, options)
  }

  async restore(name: string): Promise<SecretRef> {
    return writes.restore(this.#session, name)
  }

  async rotate(name: string, input: RotationInput): Promise<RotationResult> {
    return metadata.rotate(this.#session, name, input)
  }

  async cancelRotation(name: string): Promise<SecretRef> {
    return metadata.cancelRotation(this.#session, name)
  }

  async replicate(name: string, regions: Array<{region: string; kmsKeyId?: string}>): Promise<ReplicaStatus[]> {
    return metadata.replicate(this.#session, name, regions)
  }

  async removeReplicas(name: string, regions: string[]): Promise<ReplicaStatus[]> {
    return metadata.removeReplicas(this.#session, name, regions)
  }

  async randomPassword(options: PasswordOptions = {}): Promise<SecretValue> {
    return reads.randomPassword(this.#session, options)
  }

  async getResourcePolicy(name: string): Promise<string | null> {
    return reads.getResourcePolicy(this.#session, name)
  }

  async close(): Promise<void> {
    this.#session.client.destroy()
  }
}
