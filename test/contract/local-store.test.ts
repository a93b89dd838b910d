// The store contract against the embedded local store, in a fresh temp directory per test,
// with its key in a key file (the SECRETSMITH_KEYCHAIN=off path) so no real keychain is touched.
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {openLocalStore} from '../../src/stores/local.js'
import {describeStoreContract} from './store-contract.js'

describeStoreContract('local store', async () => {
  const directory = await mkdtemp(join(tmpdir(), 'secretsmith-contract-'))
  let offset = 0
  const store = await openLocalStore({
    home: join(directory, 'store'),
    keychain: 'off',
    clock: () => new Date(Date.now() + offset),
  })
  return {
    store,
    cleanup: () => rm(directory, {recursive: true, force: true}),
    advanceClock: (ms) => {
      offset += ms
    },
  }
})
