// End-to-end: where a value comes from, through the real binary (`create`/`put` on the local
// store): every --from-file refusal, the editor with its temp directory (in a pseudo-terminal,
// since --edit needs one), the generator, and the usage errors for combining sources. Each bad input must give one line on stderr, its
// exit code, no canary anywhere, and leave nothing written.
import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {assertOneLineError} from '../support/cli-assertions.js'
import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, type CliResult, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

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
    assertOneLineError(result, code, pattern)
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
      await assertRefused(
        await cli(['create', big, '--from-file', file('big', CANARY.repeat(3000))]),
        big,
        5,
        /65,?536/,
      )
    })
  })

  describe('--edit', () => {
    let editor: string
    let blockingEditor: string
    let log: string

    before(() => {
      editor = join(home.path, 'fake-editor')
      log = join(home.path, 'editor.log')
      // Records the temp path, the modes of the file and its directory, and the prefilled
      // content, then writes the value it is told to (or fails, when asked).
      writeFileSync(
        editor,
        [
          '#!/bin/sh',
          `printf '%s\\n%s\\n%s\\n' "$1" "$(stat -c %a "$1")" "$(stat -c %a "$(dirname "$1")")" > "${log}"`,
          `cp "$1" "${log}.initial"`,
          '[ "$FAKE_EDITOR_FAIL" = 1 ] && exit 3',
          'cat "$FAKE_EDITOR_SOURCE" > "$1"',
          '',
        ].join('\n'),
      )
      chmodSync(editor, 0o755)
      // Like vi without a terminal: it never returns on its own. It leaves a mark if it ever starts.
      blockingEditor = join(home.path, 'blocking-editor')
      writeFileSync(blockingEditor, `#!/bin/sh\ntouch "${log}.blocking-started"\nexec sleep 60\n`)
      chmodSync(blockingEditor, 0o755)
    })

    const editorEnv = (content: string, extra: Record<string, string> = {}) => ({
      EDITOR: editor,
      FAKE_EDITOR_SOURCE: file(`editor-source-${counter}`, content),
      ...extra,
    })

    /** Runs the CLI in a pseudo-terminal, as a person at a terminal would (no CI there). */
    async function cliInPty(
      args: string[],
      extraEnv: Record<string, string> = {},
    ): Promise<{code: number | null; output: string; text: string}> {
      const session = spawnInPty(process.execPath, [BIN, ...args, '--store', 'local'], {
        env: {...env, ...extraEnv} as NodeJS.ProcessEnv,
        cwd: REPO_ROOT,
      })
      const {code} = await session.exit
      return {code, output: session.output, text: session.text}
    }

    function editorLog(): {file: string; fileMode: string; dirMode: string; initial: string} {
      const [path, fileMode, dirMode] = readFileSync(log, 'utf8').trim().split('\n')
      return {file: path, fileMode, dirMode, initial: readFileSync(`${log}.initial`, 'utf8')}
    }

    function assertTempGone(path: string): void {
      assert.ok(!existsSync(path), `the temp file ${path} is removed`)
      assert.ok(!existsSync(dirname(path)), 'the private temp directory is removed')
    }

    const hasDevShm = (() => {
      try {
        return statSync('/dev/shm').isDirectory()
      } catch {
        return false
      }
    })()

    it('creates from the editor at a terminal, then put starts the editor from the current value; private temp files, gone afterwards', async () => {
      const name = fresh()
      const created = await cliInPty(['create', name, '--edit'], editorEnv(`${CANARY}-v1\n`))
      assert.equal(created.code, 0, created.text)
      assert.ok(!created.output.includes(CANARY), `the terminal showed the value:\n${created.text}`)
      const first = editorLog()
      assert.equal(first.initial, '', 'create starts from an empty file')
      assert.equal(first.fileMode, '600')
      assert.equal(first.dirMode, '700')
      if (hasDevShm) assert.match(first.file, /^\/dev\/shm\/secretsmith-[^/]+\/value\.txt$/)
      assertTempGone(first.file)

      const updated = await cliInPty(['put', name, '--edit'], editorEnv(`${CANARY}-v2\n`))
      assert.equal(updated.code, 0, updated.text)
      assert.ok(!updated.output.includes(CANARY), `the terminal showed the value:\n${updated.text}`)
      const second = editorLog()
      assert.equal(second.initial, `${CANARY}-v1`, 'put prefills the current value')
      assert.equal(second.fileMode, '600')
      assert.equal(second.dirMode, '700')
      assertTempGone(second.file)
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-v2`)
    })

    it('writes nothing when the editor exits non-zero (exit 130), and removes the temp directory', async () => {
      const name = fresh()
      const result = await cliInPty(['create', name, '--edit'], editorEnv(CANARY, {FAKE_EDITOR_FAIL: '1'}))
      assert.equal(result.code, 130, result.text)
      assert.deepEqual(result.text.trim().split('\n'), [
        'Error: The editor exited with status 3; editing was cancelled and nothing was written.',
      ])
      assert.ok(!result.output.includes(CANARY))
      assertTempGone(editorLog().file)
      assert.equal((await cli(['get', name])).code, 3, 'nothing was written')
    })

    it('fails with exit 2 when no editor is configured', async () => {
      const name = fresh()
      // isolatedEnv passes neither VISUAL nor EDITOR through.
      const result = await cliInPty(['create', name, '--edit'])
      assert.equal(result.code, 2, result.text)
      assert.match(result.text.trim(), /^Error: .*set VISUAL or EDITOR[^\n]*$/)
      assert.equal((await cli(['get', name])).code, 3, 'nothing was written')
    })

    it('without a terminal, refuses --edit at once (exit 2) instead of starting an editor that would wait forever; nothing written', async () => {
      const name = fresh()
      const blocking = {EDITOR: blockingEditor}
      await assertRefused(
        await cli(['create', name, '--edit'], {env: blocking}),
        name,
        2,
        /--edit needs a terminal.*--from-stdin or --from-file/,
      )

      const existing = fresh()
      assert.equal((await cli(['create', existing, '--from-stdin'], {stdin: CANARY})).code, 0)
      const put = await cli(['put', existing, '--edit'], {env: blocking})
      assert.equal(put.code, 2, put.stderr)
      assert.match(put.stderr, /^Error: --edit needs a terminal/)
      assertNoCanary(put)
      assert.equal((await cli(['get', existing])).stdout, CANARY, 'the current value is unchanged')
      assert.ok(!existsSync(`${log}.blocking-started`), 'the editor was never started')
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
      await assertRefused(
        await cli(['create', name, '--generate', '--length', '3']),
        name,
        2,
        /cannot hold one of each/,
      )
    })

    it('refuses password flags without --generate (exit 2)', async () => {
      const name = fresh()
      await assertRefused(
        await cli(['create', name, '--from-stdin', '--length', '20'], {stdin: CANARY}),
        name,
        2,
        /--length applies only with --generate/,
      )
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
      await assertRefused(
        await cli(['create', name, '--generate', '--keep-newline']),
        name,
        2,
        /--keep-newline applies only/,
      )
    })
  })
})
