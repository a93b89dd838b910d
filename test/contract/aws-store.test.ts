// The store contract against the aws store: the real AWS SDK over real HTTP to the loopback
// Secrets Manager test server, with static test credentials in a sealed environment.
import {openFakeAwsStore} from '../support/fake-aws-store.js'
import {describeStoreContract} from './store-contract.js'

describeStoreContract('aws store (loopback Secrets Manager)', async () => {
  const fixture = await openFakeAwsStore({
    server: {region: 'eu-west-1', accountId: '210987654321'},
    store: {maxAttempts: 3},
  })
  return {store: fixture.store, cleanup: () => fixture.close(), advanceClock: (ms) => fixture.server.advanceClock(ms)}
})
