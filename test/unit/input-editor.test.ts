import assert from 'node:assert/strict'
import {type ChildProcess, spawn} from 'node:child_process'
import {createHash} from 'node:crypto'
import {chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

import {ExitCode, InterruptedError, UsageError, ValidationError} from '../../src/errors.js'
import {defaultEditorTempBase, readSecretFromEditor, resolveEditor, withoutNotes} from '../../src/input/editor.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const FIXTURE = 'test/support/read-secret-fixture.ts'

// The fake editor records what it was given (the file path, the file's and directory's modes,
// the prefilled content) in $FAKE_EDITOR_LOG, then acts as $FAKE_EDITOR_ACTION says.
const FAKE_EDITOR = `#!/bin/sh
# Before the log that tells the test the editor has started: a Ctrl-C sent on seeing it must find the trap set.
[ "$FAKE_EDITOR_ACTION" = ignore-int ] && trap '' INT
file="$1"
[ "$1" = "--flag" ] && file="$2" && echo "flag" >> "$FAKE_EDITOR_LOG.args"
cp "$file" "$FAKE_EDITOR_LOG.initial"
printf '%s\\n%s\\n%s\\n' "$file" "$(stat -c %a "$file")" "$(stat -c %a "$(dirname "$file")")" > "$FAKE_EDITOR_LOG.tmp"
mv "$FAKE_EDITOR_LOG.tmp" "$FAKE_EDITOR_LOG"
case "$FAKE_EDITOR_ACTION" in
  write) cat "$FAKE_EDITOR_SOURCE" > "$file" ;;
  keep) ;;
  chatty) echo "EDITOR-SCREEN-OUTPUT"; cat "$FAKE_EDITOR_SOURCE" > "$file" ;;
  fail) exit 1 ;;
  delete) rm -f "$file" ;;
  symlink) rm -f "$file"; ln -s "$FAKE_EDITOR_SOURCE" "$file" ;;
  sleep) exec sleep 30 ;;
  ignore-int) while [ ! -e "$FAKE_EDITOR_GO" ]; do sleep 0.05; done; cat "$FAKE_EDITOR_SOURCE" > "$file" ;;
esac
`

interface EditorLog {
  file: string
  fileMode: string
  dirMode: string
  initial: Buffer
}

describe('readSecretFromEditor (--edit)', () => {
  let work: string
  let editor: string
  let log: string
  let source: string

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'secretsmith-editor-test-'))
    editor = join(work, 'fake-editor')
    writeFileSync(editor, FAKE_EDITOR)
    chmodSync(editor, 0o755)
    log = join(work, 'editor.log')
    source = join(work, 'new-value')
    writeFileSync(source, `${CANARY}\n`, {mode: 0o600})
  })

  afterEach(() => rmSync(work, {recursive: true, force: true}))

  const envFor = (action: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    EDITOR: editor,
    FAKE_EDITOR_LOG: log,
    FAKE_EDITOR_SOURCE: source,
    FAKE_EDITOR_ACTION: action,
    ...extra,
  })

  function editorLog(): EditorLog {
    const [file, fileMode, dirMode] = readFileSync(log, 'utf8').trim().split('\n')
    return {file, fileMode, dirMode, initial: readFileSync(`${log}.initial`)}
  }

  function assertTempGone(entry: EditorLog): void {
    assert.ok(!existsSync(entry.file), 'the temp file is removed')
    assert.ok(!existsSync(dirname(entry.file)), 'the private temp directory is removed')
  }

  it('returns what the editor saved, without the newline the editor adds', async () => {
    const value = await readSecretFromEditor({keepNewline: false, env: envFor('write')})
    assert.equal(value.revealText(), CANARY)
    assertTempGone(editorLog())
  })

  it('keeps the trailing newline with keepNewline', async () => {
    const value = await readSecretFromEditor({keepNewline: true, env: envFor('write')})
    assert.equal(value.revealText(), `${CANARY}\n`)
  })

  it('edits a 0600 file in a private 0700 directory on /dev/shm, and removes both', async function () {
    if (defaultEditorTempBase() !== '/dev/shm') this.skip() // no /dev/shm on this machine
    await readSecretFromEditor({keepNewline: false, env: envFor('write')})
    const entry = editorLog()
    assert.match(entry.file, /^\/dev\/shm\/secretsmith-[^/]+\/value\.txt$/)
    assert.equal(entry.fileMode, '600')
    assert.equal(entry.dirMode, '700')
    assertTempGone(entry)
  })

  it('starts from the current value for put, and returns it unchanged when the editor keeps it', async () => {
    const initial = SecretValue.fromText(`${CANARY}-current`)
    const value = await readSecretFromEditor({keepNewline: false, env: envFor('keep'), initial})
    assert.equal(editorLog().initial.toString('utf8'), `${CANARY}-current`)
    assert.ok(value.equals(initial))
    assertTempGone(editorLog())
  })

  it('starts from an empty file for create', async () => {
    await readSecretFromEditor({keepNewline: false, env: envFor('write')})
    assert.equal(editorLog().initial.length, 0)
  })

  it('uses the requested file extension', async () => {
    await readSecretFromEditor({keepNewline: false, env: envFor('write'), extension: '.json'})
    assert.match(editorLog().file, /value\.json$/)
  })

  it('opens again on what was saved, with the problems as notes above it, until the check passes', async () => {
    const seen: string[] = []
    let checks = 0
    const value = await readSecretFromEditor({
      keepNewline: false,
      env: envFor('keep'),
      initial: SecretValue.fromText(`${CANARY}-draft\n`),
      notes: ['a hint'],
      check() {
        seen.push(editorLog().initial.toString('utf8'))
        checks++
        return checks === 1 ? [{line: 1, column: 3, message: 'not right yet'}] : []
      },
    })
    assert.equal(value.revealText(), `${CANARY}-draft`, 'the notes are gone from the value')
    assert.equal(seen[0], `# a hint\n${CANARY}-draft\n`)
    // Line 1 of the value is line 5 of the file: four note lines above it.
    assert.equal(
      seen[1],
      `# The value below was not saved:\n#   line 5, column 3: not right yet\n# Fix it and save.\n# a hint\n${CANARY}-draft\n`,
    )
    assertTempGone(editorLog())
  })

  it('cancels (exit 130) when the file is saved empty, notes aside', async () => {
    const empty = join(work, 'empty')
    writeFileSync(empty, '# a hint\n\n')
    await assert.rejects(
      readSecretFromEditor({keepNewline: false, env: envFor('write', {FAKE_EDITOR_SOURCE: empty}), notes: ['a hint']}),
      (error: unknown) => error instanceof InterruptedError && error.exitCode === ExitCode.Interrupted,
    )
    assertTempGone(editorLog())
  })

  it('removes only the note lines it wrote from a text value, or every leading # line when told they are all notes', () => {
    const saved = Buffer.from('# a hint\n# the value starts here\nsecret\n')
    assert.equal(withoutNotes(saved, ['a hint'], false).toString(), '# the value starts here\nsecret\n')
    assert.equal(withoutNotes(saved, ['a hint'], true).toString(), 'secret\n')
    assert.equal(withoutNotes(Buffer.from('# a hint\r\n{}'), ['a hint'], false).toString(), '{}')
  })

  it('prefers VISUAL over EDITOR', () => {
    assert.equal(resolveEditor({VISUAL: 'code --wait', EDITOR: 'vi'}), 'code --wait')
    assert.equal(resolveEditor({VISUAL: ' ', EDITOR: 'nano'}), 'nano')
  })

  it('runs an editor given with arguments through the shell, as git does', async () => {
    const value = await readSecretFromEditor({
      keepNewline: false,
      env: {...envFor('write'), EDITOR: `${editor} --flag`},
    })
    assert.equal(value.revealText(), CANARY)
    assert.equal(readFileSync(`${log}.args`, 'utf8').trim(), 'flag')
  })

  it('fails with a usage error when neither VISUAL nor EDITOR is set', async () => {
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: {PATH: process.env.PATH}}), (error: Error) => {
      assert.ok(error instanceof UsageError)
      assert.match(error.message, /set VISUAL or EDITOR/)
      return true
    })
  })

  it('fails with a usage error when the editor does not exist, leaving no temp directory', async () => {
    const base = mkdtempSync(join(tmpdir(), 'secretsmith-editor-base-'))
    try {
      for (const missing of ['/nonexistent/editor', '/nonexistent/editor --wait']) {
        await assert.rejects(
          readSecretFromEditor({keepNewline: false, env: {PATH: process.env.PATH, EDITOR: missing}, tempBase: base}),
          UsageError,
          missing,
        )
      }

      assert.deepEqual(readdirSync(base), [])
    } finally {
      rmSync(base, {recursive: true, force: true})
    }
  })

  it('cancels (exit 130) when the editor exits non-zero, and removes the temp directory', async () => {
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: envFor('fail')}), (error: Error) => {
      assert.ok(error instanceof InterruptedError)
      assert.equal(error.exitCode, ExitCode.Interrupted)
      assert.match(error.message, /status 1.*nothing was written/)
      return true
    })
    assertTempGone(editorLog())
  })

  it('fails when the editor deleted the file, and still removes the directory', async () => {
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: envFor('delete')}), ValidationError)
    assertTempGone(editorLog())
  })

  it('refuses a file the editor replaced with a symbolic link', async () => {
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: envFor('symlink')}), ValidationError)
    assertTempGone(editorLog())
  })

  it('refuses to put a binary value in a text editor', async () => {
    const initial = SecretValue.fromBinary(Buffer.from([0xff, 0x00]))
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: envFor('write'), initial}), UsageError)
    assert.ok(!existsSync(log), 'the editor never ran')
  })

  it('leaves no signal handlers behind', async () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((event) => process.listenerCount(event))
    await readSecretFromEditor({keepNewline: false, env: envFor('write')})
    await assert.rejects(readSecretFromEditor({keepNewline: false, env: envFor('fail')}))
    const after = ['SIGINT', 'SIGTERM', 'SIGHUP', 'exit'].map((event) => process.listenerCount(event))
    assert.deepEqual(after, before)
  })

  describe('in a real process, with signals', () => {
    let child: ChildProcess | undefined

    afterEach(() => {
      if (child?.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL')
      child = undefined
    })

    /** Runs the fixture in its own process group (as a shell runs a foreground job). */
    function startFixture(env: NodeJS.ProcessEnv) {
      let stdout = ''
      let stderr = ''
      child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, 'edit'], {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {...process.env, ...env, CI: 'true'},
      })
      child.stdout!.on('data', (chunk) => (stdout += chunk))
      child.stderr!.on('data', (chunk) => (stderr += chunk))
      const exit = new Promise<{code: number | null; stdout: string; stderr: string}>((resolve) => {
        child!.once('close', (code) => resolve({code, stdout, stderr}))
      })
      return {pid: child.pid!, exit}
    }

    async function editorStarted(): Promise<EditorLog> {
      for (let wait = 0; wait < 400 && !existsSync(log); wait++) await new Promise((resolve) => setTimeout(resolve, 25))
      return editorLog()
    }

    it('keeps stdout clean: the editor draws on stderr when stdout is not a terminal', async () => {
      const run = startFixture(envFor('chatty'))
      const result = await run.exit
      assert.equal(result.code, 0, result.stderr)
      const digest = createHash('sha256').update(CANARY).digest('hex')
      assert.equal(result.stdout, `read source=editor bytes=${CANARY.length} binary=false sha256=${digest}\n`)
      assert.match(result.stderr, /EDITOR-SCREEN-OUTPUT/)
      assert.ok(!result.stderr.includes(CANARY))
    })

    it('Ctrl-C (SIGINT to the foreground process group) cancels with exit 130 and removes the temp directory', async () => {
      const run = startFixture(envFor('sleep'))
      const entry = await editorStarted()
      assert.ok(existsSync(entry.file), 'the temp file exists while editing')
      process.kill(-run.pid, 'SIGINT')
      const result = await run.exit
      assert.equal(result.code, 130, result.stderr)
      assert.match(result.stderr, /^Error: .*nothing was written\.\n$/)
      assertTempGone(entry)
    })

    it('SIGTERM to secretsmith alone stops the editor, exits 130 and removes the temp directory', async () => {
      const run = startFixture(envFor('sleep'))
      const entry = await editorStarted()
      process.kill(run.pid, 'SIGTERM')
      const result = await run.exit
      assert.equal(result.code, 130, result.stderr)
      assert.match(result.stderr, /SIGTERM/)
      assertTempGone(entry)
    })

    it('SIGHUP (terminal closed) also removes the temp directory', async () => {
      const run = startFixture(envFor('sleep'))
      const entry = await editorStarted()
      process.kill(run.pid, 'SIGHUP')
      const result = await run.exit
      assert.equal(result.code, 130, result.stderr)
      assertTempGone(entry)
    })

    it('leaves Ctrl-C to an editor that handles it (as vim does) and keeps what it saves', async () => {
      const go = join(work, 'go')
      const run = startFixture(envFor('ignore-int', {FAKE_EDITOR_GO: go}))
      const entry = await editorStarted()
      process.kill(-run.pid, 'SIGINT')
      await new Promise((resolve) => setTimeout(resolve, 200))
      writeFileSync(go, '')
      const result = await run.exit
      assert.equal(result.code, 0, result.stderr)
      assert.match(result.stdout, /^read source=editor /)
      assertTempGone(entry)
    })
  })
})
