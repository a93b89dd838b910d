// The CLI's surface, checked statically: invariant 1 (no flag or argument accepts secret
// content), and a committed oclif.manifest.json that matches the commands as built.
import assert from 'node:assert/strict'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'

import {Config, Plugin} from '@oclif/core'

import {EXIT_CODE_MEANINGS, ExitCode} from '../../src/errors.js'
import {REPO_ROOT} from '../support/run-cli.js'

/**
 * Every flag that takes a string, with why it can never carry secret content. A new
 * string-valued flag fails this test until it is added here, with a reason.
 */
const NON_SECRET_STRING_FLAGS: Record<string, string> = {
  store: 'backend name (aws|local)',
  region: 'AWS region name',
  profile: 'AWS profile name',
  'endpoint-url': 'service endpoint URL',
  'max-attempts': 'retry count',
  'retry-mode': 'retry strategy name',
  'from-file': 'a path to read the value from (the value itself never)',
  schema: 'schema name',
  description: 'unencrypted metadata, linted for sensitive content',
  tag: 'unencrypted metadata, linted for sensitive content',
  'kms-key-id': 'KMS key id/ARN/alias',
  'replica-region': 'AWS region name',
  field: 'name of a JSON field',
  'if-version': 'version id',
  'version-id': 'version id',
  'version-stage': 'staging label',
  filter: 'list filter KEY=VALUE over metadata',
  'recovery-window-days': 'number of days',
  length: 'password length',
  'exclude-characters': 'characters to leave out of a generated password',
  name: 'secret name (unencrypted metadata, linted)',
  context: 'name of a context in the config file',
  since: 'a duration or a date (how far back a history looks)',
  from: 'version id or staging label',
  to: 'version id or staging label',
  untag: 'tag key',
  format: 'input or output format name (import: dotenv|json|jsonl; export: shell; audit: table|json|sarif)',
  prefix: 'a secret-name prefix (import, export, audit) or a variable-name prefix (exec)',
  'to-prefix': 'secret name prefix',
  'to-store': 'backend name (aws|local)',
  'to-region': 'AWS region name',
  'to-profile': 'AWS profile name',
  'to-endpoint-url': 'service endpoint URL',
  rate: 'requests per second',
  concurrency: 'number of entries in flight',
  'cache-ttl': 'number of seconds',
  every: 'a rotation interval such as 30d',
  schedule: 'a rate() or cron() schedule expression',
  window: 'a rotation window length such as 4h',
  lambda: 'a Lambda function ARN',
  strategy: 'rotation strategy name',
  hook: 'a command to run; the pending value goes to its stdin, never its argv',
  'max-rotation-days': 'number of days',
  'unused-days': 'number of days',
  'require-tag': 'a tag key that must be present',
  'fail-on': 'severity name',
}

const NON_SECRET_ARGS: Record<string, string> = {
  name: 'secret name or ARN',
  schema: 'schema name',
  source: 'secret name or ARN to copy from',
  shell: 'shell name (bash|zsh|powershell)',
  destination: 'secret name to copy to',
  spec: 'a secret name with an optional field and variable name (NAME[:FIELD][=VAR]), never a value',
  command: 'a command name (help), matched against the command list and never repeated',
}

/** Commands that take several positional arguments (strict = false), and why none can be a value. */
const VARIADIC_COMMANDS: Record<string, string> = {
  exec: 'secret specs, each parsed as NAME[:FIELD][=VAR]; the program after -- is handed on, never parsed or echoed',
  export: 'secret specs, each parsed as NAME[:FIELD][=VAR]',
  help: 'the words of a command name ("cache clear"), never parsed as flags and never repeated',
}

/** Commands without --json: help prints help text, as in every oclif CLI. */
const WITHOUT_JSON = new Set(['help'])

const SECRET_SOUNDING = /pass(word)?|secret(?!-?name)|token|value|key(?!-id)|credential|pin\b|seed|private/i

describe('CLI surface', () => {
  let config: Config

  before(async () => {
    config = await Config.load(REPO_ROOT)
  })

  it('has the commands of the authoring, schema and lint issues', () => {
    const ids = config.commands.map((command) => command.id).sort()
    for (const id of [
      'create',
      'put',
      'get',
      'describe',
      'list',
      'delete',
      'restore',
      'generate',
      'lint',
      'schema:list',
      'schema:show',
      'versions',
      'diff',
      'rollback',
      'edit',
      'update',
      'log',
    ]) {
      assert.ok(ids.includes(id), `command ${id} exists (have: ${ids.join(', ')})`)
    }
  })

  it('no flag or argument of any command accepts secret content', async () => {
    const offenders: string[] = []
    for (const cached of config.commands) {
      const command = await cached.load()
      const flags = {...command.baseFlags, ...command.flags}
      for (const [name, flag] of Object.entries(flags)) {
        if (flag.type !== 'option') continue // boolean flags carry no content
        if (!(name in NON_SECRET_STRING_FLAGS))
          offenders.push(`${cached.id} --${name} takes a string and is not in the allow-list`)
      }

      for (const [name, arg] of Object.entries(command.args ?? {})) {
        if (!(name in NON_SECRET_ARGS)) offenders.push(`${cached.id} argument <${name}> is not in the allow-list`)
        // Without ignoreStdin oclif fills a missing argument from piped stdin: the value.
        if (!arg.ignoreStdin) offenders.push(`${cached.id} argument <${name}> may be read from stdin (set ignoreStdin)`)
      }

      if (command.strict === false && !(cached.id in VARIADIC_COMMANDS))
        offenders.push(`${cached.id} accepts arbitrary extra arguments (strict = false)`)
    }

    assert.deepEqual(offenders, [])
  })

  it('every command offers --json', async () => {
    const without: string[] = []
    for (const cached of config.commands)
      if (!WITHOUT_JSON.has(cached.id) && !(await cached.load()).enableJsonFlag) without.push(cached.id)
    assert.deepEqual(without, [])
  })

  it('the allow-list itself names nothing that sounds like a value', () => {
    const suspicious = Object.keys(NON_SECRET_STRING_FLAGS).filter(
      (name) => SECRET_SOUNDING.test(name) && !['kms-key-id', 'exclude-characters'].includes(name),
    )
    assert.deepEqual(suspicious, [])
  })

  it('the README documents every exit code the code defines, and no other', async () => {
    const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8')
    const table = readme.slice(
      readme.indexOf('## Exit codes'),
      readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 1),
    )
    const documented = [...table.matchAll(/^\|\s*(\d+)\s*\|/gm)].map((match) => Number(match[1]))
    assert.deepEqual(
      documented,
      EXIT_CODE_MEANINGS.map(([code]) => code),
    )
    assert.deepEqual(new Set(Object.values(ExitCode)), new Set(documented))
  })

  it('the committed oclif.manifest.json matches the built commands (run npm run build and commit it)', async () => {
    const committed = JSON.parse(await readFile(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8'))
    const plugin = new Plugin({
      root: REPO_ROOT,
      type: 'core',
      ignoreManifest: true,
      respectNoCacheDefault: true,
      errorOnManifestCreate: true,
    })
    await plugin.load()
    assert.deepEqual(committed.commands, JSON.parse(JSON.stringify(plugin.manifest.commands)))
  })
})
