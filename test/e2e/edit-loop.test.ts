// End-to-end: --edit keeps the user's work (issue 7). A save that is not valid JSON or fails
// the schema opens the editor again on what was saved, with the problems as '#' notes above
// it (never quoting the value), until a save passes, the file is saved empty or the editor
// fails (both cancel: exit 130, nothing written). create --edit --schema opens a template.
// The real binary runs in a pseudo-terminal (--edit needs one) with its stdout redirected to
// a file, so stdout and the terminal (stderr) are asserted apart; the editor is a script that
// plays one step per opening and keeps a copy of what it was shown.
import assert from 'node:assert/strict'
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {spawnInPty} from '../support/pty.js'
import {BIN, CANARY, REPO_ROOT, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

type Step = {write: string} | {replace: [string, string]} | {empty: true} | {exit: number} | {keep: true}

// Opening n (from 0) copies the file to $FAKE_EDITOR_LOG/seen-n and its path to .../path,
// then does steps[n] from the JSON file $FAKE_EDITOR_STEPS.
const FAKE_EDITOR = `#!/usr/bin/env node
const fs = require('node:fs')
const path = require('node:path')
const file = process.argv[2]
const log = process.env.FAKE_EDITOR_LOG
const steps = JSON.parse(fs.readFileSync(process.env.FAKE_EDITOR_STEPS, 'utf8'))
let n = 0
while (fs.existsSync(path.join(log, 'seen-' + n))) n++
const text = fs.readFileSync(file, 'utf8')
fs.writeFileSync(path.join(log, 'seen-' + n), text)
fs.writeFileSync(path.join(log, 'path'), file)
const step = steps[n] ?? {exit: 99}
if ('exit' in step) process.exit(step.exit)
if ('write' in step) fs.writeFileSync(file, step.write)
if ('replace' in step) fs.writeFileSync(file, text.replace(step.replace[0], step.replace[1]))
if ('empty' in step) fs.writeFileSync(file, '')
`

describe('--edit keeps your work (local store, in a terminal)', function () {
  this.timeout(120_000)
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>
  let editor: string
  let counter = 0

  before(async () => {
    home = await makeTempDir('secretsmith-edit-loop-')
    env = isolatedEnv(home.path)
    editor = join(home.path, 'fake-editor.cjs')
    writeFileSync(editor, FAKE_EDITOR)
    chmodSync(editor, 0o755)
  })
  after(async () => home.remove())

  const cli = (args: string[], stdin?: string) => runCli([...args, '--store', 'local'], {env, stdin})

  interface EditRun {
    code: number | null
    /** What the terminal showed: stderr (and nothing of the editor's, which draws nothing). */
    terminal: string
    stdout: string
    /** The file as the editor found it at each opening. */
    seen: string[]
    tempFile: string
  }

  /** Runs `secretsmith <args> --store local` at a terminal, stdout to a file, the editor playing `steps`. */
  async function editRun(args: string[], steps: Step[]): Promise<EditRun> {
    const run = join(home.path, `run-${++counter}`)
    const log = join(run, 'log')
    const out = join(run, 'stdout')
    const stepsFile = join(run, 'steps.json')
    mkdirSync(log, {recursive: true})
    writeFileSync(stepsFile, JSON.stringify(steps))
    const command = [process.execPath, BIN, ...args, '--store', 'local'].map((word) => `'${word}'`).join(' ')
    const session = spawnInPty('sh', ['-c', `exec ${command} > '${out}'`], {
      env: {...env, EDITOR: editor, FAKE_EDITOR_LOG: log, FAKE_EDITOR_STEPS: stepsFile} as NodeJS.ProcessEnv,
      cwd: REPO_ROOT,
    })
    const {code} = await session.exit
    const seen: string[] = []
    while (existsSync(join(log, `seen-${seen.length}`)))
      seen.push(readFileSync(join(log, `seen-${seen.length}`), 'utf8'))
    const tempFile = existsSync(join(log, 'path')) ? readFileSync(join(log, 'path'), 'utf8') : ''
    return {code, terminal: session.text, stdout: readFileSync(out, 'utf8'), seen, tempFile}
  }

  function assertClean(run: EditRun): void {
    assert.ok(!run.terminal.includes(CANARY), `the terminal showed the value:\n${run.terminal}`)
    assert.ok(!run.stdout.includes(CANARY), `stdout showed the value:\n${run.stdout}`)
    assert.ok(run.tempFile !== '', 'the editor was started')
    assert.ok(!existsSync(run.tempFile), `the temp file ${run.tempFile} is removed`)
    assert.ok(!existsSync(dirname(run.tempFile)), 'the private temp directory is removed')
  }

  /** The '#' note lines at the top of what the editor was shown. */
  function notesOf(text: string): string[] {
    const lines = text.split('\n')
    return lines.slice(
      0,
      lines.findIndex((line) => !line.startsWith('#')),
    )
  }

  const bodyOf = (text: string) => text.split('\n').slice(notesOf(text).length).join('\n')

  async function stored(name: string): Promise<string> {
    const got = await cli(['get', name])
    assert.equal(got.code, 0, got.stderr)
    return got.stdout
  }

  it('re-opens a save that is not valid JSON on what was saved, the error as a note pointing at its line, then writes the fixed value', async () => {
    const name = 'loop/json'
    const before = JSON.stringify({user: 'app', password: 'old-password', port: 5432})
    assert.equal((await cli(['create', name, '--from-stdin'], before)).code, 0)

    // The user types the canary in and breaks the JSON (the closing quote is gone), then fixes only that.
    const run = await editRun(
      ['put', name, '--edit'],
      [{replace: ['"old-password"', `"${CANARY}`]}, {replace: [`"${CANARY}`, `"${CANARY}"`]}],
    )
    assert.equal(run.code, 0, run.terminal)
    assertClean(run)
    assert.equal(run.stdout, '')
    assert.match(run.terminal, /Updated loop\/json version [0-9a-f-]{36} in local store .*keys ~password/)

    assert.equal(run.seen.length, 2, 'the editor was opened twice')
    assert.deepEqual(
      bodyOf(run.seen[0]),
      '{\n  "user": "app",\n  "password": "old-password",\n  "port": 5432\n}\n',
      'the JSON opens pretty-printed',
    )
    assert.ok(
      notesOf(run.seen[0]).some((line) => /removed when you save/.test(line)),
      run.seen[0],
    )
    // The second opening: the user's broken text, not the original, under a note naming the line.
    assert.equal(bodyOf(run.seen[1]), `{\n  "user": "app",\n  "password": "${CANARY},\n  "port": 5432\n}\n`)
    const notes = notesOf(run.seen[1])
    assert.ok(!notes.join('\n').includes(CANARY), `a note quoted the value:\n${notes.join('\n')}`)
    const located = notes.map((line) => /line (\d+), column \d+: not valid JSON/.exec(line)).find(Boolean)
    assert.ok(located, `no note locates the error:\n${notes.join('\n')}`)
    const fileLines = run.seen[1].split('\n')
    assert.ok(
      fileLines[Number(located[1]) - 1].includes('"password"'),
      `line ${located[1]} of the file is not the broken one:\n${run.seen[1]}`,
    )

    // Stored compact, as it came in, the other fields untouched.
    assert.equal(await stored(name), JSON.stringify({user: 'app', password: CANARY, port: 5432}))
  })

  it('re-opens a save that fails the schema with the field named (not its content); saving it empty cancels with exit 130 and writes nothing', async () => {
    const name = 'loop/schema'
    const before = JSON.stringify({engine: 'postgres', host: 'db.internal', username: 'app', password: 'old-password'})
    assert.equal((await cli(['create', name, '--from-stdin', '--schema', 'rds-postgres'], before)).code, 0)

    const run = await editRun(
      ['put', name, '--edit'],
      [{replace: ['"old-password"', `"${CANARY}", "port": "${CANARY}-port"`]}, {empty: true}],
    )
    assert.equal(run.code, 130, run.terminal)
    assertClean(run)
    assert.equal(run.stdout, '')
    assert.deepEqual(run.terminal.trim().split('\n'), [
      'Error: The file was saved empty; editing was cancelled and nothing was written.',
    ])
    assert.equal(run.seen.length, 2)
    const notes = notesOf(run.seen[1]).join('\n')
    assert.match(notes, /^# +value\.port: Field 'port' must be a TCP port/m)
    assert.ok(!notes.includes(CANARY), `a note quoted the value:\n${notes}`)
    assert.ok(bodyOf(run.seen[1]).includes(`"${CANARY}-port"`), 'the user’s text is kept for the second try')
    assert.equal(await stored(name), before, 'nothing was written')
  })

  it('an editor that exits non-zero on the re-opened file cancels with exit 130; nothing written', async () => {
    const name = 'loop/abort'
    const before = JSON.stringify({token: 'old-token'})
    assert.equal((await cli(['create', name, '--from-stdin'], before)).code, 0)

    const run = await editRun(['put', name, '--edit'], [{write: `{"token": "${CANARY}",}`}, {exit: 1}])
    assert.equal(run.code, 130, run.terminal)
    assertClean(run)
    assert.deepEqual(run.terminal.trim().split('\n'), [
      'Error: The editor exited with status 1; editing was cancelled and nothing was written.',
    ])
    assert.equal(run.seen.length, 2)
    assert.equal(await stored(name), before)
  })

  it('keeps the value byte for byte when the pretty-printed JSON is saved as opened (big numbers included)', async () => {
    const name = 'loop/unchanged'
    const before = `{"id":12345678901234567890123,"ratio":1.10,"password":"${CANARY}"}`
    assert.equal((await cli(['create', name, '--from-stdin'], before)).code, 0)

    const run = await editRun(['put', name, '--edit'], [{keep: true}])
    assert.equal(run.code, 0, run.terminal)
    assertClean(run)
    assert.match(bodyOf(run.seen[0]), /^ {2}"id": 12345678901234567890123,$/m, 'the number is shown as written')
    assert.match(run.terminal, /Unchanged loop\/unchanged/)
    assert.equal(await stored(name), before)
  })

  it('create --edit --schema opens a template of the schema’s fields with their hints as notes, and stores the filled-in value', async () => {
    const name = 'loop/created'
    const run = await editRun(
      ['create', name, '--edit', '--schema', 'rds-postgres'],
      [
        {replace: ['"host": ""', '"host": "db.internal"']},
        {replace: ['"username": ""', '"username": "app"']},
        {replace: ['"password": ""', `"password": "${CANARY}"`]},
      ],
    )
    assert.equal(run.code, 0, run.terminal)
    assertClean(run)
    assert.equal(run.stdout, '')
    const notes = notesOf(run.seen[0]).join('\n')
    assert.match(notes, /Schema rds-postgres: /)
    assert.match(notes, /password \(required, secret\): /)
    assert.match(notes, /engine \(required, must be "postgres"\): /)
    assert.match(notes, /dbname \(optional\): /)
    assert.deepEqual(JSON.parse(bodyOf(run.seen[0])), {
      engine: 'postgres',
      host: '',
      username: '',
      password: '',
      dbname: 'postgres',
      port: 5432,
    })
    // Each incomplete save came back with what was missing, and with what had been filled in.
    assert.equal(run.seen.length, 3)
    assert.match(notesOf(run.seen[1]).join('\n'), /value\.username: Field 'username' must not be empty/)
    assert.match(bodyOf(run.seen[1]), /"host": "db.internal"/)
    assert.equal(
      await stored(name),
      JSON.stringify({
        engine: 'postgres',
        host: 'db.internal',
        username: 'app',
        password: CANARY,
        dbname: 'postgres',
        port: 5432,
      }),
    )
  })

  it('a plain-text value is the file as saved: its own leading # lines are kept, nothing is added above it', async () => {
    const name = 'loop/text'
    const value = `# not a comment: part of the value\n${CANARY}`
    const run = await editRun(['create', name, '--edit'], [{write: `${value}\n`}])
    assert.equal(run.code, 0, run.terminal)
    assertClean(run)
    assert.equal(run.seen[0], '', 'create without a schema starts from an empty file')
    assert.equal(await stored(name), value)

    const again = await editRun(['put', name, '--edit'], [{keep: true}])
    assert.equal(again.code, 0, again.terminal)
    assert.equal(again.seen[0], value, 'put opens on the value alone')
    assert.match(again.terminal, /Unchanged loop\/text/)
  })
})
