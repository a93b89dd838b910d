// Ctrl-C (or SIGTERM) while secretsmith waits on a stalled pipeline: one line on stderr, the
// documented exit code 130, and nothing written.
import assert from 'node:assert/strict'
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {readFile} from 'node:fs/promises'
import {constants} from 'node:os'
import {setTimeout as sleep} from 'node:timers/promises'

import {BIN, CANARY, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('interrupting a command that waits on stdin', function () {
  this.timeout(30_000)

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while reading --from-stdin exits 130 with one line and writes nothing`, async () => {
      const home = await makeTempDir()
      try {
        const env = isolatedEnv(home.path)
        const child = spawn(process.execPath, [BIN, 'create', 'stalled/secret', '--store', 'local', '--from-stdin'], {
          env: env as NodeJS.ProcessEnv,
        })
        let stderr = ''
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString()
        })
        child.stdin.write(CANARY.slice(0, 10)) // a pipeline that started writing, then stalled
        // Wait for secretsmith's own handlers (SIGUSR2 is caught by nobody else), then for the read.
        for (let wait = 0; wait < 600; wait++) {
          const mask = /SigCgt:\s*([0-9a-f]+)/.exec(
            await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => ''),
          )?.[1]
          if (mask && (BigInt(`0x${mask}`) & (1n << BigInt(constants.signals.SIGUSR2 - 1))) !== 0n) break
          await sleep(25)
        }

        await sleep(1500)
        child.kill(signal)
        const [code] = (await once(child, 'close')) as [number | null]
        assert.equal(code, 130, `exit code; stderr: ${stderr}`)
        // Before the read starts the process-wide handler answers, naming the signal; both say nothing was written.
        assert.match(stderr, new RegExp(`^Error: Interrupted( by ${signal})?; nothing was written\\.\\n$`))
        assert.equal(
          (await runCli(['describe', 'stalled/secret', '--store', 'local'], {env})).code,
          3,
          'nothing written',
        )
      } finally {
        await home.remove()
      }
    })
  }
})
