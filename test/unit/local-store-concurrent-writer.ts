// A separate process that hammers one local store, for the concurrency tests: it increments a
// shared JSON counter with check-and-set (retrying on ConflictError) and writes versions of its
// own secret. Configured by environment: STORE_HOME, WORKER, INCREMENTS. Prints its retry count.
import {randomUUID} from 'node:crypto'

import {ConflictError, NotFoundError} from '../../src/errors.js'
import {KeychainUnavailableError} from '../../src/keychain.js'
import {SecretValue} from '../../src/secret-value.js'
import {LocalStore} from '../../src/stores/local.js'

const home = process.env.STORE_HOME!
const worker = process.env.WORKER!
const increments = Number(process.env.INCREMENTS)
// A keychain that never answers, as on a headless box: the process that creates the store warns.
const fail = async (): Promise<never> => {
  throw new KeychainUnavailableError('no Secret Service in this test')
}

const store = new LocalStore(home, {
  keychain: {label: 'no keychain', get: fail, set: fail, delete: fail},
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
})
let retries = 0

for (let done = 0; done < increments;) {
  try {
    const current = await store.getValue('shared/counter')
    const {count} = JSON.parse(current.value.revealText()) as {count: number}
    await store.putValue({
      name: 'shared/counter',
      value: SecretValue.fromText(JSON.stringify({count: count + 1, by: worker})),
      clientRequestToken: randomUUID(),
      expectedCurrentVersionId: current.versionId,
    })
    done++
  } catch (error) {
    if (error instanceof NotFoundError) {
      await store
        .create({name: 'shared/counter', value: SecretValue.fromText('{"count":0}'), clientRequestToken: randomUUID()})
        .catch((raced: unknown) => {
          if (!(raced instanceof ConflictError)) throw raced
        })
    } else if (!(error instanceof ConflictError)) {
      throw error
    }

    retries++
    continue
  }

  const own = `worker/${worker}`
  const value = SecretValue.fromText(`CANARY-7f3a9c-DO-NOT-LEAK-${worker}-${done}`)
  await (done === 1
    ? store.create({name: own, value, clientRequestToken: randomUUID()})
    : store.putValue({name: own, value, clientRequestToken: randomUUID()}))
}

process.stdout.write(`${JSON.stringify({worker, retries})}\n`)
