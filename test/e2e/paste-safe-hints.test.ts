// End-to-end: every command secretsmith suggests ("undo with: secretsmith restore NAME") carries
// the flags that chose the store, quoted for the shell, so that pasting it reaches the same
// store: after `delete NAME --store local`, a bare `restore NAME` went to AWS. Each hint here is
// read off stderr, split as a shell would, and run.
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {type CliStore, STORE_KINDS, startCliStore} from '../support/cli-stores.js'
import {CANARY, type CliResult, runCli} from '../support/run-cli.js'

/** The words a POSIX shell makes of a line of bare words and single-quoted strings. */
function shellWords(line: string): string[] {
  const words: string[] = []
  let current: string | undefined
  for (let index = 0; index < line.length; index++) {
    const character = line[index]
    if (character === "'") {
      const end = line.indexOf("'", index + 1)
      assert.ok(end > index, `unbalanced quote in ${line}`)
      current = (current ?? '') + line.slice(index + 1, end)
      index = end
    } else if (character === '\\') {
      current = (current ?? '') + line[++index]
    } else if (character === ' ') {
      if (current !== undefined) words.push(current)
      current = undefined
    } else {
      current = (current ?? '') + character
    }
  }

  if (current !== undefined) words.push(current)
  return words
}

/** The `secretsmith …` command after `marker` in text, as argv (without "secretsmith"). */
function pastedHint(text: string, marker: RegExp): string[] {
  const match = new RegExp(`${marker.source}(secretsmith [^)\\n]*?)(?:\\)|\\.?$)`, 'm').exec(text)
  assert.ok(match, `no hint after ${marker} in:\n${text}`)
  const words = shellWords(match[1].trim())
  assert.equal(words[0], 'secretsmith')
  return words.slice(1)
}

