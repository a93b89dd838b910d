import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {Readable} from 'node:stream'

import {UsageError, ValidationError} from '../../src/errors.js'
import {MAX_INPUT_BYTES, stripOneTrailingNewline} from '../../src/input/bounded-read.js'
import {readSecretFromStdin} from '../../src/input/stdin.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const FIXTURE = 'test/support/read-secret-fixture.ts'

const stdinOf = (...chunks: Array<string | Buffer>) => Readable.from(chunks.map((chunk) => Buffer.from(chunk)))
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

function runFixture(args: string[], input: Buffer | string | undefined, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', FIXTURE, ...args], {
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: {...process.env, CI: 'true', ...env},
    encoding: 'utf8',
  })
  return {code: result.status, stdout: result.stdout, stderr: result.stderr}
}

describe('readSecretFromStdin (--from-stdin)', () => {
  it('reads all of stdin, across chunks, dropping one trailing newline', async () => {
    const value = await readSecretFromStdin({keepNewline: false, stdin: stdinOf('CANARY-', '7f3a9c-DO-NOT-LEAK\n')})
    assert.equal(value.revealText(), CANARY)
  })

  it('drops a trailing CRLF as one newline, and only one newline', async () => {
    assert.equal(
      (await readSecretFromStdin({keepNewline: false, stdin: stdinOf(`${CANARY}\r\n`)})).revealText(),
      CANARY,
    )
    assert.equal(
      (await readSecretFromStdin({keepNewline: false, stdin: stdinOf(`${CANARY}\n\n`)})).revealText(),
      `${CANARY}\n`,
    )
    assert.equal((await readSecretFromStdin({keepNewline: false, stdin: stdinOf(`a\nb`)})).revealText(), 'a\nb')
  })

  it('keeps the trailing newline with keepNewline', async () => {
    const value = await readSecretFromStdin({keepNewline: true, stdin: stdinOf(`${CANARY}\n`)})
    assert.equal(value.revealText(), `${CANARY}\n`)
  })

  it('stores bytes that are not UTF-8 as a binary value, unchanged', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0x0a])
    const value = await readSecretFromStdin({keepNewline: true, stdin: stdinOf(bytes)})
    assert.equal(value.isBinary, true)
    assert.deepEqual(value.revealBytes(), bytes)
  })

  it('refuses a terminal on stdin with a usage error that points to the prompt', async () => {
    await assert.rejects(
      readSecretFromStdin({keepNewline: false, isTerminal: true, stdin: stdinOf(CANARY)}),
      (error: Error) => {
        assert.ok(error instanceof UsageError)
        assert.match(error.message, /stdin is a terminal/)
        assert.doesNotMatch(error.message, /\n/)
        return true
      },
    )
  })

  it('stops reading an oversized stream past the limit and reports its size class, not its content', async () => {
    let produced = 0
    // An endless stream of canaries: the reader must stop, not run out of memory.
    const endless = new Readable({
      read() {
        produced += 4096
        this.push(Buffer.from(CANARY.repeat(200)))
      },
    })
    await assert.rejects(readSecretFromStdin({keepNewline: false, stdin: endless}), (error: Error) => {
      assert.ok(error instanceof ValidationError)
      assert.match(error.message, /larger than .*65,536 bytes/)
      assert.ok(!error.message.includes(CANARY))
      return true
    })
    assert.ok(produced < 200_000, `read stopped early (${produced} bytes asked for)`)
  })

  it('accepts exactly 65,536 bytes plus a trailing CRLF', async () => {
    const value = await readSecretFromStdin({keepNewline: false, stdin: stdinOf(`${'x'.repeat(65_536)}\r\n`)})
    assert.equal(value.byteLength, 65_536)
    assert.equal(MAX_INPUT_BYTES, 65_538)
  })

  it('strips nothing from a value without a trailing newline, including an empty one', () => {
    assert.equal(stripOneTrailingNewline(Buffer.from('abc'), false).toString(), 'abc')
    assert.equal(stripOneTrailingNewline(Buffer.alloc(0), false).length, 0)
    assert.equal(stripOneTrailingNewline(Buffer.from('\n'), false).length, 0)
    assert.equal(stripOneTrailingNewline(Buffer.from('\r'), false).toString(), '\r')
  })

  describe('in a real process', () => {
    it('reads a piped value and prints only a digest of it', () => {
      const result = runFixture(['read', '--from-stdin'], `${CANARY}\n`)
      assert.equal(result.code, 0, result.stderr)
      assert.equal(
        result.stdout.trim(),
        `read source=stdin bytes=${CANARY.length} binary=false sha256=${sha256(CANARY)}`,
      )
      assert.equal(result.stderr, '')
    })

    it('treats --from-file - as stdin', () => {
      const result = runFixture(['read', '--from-file', '-', '--keep-newline'], `${CANARY}\n`)
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, new RegExp(`bytes=${CANARY.length + 1} .*sha256=${sha256(`${CANARY}\n`)}`))
    })

    it('fails with exit 5 on an empty stdin (nothing piped), without hanging', () => {
      const result = runFixture(['read', '--from-stdin'], undefined)
      assert.equal(result.code, 5)
      assert.match(result.stderr, /^Error: The secret value is empty; nothing was written\.\n$/)
      assert.equal(result.stdout, '')
    })

    it('fails with exit 5 on a value over 65,536 bytes and never echoes it', () => {
      const result = runFixture(['read', '--from-stdin'], `${CANARY}${'x'.repeat(65_536)}`)
      assert.equal(result.code, 5)
      assert.match(result.stderr, /65,536 bytes/)
      assert.ok(!result.stderr.includes(CANARY) && !result.stdout.includes(CANARY))
    })

    it('fails with exit 2 naming the source flags when no source is given and there is no terminal', () => {
      const result = runFixture(['read'], undefined)
      assert.equal(result.code, 2)
      assert.match(result.stderr, /--from-stdin, --from-file PATH, --edit or --generate/)
    })
  })
})
