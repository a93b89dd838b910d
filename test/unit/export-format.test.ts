// export's dotenv and shell output, sourced by real shells (and read by the dotenv library)
// with hostile values: command substitution, backticks, quotes, backslashes, newlines. Each
// value must come back byte for byte, and nothing in it may run.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {parse as parseDotenv} from 'dotenv'

import {formatExport} from '../../src/consume/export-format.js'
import type {SecretVariable} from '../../src/consume/secret-variables.js'

const HOSTILE: Record<string, string> = {
  SUBSTITUTION: '$(touch PWNED)',
  BACKTICKS: '`touch PWNED`',
  EXPANSION: '${HOME} $HOME $((1+1))',
  SINGLE_QUOTE: "it's '$(touch PWNED)'",
  DOUBLE_QUOTE: '"; touch PWNED; echo "',
  BACKSLASHES: 'a\\b\\\\c\\',
  NEWLINES: 'line1\nline2\n\nexport INJECTED=1\n',
  MIXED: `'"\`$(touch PWNED)\\\n'`,
  SPACES: '  leading and trailing  ',
  HASH: 'value # not a comment',
  EMPTY: '',
  UNICODE: 'pässwörd ✓',
  APOSTROPHE: "it's plain # text\nover two lines",
}

const SHELLS = ['sh', 'bash', 'dash', 'zsh'].filter(
  (shell) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0,
)

function variables(values: Record<string, string>): SecretVariable[] {
  return Object.entries(values).map(([name, value]) => ({name, value, secretId: 'test/secret'}))
}

/** Sources the file in `shell` (in an empty directory) and prints each variable NUL-terminated. */
function sourceIn(shell: string, file: string, names: string[], cwd: string): Record<string, string> {
  const printing = names.map((name) => `printf '%s\\0' "$${name}"`).join('; ')
  const result = spawnSync(shell, ['-c', `set -a; . ${file}; ${printing}; printf '%s' "\${INJECTED-unset}"`], {
    cwd,
    encoding: 'utf8',
    env: {PATH: process.env.PATH, HOME: cwd},
  })
  assert.equal(result.status, 0, `${shell}: ${result.stderr}`)
  const parts = result.stdout.split('\0')
  assert.equal(parts.at(-1), 'unset', `${shell}: a value injected a variable`)
  return Object.fromEntries(names.map((name, index) => [name, parts[index]]))
}

describe('export formats', function () {
  this.timeout(30_000)
  let directory: string

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'secretsmith-export-'))
  })
  afterEach(async () => rm(directory, {recursive: true, force: true}))

  it(`shell output sourced by ${SHELLS.join(', ')} gives back every hostile value exactly, and runs nothing`, async () => {
    assert.ok(SHELLS.includes('sh'))
    const file = join(directory, 'secrets.sh')
    await writeFile(file, formatExport(variables(HOSTILE), 'shell'))
    for (const shell of SHELLS) {
      assert.deepEqual(sourceIn(shell, file, Object.keys(HOSTILE), directory), HOSTILE, shell)
      assert.ok(!existsSync(join(directory, 'PWNED')), `${shell} ran a command from a value`)
    }
  })

  it('dotenv output is read the same by a shell and by the dotenv library, for every value it accepts', async () => {
    const accepted = Object.fromEntries(
      Object.entries(HOSTILE).filter(([name]) => !['MIXED', 'SINGLE_QUOTE'].includes(name)),
    )
    const file = join(directory, '.env')
    const text = formatExport(variables(accepted), 'dotenv')
    await writeFile(file, text)
    for (const shell of SHELLS)
      assert.deepEqual(sourceIn(shell, file, Object.keys(accepted), directory), accepted, shell)
    assert.deepEqual(parseDotenv(text), accepted)
    assert.ok(!existsSync(join(directory, 'PWNED')))
  })

  it('dotenv refuses, naming the variable and never the value, what no quoting keeps exact for both', () => {
    for (const value of [HOSTILE.MIXED, "it's $HOME", 'carriage\rreturn']) {
      assert.throws(
        () => formatExport(variables({TOKEN: value}), 'dotenv'),
        (error: Error & {exitCode?: number}) => {
          assert.equal(error.exitCode, 2)
          assert.match(error.message, /^TOKEN has .*use --format shell or --format json\.$/)
          assert.ok(!error.message.includes(value))
          return true
        },
      )
    }
  })

  it('json output is one object of the variables', () => {
    assert.deepEqual(JSON.parse(formatExport(variables(HOSTILE), 'json')), HOSTILE)
  })
})
