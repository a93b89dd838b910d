// End-to-end: where a value comes from, through the real binary (`create`/`put` on the local
// store): every --from-file refusal, the editor with its temp directory, the generator, and
// the usage errors for combining sources. Each bad input must give one line on stderr, its
// exit code, no canary anywhere, and leave nothing written.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {CANARY, type CliResult, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('value sources end to end (local store)', function () {
  this.timeout(60_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>
  let counter = 0
  const fresh = () => `sources/secret-${++counter}`
  const cli = (args: string[], options: {stdin?: string | Buffer; env?: Record<string, string | undefined>} = {}) =>
    runCli([...args, '--store', 'local'], {env: {...env, ...options.env}, stdin: options.stdin})

  before(async () => {
    home = await makeTempDir('secretsmith-sources-')
    env = isolatedEnv(home.path)
  })
  after(async () => home.remove())

  function file(name: string, content: string | Buffer, mode = 0o600): string {
    const path = join(home.path, name)
    writeFileSync(path, content, {mode})
    chmodSync(path, mode)
    return path
  }

  function assertNoCanary(result: CliResult): void {
    assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
    assert.ok(!result.stdout.includes(CANARY), `stdout leaked the canary:\n${result.stdout}`)
  }

  async function assertRefused(result: CliResult, name: string, code: number, pattern: RegExp): Promise<void> {
    assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`)
    const lines = result.stderr.trim().split('\n')
    assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`)
    assert.match(lines[0], /^Error: /)
    assert.match(lines[0], pattern)
    assert.equal(result.stdout, '')
    assertNoCanary(result)
    const got = await cli(['get', name])
    assert.equal(got.code, 3, `nothing was written for ${name}: ${got.stderr}`)
  }

  describe('--from-file', () => {
    it('creates a secret from a private file, silently, and get returns the value', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--from-file', file('private', `${CANARY}\n`)])
      assert.equal(created.code, 0, created.stderr)
      assert.doesNotMatch(created.stderr, /readable or writable by group or others/)
      assertNoCanary(created)
      assert.equal((await cli(['get', name])).stdout, CANARY)
    })

    it('warns on stderr about a file readable by others, and still writes', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--from-file', file('shared', CANARY, 0o644)])
      assert.equal(created.code, 0, created.stderr)
      assert.match(created.stderr, /^Warning: .*shared is readable or writable by group or others \(mode 0644\)/m)
      assertNoCanary(created)
    })

    it('refuses a symbolic link (exit 2, nothing written)', async () => {
      const link = join(home.path, 'link')
      symlinkSync(file('link-target', CANARY), link)
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-file', link]), name, 2, /is a symbolic link/)
    })

    it('refuses a directory (exit 2, nothing written)', async () => {
      const dir = join(home.path, 'a-directory')
      mkdirSync(dir)
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-file', dir]), name, 2, /is a directory/)
    })

    it('refuses a FIFO at once, without waiting for a writer (exit 2)', async () => {
      const fifo = join(home.path, 'fifo')
      execFileSync('mkfifo', [fifo])
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-file', fifo]), name, 2, /is a FIFO/)
    })

    it('refuses a device (exit 2)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-file', '/dev/zero']), name, 2, /is a device/)
    })

    it('reports a missing file (exit 2, nothing written)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-file', join(home.path, 'nope')]), name, 2, /no such file/)
    })

    it('reads stdin for --from-file -', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--from-file', '-'], {stdin: `${CANARY}\n`})
      assert.equal(created.code, 0, created.stderr)
      assert.equal((await cli(['get', name])).stdout, CANARY)
    })

    it('rejects an empty file (exit 5) and an oversized one (exit 5) without echoing content', async () => {
      const empty = fresh()
      await assertRefused(await cli(['create', empty, '--from-file', file('empty', '')]), empty, 5, /empty/)
      const big = fresh()
      await assertRefused(await cli(['create', big, '--from-file', file('big', CANARY.repeat(3000))]), big, 5, /65,?536/)
    })
  })

  describe('--edit', () => {
    let editor: string
    let log: string

    before(() => {
      editor = join(home.path, 'fake-editor')
      log = join(home.path, 'editor.log')
      // Records the temp path and the prefilled content, then writes the value it is told to.
      writeFileSync(
        editor,
        `#!/bin/sh\necho "$1" > "${log}"\ncp "$1" "${log}.initial"\n[ "$FAKE_EDITOR_FAIL" = 1 ] && exit 3\ncat "$FAKE_EDITOR_SOURCE" > "$1"\n`,
      )
      chmodSync(editor, 0o755)
    })

    const editorEnv = (content: string, extra: Record<string, string> = {}) => ({
      EDITOR: editor,
      FAKE_EDITOR_SOURCE: file(`editor-source-${counter}`, content),
      ...extra,
    })

    it('creates from the editor, then put starts the editor from the current value; the temp files are gone', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--edit'], {env: editorEnv(`${CANARY}-v1\n`)})
      assert.equal(created.code, 0, created.stderr)
      assertNoCanary(created)
      const firstTemp = readFileSync(log, 'utf8').trim()
      assert.ok(!existsSync(firstTemp) && !existsSync(join(firstTemp, '..')), 'temp file and directory removed')

      const updated = await cli(['put', name, '--edit'], {env: editorEnv(`${CANARY}-v2\n`)})
      assert.equal(updated.code, 0, updated.stderr)
      assert.equal(readFileSync(`${log}.initial`, 'utf8'), `${CANARY}-v1`, 'put prefills the current value')
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-v2`)
      assertNoCanary(updated)
      const secondTemp = readFileSync(log, 'utf8').trim()
      assert.ok(!existsSync(join(secondTemp, '..')), 'the put temp directory is removed too')
    })

    it('writes nothing when the editor exits non-zero (exit 130), and removes the temp directory', async () => {
      const name = fresh()
      const result = await cli(['create', name, '--edit'], {env: editorEnv(CANARY, {FAKE_EDITOR_FAIL: '1'})})
      await assertRefused(result, name, 130, /editor exited with status 3/)
      assert.ok(!existsSync(join(readFileSync(log, 'utf8').trim(), '..')))
    })

    it('fails with exit 2 when no editor is configured', async () => {
      const name = fresh()
      // isolatedEnv passes neither VISUAL nor EDITOR through.
      await assertRefused(await cli(['create', name, '--edit']), name, 2, /set VISUAL or EDITOR/)
    })
  })

  describe('--generate', () => {
    it('stores a password of the requested shape and prints nothing on stdout', async () => {
      const name = fresh()
      const created = await cli(['create', name, '--generate', '--length', '48', '--exclude-punctuation'])
      assert.equal(created.code, 0, created.stderr)
      assert.equal(created.stdout, '')
      assert.match((await cli(['get', name])).stdout, /^[A-Za-z0-9]{48}$/)
    })

    it('refuses an impossible combination (exit 2)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name, '--generate', '--length', '3']), name, 2, /cannot hold one of each/)
    })

    it('refuses password flags without --generate (exit 2)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name, '--from-stdin', '--length', '20'], {stdin: CANARY}), name, 2, /--length applies only with --generate/)
    })
  })

  describe('choosing a source', () => {
    it('refuses two sources (exit 2), naming both, without reading either', async () => {
      const name = fresh()
      await assertRefused(
        await cli(['create', name, '--from-stdin', '--from-file', file('second', CANARY)], {stdin: CANARY}),
        name,
        2,
        /not --from-stdin and --from-file/,
      )
    })

    it('fails at once without a terminal and without a source, naming the source flags (exit 2)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name]), name, 2, /--from-stdin, --from-file PATH, --edit or --generate/)
    })

    it('refuses --keep-newline with --generate (exit 2)', async () => {
      const name = fresh()
      await assertRefused(await cli(['create', name, '--generate', '--keep-newline']), name, 2, /--keep-newline applies only/)
    })
  })
})