for (const kind of STORE_KINDS) {
  describe(`hints that work when pasted (${kind} store)`, function () {
    this.timeout(120_000)
    let store: CliStore
    let counter = 0
    const fresh = () => `hints/secret-${++counter}`
    const cli = (args: string[], stdin?: string, env = store.env): Promise<CliResult> =>
      runCli([...args, ...store.args], {env, stdin, timeoutMs: 60_000})
    /** Runs a pasted hint exactly as printed: no flags added. */
    const paste = (argv: string[], env = store.env): Promise<CliResult> => runCli(argv, {env, timeoutMs: 60_000})

    before(async () => {
      store = await startCliStore(kind)
    })
    after(async () => store.stop())

    function assertClean(result: CliResult): void {
      assert.ok(!result.stderr.includes(CANARY), `stderr leaked the canary:\n${result.stderr}`)
    }

    it('delete prints a restore hint with the store flags; pasted as printed, it restores that secret', async () => {
      const name = fresh()
      assert.equal((await cli(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
      const deleted = await cli(['delete', name, '--yes'])
      assert.equal(deleted.code, 0, deleted.stderr)
      assert.equal(deleted.stdout, '')
      assertClean(deleted)
      const hint = pastedHint(deleted.stderr, /undo before then with: /)
      assert.deepEqual(hint, ['restore', name, ...store.args])

      const restored = await paste(hint)
      assert.equal(restored.code, 0, restored.stderr)
      assert.match(restored.stderr, new RegExp(`Restored ${name}`))
      assertClean(restored)
      const read = await cli(['get', name])
      assert.equal(read.code, 0, read.stderr)
      assert.equal(read.stdout, `${CANARY}-1`)
    })

    it('put on a secret scheduled for deletion: exit 4, "restore it first" with a hint that works when pasted', async () => {
      const name = fresh()
      assert.equal((await cli(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
      assert.equal((await cli(['delete', name, '--yes'])).code, 0)
      const refused = await cli(['put', name, '--from-stdin'], `${CANARY}-2`)
      assert.equal(refused.code, 4, refused.stderr)
      assert.equal(refused.stdout, '')
      assertClean(refused)
      const hint = pastedHint(refused.stderr, /restore it first \(/)
      assert.deepEqual(hint, ['restore', name, ...store.args])
      // describe says the same, with the same flags.
      const described = await cli(['describe', name])
      assert.deepEqual(pastedHint(described.stdout, /undo with: /), hint)

      assert.equal((await paste(hint)).code, 0)
      const put = await cli(['put', name, '--from-stdin'], `${CANARY}-2`)
      assert.equal(put.code, 0, put.stderr)
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-2`)
    })

    it('create on a taken name: exit 4, "use put" with a put command carrying the store flags', async () => {
      const name = fresh()
      assert.equal((await cli(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
      const refused = await cli(['create', name, '--from-stdin'], `${CANARY}-2`)
      assert.equal(refused.code, 4, refused.stderr)
      assertClean(refused)
      const hint = pastedHint(refused.stderr, /use put to add a new version: /)
      assert.deepEqual(hint, ['put', name, ...store.args])
      const put = await runCli([...hint, '--from-stdin'], {env: store.env, stdin: `${CANARY}-2`})
      assert.equal(put.code, 0, put.stderr)
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-2`)
    })

    it('a store chosen by a context is carried as --context, and pasting the hint reaches it', async () => {
      const configDir = join(store.home, '.config', 'secretsmith')
      await mkdir(configDir, {recursive: true})
      const context =
        kind === 'local' ? {store: 'local'} : {store: 'aws', region: 'eu-west-1', endpointUrl: store.server!.url}
      await writeFile(join(configDir, 'config.json'), JSON.stringify({contexts: {here: context}}), {mode: 0o600})
      const name = fresh()
      const viaContext = (args: string[], stdin?: string) =>
        runCli([...args, '--context', 'here'], {env: store.env, stdin, timeoutMs: 60_000})
      assert.equal((await viaContext(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
      const deleted = await viaContext(['delete', name, '--yes'])
      assert.equal(deleted.code, 0, deleted.stderr)
      const hint = pastedHint(deleted.stderr, /undo before then with: /)
      assert.deepEqual(hint, ['restore', name, '--context', 'here'])
      assert.equal((await paste(hint)).code, 0)
      assert.equal((await cli(['get', name])).stdout, `${CANARY}-1`)
    })

    it('get --version-stage with a label on no version points at versions, with the store flags', async () => {
      const name = fresh()
      assert.equal((await cli(['create', name, '--from-stdin'], `${CANARY}-1`)).code, 0)
      const missing = await cli(['get', name, '--version-stage', 'AWSPENDING'])
      assert.equal(missing.code, 3, missing.stderr)
      const hint = pastedHint(missing.stderr, /see its labels: /)
      assert.deepEqual(hint, ['versions', name, ...store.args])
      const versions = await paste(hint)
      assert.equal(versions.code, 0, versions.stderr)
      assert.match(versions.stdout, /AWSCURRENT/)
    })
  })
}

describe('hints that work when pasted (store chosen by environment)', function () {
  this.timeout(60_000)
  let store: CliStore
  before(async () => {
    store = await startCliStore('local')
  })
  after(async () => store.stop())

  it('SECRETSMITH_STORE=local for one command is carried as --store local; AWS settings are left out on the local store', async () => {
    const env = {...store.env, SECRETSMITH_STORE: 'local', AWS_REGION: 'eu-west-1'}
    assert.equal((await runCli(['create', 'hints/env', '--from-stdin'], {env, stdin: CANARY})).code, 0)
    const deleted = await runCli(['delete', 'hints/env', '--yes', '--region', 'eu-west-1'], {env})
    assert.equal(deleted.code, 0, deleted.stderr)
    const hint = pastedHint(deleted.stderr, /undo before then with: /)
    assert.deepEqual(hint, ['restore', 'hints/env', '--store', 'local'])
    // Pasted into a shell without the variable, it still reaches the local store.
    const restored = await runCli(hint, {env: store.env})
    assert.equal(restored.code, 0, restored.stderr)
    assert.equal((await runCli(['get', 'hints/env', '--store', 'local'], {env: store.env})).stdout, CANARY)
  })
})
