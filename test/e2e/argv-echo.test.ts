// A value typed where a flag, an argument or a flag's value goes is never repeated: not on
// stderr, not in --json, not in --debug. Unknown flags and stray words are pointed at by
// position; flag values are repeated only when they have the flag's expected shape.
import assert from 'node:assert/strict'

import {CANARY, type CliResult, isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('words typed in the wrong place are never echoed', function () {
  this.timeout(120_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>
  const cli = (args: string[], stdin?: string) => runCli([...args, '--store', 'local'], {env, stdin})

  before(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
    assert.equal((await cli(['create', 'app/x', '--from-stdin'], 'first')).code, 0)
  })

  after(async () => home.remove())

  function assertRefusedWithoutEcho(result: CliResult, pattern: RegExp, code = 2): void {
    assert.equal(result.code, code, `exit code; stderr: ${result.stderr}`)
    assert.ok(!result.stderr.includes(CANARY), `value on stderr: ${result.stderr}`)
    assert.ok(!result.stdout.includes(CANARY), `value on stdout: ${result.stdout}`)
    assert.match(result.stderr + result.stdout, pattern)
  }

  // oclif reports every unknown flag at once, so one command line carries all the forms.
  const wrongFlags = [`--${CANARY}`, `--${CANARY}x=y`, `-${CANARY}`, `--no-${CANARY}`, `-y${CANARY}`]
  for (const mode of [[], ['--json', '--debug']]) {
    const suffix = mode.length ? ' (with --json --debug)' : ''
    it(`a value typed as a flag (--V, --V=x, -V, --no-V, -yV) is pointed at by position and never repeated${suffix}`, async () => {
      const result = await cli(['create', 'app/new', ...wrongFlags, '--generate', ...mode])
      assertRefusedWithoutEcho(
        result,
        /Unknown flags at words 2, 3, 4, 5 and 6 after the command name \(not repeated: it may be a value\)/,
      )
      if (mode.length) assert.equal(JSON.parse(result.stdout).error.code, 'Usage')
    })

    it(`a value typed as a stray argument is pointed at by position and never repeated${suffix}`, async () => {
      assertRefusedWithoutEcho(
        await cli(['create', 'app/new', '--generate', CANARY, ...mode]),
        /Unexpected argument at word 3 /,
      )
    })
  }

  it('a near-miss flag name gets a hint that names the real flag', async () => {
    const result = await cli(['put', 'app/x', '--from-stdn'], 'v')
    assertRefusedWithoutEcho(result, /Did you mean --from-stdin\?/)
    assert.ok(!result.stderr.includes('stdn'))
  })

  const flagValues: Array<[string, string[], RegExp, number, string?]> = [
    [
      '--if-version',
      ['put', 'app/x', '--from-stdin', '--if-version', CANARY],
      /changed underneath you.*id given \(not repeated/,
      4,
      'v',
    ],
    ['--version-id', ['get', 'app/x', '--version-id', CANARY], /has no version with the id given/, 3],
    [
      '--version-stage',
      ['get', 'app/x', '--version-stage', CANARY],
      /The label given \(not repeated\) is on no version of secret app\/x/,
      3,
    ],
    ['--length', ['generate', '--length', CANARY], /--length: Expected an integer; see --help/, 2],
    ['--retry-mode=', ['list', `--retry-mode=${CANARY}`], /Expected --retry-mode to be one of: standard, adaptive/, 2],
    [
      'an exclusive flag',
      ['get', 'app/x', '--version-id', 'a', `--version-stage=${CANARY}`],
      /--version-stage cannot also be provided/,
      2,
    ],
    ['schema show', ['schema', 'show', CANARY], /Unknown schema \(the name given is not repeated\)/, 2],
  ]
  for (const [flag, args, pattern, code, stdin] of flagValues) {
    it(`a value given to ${flag} that is not shaped like one is not repeated (exit ${code})`, async () => {
      assertRefusedWithoutEcho(await cli(args, stdin), pattern, code)
    })
  }

  it('flag values of the expected shape are repeated, because that helps', async () => {
    const versionId = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b'
    assert.match(
      (await cli(['get', 'app/x', '--version-id', versionId])).stderr,
      new RegExp(`has no version ${versionId}`),
    )
    assert.match((await cli(['generate', '--length', '99999'])).stderr, /but received: 99999/)
    assert.match(
      (await cli(['schema', 'show', 'rds-postgress'])).stderr,
      /Unknown schema "rds-postgress" \(did you mean rds-postgres\?\)/,
    )
  })
})
