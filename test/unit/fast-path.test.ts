// Which command lines the bundle runs without oclif's Config (src/fast-path.ts): only a known
// command, with no help flag, no hook to run, no plugin, no user theme and no oclif debugging,
// and never a command that reads more of the Config than the fast path fills in.
import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join, relative, sep} from 'node:path'

import {COMMANDS_NEEDING_OCLIF_CONFIG, type FastPathPackageJson, fastCommandLine} from '../../src/fast-path.js'
import {REPO_ROOT, makeTempDir} from '../support/run-cli.js'

const pjson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as FastPathPackageJson
const IDS = new Set(['get', 'put', 'completion', 'cache:clear', 'cache:status', 'schema:list'])

describe('the fast path (a bundled command run without oclif’s Config)', function () {
  let home: {path: string; remove: () => Promise<void>}
  let env: Record<string, string | undefined>

  beforeEach(async () => {
    home = await makeTempDir('secretsmith-fast-path-')
    env = {HOME: home.path, XDG_CONFIG_HOME: join(home.path, 'config')}
  })
  afterEach(async () => home.remove())

  it('takes a known command and hands it the words after its name', function () {
    assert.deepEqual(fastCommandLine(['get', 'a/b', '--store', 'local'], IDS, pjson, env), {
      id: 'get',
      argv: ['a/b', '--store', 'local'],
    })
  })

  it('joins a topic and its command the way oclif does with a space as the separator', function () {
    assert.deepEqual(fastCommandLine(['cache', 'clear', '--yes'], IDS, pjson, env), {
      id: 'cache:clear',
      argv: ['--yes'],
    })
    assert.deepEqual(fastCommandLine(['cache:status'], IDS, pjson, env), {id: 'cache:status', argv: []})
  })

  it('leaves help, bare topics, unknown commands and flags first to oclif', function () {
    for (const argv of [
      [],
      ['--help'],
      ['get', '--help'],
      ['get', 'a/b', '--help'],
      ['cache'],
      ['cache', 'nope'],
      ['nope'],
      ['--store', 'local', 'get'],
    ])
      assert.equal(fastCommandLine(argv, IDS, pjson, env), undefined, argv.join(' '))
  })

  it('still runs a command whose --help comes after --, where oclif reads it as an argument', function () {
    assert.deepEqual(fastCommandLine(['get', '--', '--help'], IDS, pjson, env)?.id, 'get')
  })

  it('leaves to oclif any run with oclif debugging on (DEBUG or SECRETSMITH_DEBUG)', function () {
    assert.equal(fastCommandLine(['get', 'a'], IDS, pjson, {...env, DEBUG: '*'}), undefined)
    assert.equal(fastCommandLine(['get', 'a'], IDS, pjson, {...env, SECRETSMITH_DEBUG: '1'}), undefined)
  })

  it('leaves to oclif a run with a user theme (theme.json in the config directory)', function () {
    mkdirSync(join(home.path, 'config', 'secretsmith'), {recursive: true})
    writeFileSync(join(home.path, 'config', 'secretsmith', 'theme.json'), '{}')
    assert.equal(fastCommandLine(['get', 'a'], IDS, pjson, env), undefined)
    assert.equal(fastCommandLine(['get', 'a'], IDS, pjson, {...env, SECRETSMITH_DISABLE_THEME: 'true'})?.id, 'get')
  })

  it('leaves everything to oclif when package.json names hooks it would run or plugins', function () {
    const withHook = {...pjson, oclif: {...pjson.oclif, hooks: {...pjson.oclif.hooks, prerun: './x.js'}}}
    assert.equal(fastCommandLine(['get', 'a'], IDS, withHook, env), undefined)
    const withPlugin = {...pjson, oclif: {...pjson.oclif, plugins: ['@oclif/plugin-x']}}
    assert.equal(fastCommandLine(['get', 'a'], IDS, withPlugin, env), undefined)
  })

  it('leaves completion and help (they read the whole of oclif’s Config) to oclif', function () {
    assert.equal(fastCommandLine(['completion', 'bash'], IDS, pjson, env), undefined)
    assert.equal(fastCommandLine(['help', 'get'], new Set([...IDS, 'help']), pjson, env), undefined)
  })

  it('knows every command that reads this.config beyond bin and version', function () {
    // The fast path's config holds bin and version (and what oclif's Command reads); a command
    // reading anything else must be listed in COMMANDS_NEEDING_OCLIF_CONFIG.
    const root = join(REPO_ROOT, 'src', 'commands')
    const walk = (directory: string): string[] =>
      readdirSync(directory, {withFileTypes: true}).flatMap((entry) =>
        entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)],
      )
    const readers = walk(root)
      .filter((path) => path.endsWith('.ts'))
      .filter((path) =>
        [...readFileSync(path, 'utf8').matchAll(/this\.config\.(\w+)/g)].some(
          ([, key]) => !['bin', 'version'].includes(key),
        ),
      )
      .map((path) => relative(root, path).replace(/\.ts$/, '').split(sep).join(':'))
    assert.deepEqual(readers.sort(), [...COMMANDS_NEEDING_OCLIF_CONFIG].sort())
  })
})
