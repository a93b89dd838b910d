// Picks and opens a store backend. Each backend is imported only when chosen, so a
// local-store command never loads the AWS SDK and `--help` loads neither.
import type {SecretStore, StoreKind, StoreOptions} from './store.js'

export async function openStore(kind: StoreKind, options: StoreOptions): Promise<SecretStore> {
  if (kind === 'local') {
    const {openLocalStore} = await import('./local.js')
    return openLocalStore(options)
  }

  const {openAwsStore} = await import('./aws.js')
  return openAwsStore(options)
}
