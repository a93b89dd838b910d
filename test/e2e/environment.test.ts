// Yes/no environment variables are read the way people write them, and a value that is
// neither yes nor no is refused (exit 2) instead of silently meaning "no".
import assert from 'node:assert/strict'

import {isolatedEnv, makeTempDir, runCli} from '../support/run-cli.js'

describe('boolean environment variables', function () {
  this.timeout(60_000)
  let home: Awaited<ReturnType<typeof makeTempDir>>
  let env: Record<string, string | undefined>
  // A description that reads like a password hint: a warning, which strict mode turns into exit 5.
  const warned = (name: string) => [
    'create',
    name,
    '--store',
    'local',
    '--generate',
    '--description',
    'the password is the dog name',
  ]

  before(async () => {
    home = await makeTempDir()
    env = isolatedEnv(home.path)
  })
  after(async () => home.remove())

  it('SECRETSMITH_STRICT=on means strict: the warning fails the write (exit 5)', async () => {
    const result = await runCli(warned('app/on'), {env: {...env, SECRETSMITH_STRICT: 'on'}})
    assert.equal(result.code, 5, result.stderr)
    assert.equal((await runCli(['describe', 'app/on', '--store', 'local'], {env})).code, 3, 'nothing written')
  })

  it('SECRETSMITH_STRICT=off means not strict', async () => {
    const result = await runCli(warned('app/off'), {env: {...env, SECRETSMITH_STRICT: 'off'}})
    assert.equal(result.code, 0, result.stderr)
  })

  for (const [name, value] of [
    ['SECRETSMITH_STRICT', 'maybe'],
    ['SECRETSMITH_KEYCHAIN', 'of'],
  ]) {
    it(`${name}=${value} is refused with exit 2, one line naming the variable and the accepted spellings`, async () => {
      const result = await runCli(warned(`app/${value}`), {env: {...env, [name]: value}})
      assert.equal(result.code, 2, result.stderr)
      assert.equal(
        result.stderr,
        `Error: ${name} must be true or false (also 1/0, yes/no, on/off); the value it has is none of these.\n`,
      )
      assert.equal((await runCli(['describe', `app/${value}`, '--store', 'local'], {env})).code, 3, 'nothing written')
    })
  }
})
