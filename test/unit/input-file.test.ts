import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {ExitCode, SecretsmithError, UsageError, ValidationError} from '../../src/errors.js'
import {readSecretFromFile} from '../../src/input/file.js'
import {readSecret} from '../../src/input/read-secret.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'

describe('readSecretFromFile (--from-file)', () => {
  let dir: string
  let warnings: string[]
  const warn = (message: string) => warnings.push(message)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'secretsmith-file-test-'))
    warnings = []
  })

  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  function privateFile(name: string, content: string | Buffer, mode = 0o600): string {
    const path = join(dir, name)
    writeFileSync(path, content, {mode})
    chmodSync(path, mode)
    return path
  }

  /** Asserts a one-line usage error (exit 2) that does not quote the file's content. */
  async function refusesWith(path: string, pattern: RegExp): Promise<void> {
    await assert.rejects(readSecretFromFile(path, {keepNewline: false, warn}), (error: Error) => {
      assert.ok(error instanceof UsageError, `${error.name}: ${error.message}`)
      assert.equal(error.exitCode, ExitCode.Usage)
      assert.match(error.message, pattern)
      assert.doesNotMatch(error.message, /\n/)
      assert.ok(!error.message.includes(CANARY))
      return true
    })
  }

  it('reads a private regular file, dropping one trailing newline, without a warning', async () => {
    const value = await readSecretFromFile(privateFile('value', `${CANARY}\n`), {keepNewline: false, warn})
    assert.equal(value.revealText(), CANARY)
    assert.deepEqual(warnings, [])
  })

  it('keeps the trailing newline with keepNewline', async () => {
    const value = await readSecretFromFile(privateFile('value', `${CANARY}\n`), {keepNewline: true, warn})
    assert.equal(value.revealText(), `${CANARY}\n`)
  })

  it('reads a file that is not UTF-8 as a binary value', async () => {
    const bytes = Buffer.from([0x00, 0xff, 0xc3, 0x28])
    const value = await readSecretFromFile(privateFile('blob', bytes), {keepNewline: false, warn})
    assert.equal(value.isBinary, true)
    assert.deepEqual(value.revealBytes(), bytes)
  })

  it('warns when the file is readable by group or others, naming the mode but not the content', async () => {
    const path = privateFile('shared', CANARY, 0o644)
    const value = await readSecretFromFile(path, {keepNewline: false, warn})
    assert.equal(value.revealText(), CANARY)
    assert.equal(warnings.length, 1)
    assert.match(warnings[0], /readable or writable by group or others \(mode 0644\)/)
    assert.match(warnings[0], /chmod 600/)
    assert.ok(!warnings[0].includes(CANARY))
  })

  it('warns when the file is writable by group', async () => {
    await readSecretFromFile(privateFile('group-writable', CANARY, 0o620), {keepNewline: false, warn})
    assert.equal(warnings.length, 1)
  })

  it('refuses a symbolic link, even to a good private file', async () => {
    const target = privateFile('target', CANARY)
    const link = join(dir, 'link')
    symlinkSync(target, link)
    await refusesWith(link, /is a symbolic link/)
  })

  it('refuses a directory', async () => {
    const sub = join(dir, 'sub')
    mkdirSync(sub)
    await refusesWith(sub, /is a directory/)
  })

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    await refusesWith(fifo, /is a FIFO.*--from-stdin/)
  })

  it('refuses a device', async () => {
    await refusesWith('/dev/null', /is a device/)
  })

  it('refuses a socket', async () => {
    const path = join(dir, 'socket')
    const server: Server = createServer()
    await new Promise<void>((resolve) => server.listen(path, resolve))
    try {
      await refusesWith(path, /is a socket/)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('reports a missing file as a usage error (exit 2)', async () => {
    await refusesWith(join(dir, 'missing'), /no such file/)
  })

  it('reports a path through a non-directory', async () => {
    const file = privateFile('plain', CANARY)
    await refusesWith(join(file, 'below'), /not a directory/)
  })

  it('reports an unreadable file as permission denied', async function () {
    if (process.getuid?.() === 0) this.skip() // root reads anything
    const path = privateFile('locked', CANARY, 0o000)
    await refusesWith(path, /permission denied/)
  })

  it('refuses an empty path', async () => {
    await refusesWith('', /needs a path/)
  })

  it('stops at the size limit on a huge (sparse) file and reports exit 5 without its content', async () => {
    const path = privateFile('huge', CANARY)
    truncateSync(path, 10 * 1024 ** 3) // 10 GB, sparse: reading it all would take minutes
    await assert.rejects(readSecretFromFile(path, {keepNewline: false, warn}), (error: Error) => {
      assert.ok(error instanceof ValidationError)
      assert.equal(error.exitCode, ExitCode.Validation)
      assert.match(error.message, /larger than .*65,536 bytes/)
      assert.ok(!error.message.includes(CANARY))
      return true
    })
  })

  it('reports an empty file as an empty value (exit 5) through readSecret', async () => {
    const path = privateFile('empty', '\n')
    await assert.rejects(
      readSecret({kind: 'file', path, keepNewline: false}, {promptMessage: 'x', confirm: false, warn}),
      (error: Error) => {
        assert.ok(error instanceof SecretsmithError)
        assert.equal(error.exitCode, ExitCode.Validation)
        assert.match(error.message, /empty/)
        return true
      },
    )
  })

  it('accepts a file of exactly 65,536 bytes and rejects 65,537 through readSecret', async () => {
    const ok = await readSecret(
      {kind: 'file', path: privateFile('max', 'a'.repeat(65_536)), keepNewline: false},
      {promptMessage: 'x', confirm: false},
    )
    assert.equal(ok.byteLength, 65_536)
    await assert.rejects(
      readSecret(
        {kind: 'file', path: privateFile('over', 'a'.repeat(65_537)), keepNewline: false},
        {promptMessage: 'x', confirm: false},
      ),
      ValidationError,
    )
  })
})
