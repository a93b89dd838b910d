// The store contract against the aws store: the real AWS SDK over real HTTP to the loopback
// Secrets Manager test server, with static test credentials in a sealed environment.
import {openAwsStore} from '../../src/stores/aws.js'
import {useFakeAwsEnvironment} from '../support/fake-aws-environment.js'
import {startFakeSecretsManager} from '../support/fake-secrets-manager.js'
import {describeStoreContract} from './store-contract.js'

describeStoreContract('aws store (loopback Secrets Manager)', async () => {
  const environment = useFakeAwsEnvironment({region: 'eu-west-1', extra: {SECRETSMITH_AWS_RETRY_BASE_MS: '1'}})
  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '210987654321'})
  try {
    const store = await openAwsStore({endpointUrl: server.url, maxAttempts: 3})
    return {
      store,
      async cleanup() {
        await server.close()
        environment.restore()
      },
    }
  } catch (error) {
    await server.close()
    environment.restore()
    throw error
  }
})
