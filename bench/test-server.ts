// The loopback Secrets Manager test server in a process of its own, for the benchmark: the
// benchmark's spawnSync blocks its own event loop, so the server cannot live there. Prints its
// URL as one JSON line, then answers IPC messages: {op: 'calls'} returns the call log (names and
// operations only, never values) and {op: 'reset-calls'} forgets it.
import {startFakeSecretsManager} from '../test/support/fake-secrets-manager.js'

const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012'})
let since = 0

process.on('message', (message: {op: string; id: number}) => {
  if (message.op === 'reset-calls') {
    since = server.calls.length
    process.send?.({id: message.id, ok: true})
  } else if (message.op === 'calls') {
    process.send?.({
      id: message.id,
      calls: server.calls
        .slice(since)
        .map((call) => ({operation: call.operation, status: call.status, versionStage: call.versionStage})),
    })
  } else if (message.op === 'close') {
    void server.close().then(() => process.exit(0))
  }
})
process.on('disconnect', () => void server.close().then(() => process.exit(0)))
process.send?.({ready: true, url: server.url})
