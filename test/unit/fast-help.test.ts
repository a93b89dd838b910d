// Help without oclif's Config (src/fast-help.ts): the Config it builds from oclif.manifest.json
// and package.json holds the commands and topics oclif's own Config.load() builds from them, and
// the help class renders every page from it byte for byte as from oclif's, at every width,
// with and without --all. Which command lines it answers, and which it leaves to oclif.
import assert from 'node:assert/strict'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import {type Command, CommandHelp, Config, Help} from '@oclif/core'
import {HelpFormatter, normalizeArgv} from '@oclif/core/help'

import {helpArgv, helpConfig, mayAskForHelp, runFastHelp} from '../../src/fast-help.js'
import {colourIsOff} from '../../src/help-format.js'
import SecretsmithHelp from '../../src/help.js'
import {REPO_ROOT, makeTempDir} from '../support/run-cli.js'

// The template engine oclif's help renders with (a dependency of @oclif/core, resolved from it).
const ejs = createRequire(createRequire(import.meta.url).resolve('@oclif/core/package.json'))('ejs') as {
  render(template: string, data: object): string
}

/**
 * The help class as oclif's own formatter would render it: every string through ejs, wrapped by
 * wrap-ansi, indented, listed and sectioned by oclif's formatter, flag labels by oclif's command
 * help, the root header by oclif's root renderer (all that the help class's shortcuts replace).
 */
class HelpAsOclifRendersIt extends SecretsmithHelp {
  constructor(config: never, options: never) {
    super(config, options)
    this.render = (template) => ejs.render(template, this)
  }

  public override wrap(body: string, spacing?: number): string {
    return HelpFormatter.prototype.wrap.call(this, body, spacing)
  }

  public override indent(body: string, spacing?: number): string {
    return HelpFormatter.prototype.indent.call(this, body, spacing)
  }

  public override section(...args: Parameters<HelpFormatter['section']>): string {
    return HelpFormatter.prototype.section.apply(this, args)
  }

  public override renderList(...args: Parameters<HelpFormatter['renderList']>): string {
    return HelpFormatter.prototype.renderList.apply(this, args)
  }

  public override formatRoot(): string {
    return Help.prototype.formatRoot.call(this)
  }

  public override formatCommands(commands: Command.Loadable[]): string {
    const oclif = Help.prototype as unknown as {formatCommands(commands: Command.Loadable[]): string}
    return oclif.formatCommands.call(this, commands)
  }

  public override getCommandHelpClass(command: Command.Loadable) {
    const help = super.getCommandHelpClass(command)
    const oclif = HelpFormatter.prototype
    const flagHelpLabel = (CommandHelp.prototype as unknown as Record<string, (...args: unknown[]) => string>)
      .flagHelpLabel
    Object.assign(help, {
      render: (template: string) => ejs.render(template, help),
      wrap: (...args: Parameters<HelpFormatter['wrap']>) => oclif.wrap.apply(help, args),
      indent: (...args: Parameters<HelpFormatter['indent']>) => oclif.indent.apply(help, args),
      section: (...args: Parameters<HelpFormatter['section']>) => oclif.section.apply(help, args),
      renderList: (...args: Parameters<HelpFormatter['renderList']>) => oclif.renderList.apply(help, args),
      flagHelpLabel: (...args: unknown[]) => flagHelpLabel.apply(help, args),
    })
    return help
  }
}

const pjson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Parameters<typeof helpConfig>[1]
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, unknown>
}
const COMMAND_IDS = new Set(Object.keys(manifest.commands))

interface Rendered {
  stdout: string
  stderr: string
  exitCode: number | string | undefined
  error?: string
}

interface HelpSubjects {
  commands: Array<{id: string}>
  topics: Array<{name: string}>
}

/**
 * What the help class writes for these words, with this config, at this width. The help class
 * renames the commands and topics it shows (cache:clear becomes "cache clear"); their names
 * are put back afterwards, as each run starts from a Config of its own.
 */
async function render(
  config: HelpSubjects,
  words: string[],
  maxWidth: number,
  all: boolean,
  HelpClass: typeof SecretsmithHelp = SecretsmithHelp,
): Promise<Rendered> {
  const commands = config.commands.map((command) => [command, command.id] as const)
  const topics = config.topics.map((topic) => [topic, topic.name] as const)
  try {
    return await renderOnce(config, words, maxWidth, all, HelpClass)
  } finally {
    for (const [command, id] of commands) command.id = id
    for (const [topic, name] of topics) topic.name = name
  }
}

async function renderOnce(
  config: unknown,
  words: string[],
  maxWidth: number,
  all: boolean,
  HelpClass: typeof SecretsmithHelp,
): Promise<Rendered> {
  const out: string[] = []
  const err: string[] = []
  const {write: writeOut} = process.stdout
  const {write: writeErr} = process.stderr
  const {argv, exitCode} = process
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write
  // The help class reads --all from process.argv, as it does in a run.
  process.argv = [argv[0], argv[1], ...words, ...(all ? ['--all'] : [])]
  process.exitCode = undefined
  let error: string | undefined
  try {
    await new HelpClass(config as never, {maxWidth}).showHelp([...words])
  } catch (thrown) {
    error = thrown instanceof Error ? thrown.message : String(thrown)
  } finally {
    process.stdout.write = writeOut
    process.stderr.write = writeErr
    process.argv = argv
  }

  const result = {stdout: out.join(''), stderr: err.join(''), exitCode: process.exitCode, error}
  process.exitCode = exitCode
  return result
}

/** A command or topic id as typed: "cache clear". */
const typed = (id: string) => id.split(':')

/** The root, every command, every topic, and a word that names neither. */
function subjectsOf(config: HelpSubjects): string[][] {
  const topics = config.topics.filter((topic) => [...COMMAND_IDS].some((id) => id.startsWith(`${topic.name}:`)))
  return [[], ...[...COMMAND_IDS].map(typed), ...topics.map((topic) => typed(topic.name)), ['nosuch']]
}

type PageRenderer = (words: string[], maxWidth: number, all: boolean) => Promise<Rendered>

/**
 * Renders every page of `config`'s subjects (with and without --all, at each width) both ways
 * and asserts they are the same; returns how many pages were compared.
 */
async function compareEveryPage(
  widths: number[],
  config: HelpSubjects,
  way: {expected: PageRenderer; actual: PageRenderer},
): Promise<number> {
  let compared = 0
  for (const maxWidth of widths)
    for (const all of [false, true])
      for (const words of subjectsOf(config)) {
        const expected = await way.expected(words, maxWidth, all)
        const actual = await way.actual(words, maxWidth, all)
        assert.deepEqual(
          actual,
          expected,
          `${words.join(' ') || '(root)'} at ${maxWidth} columns${all ? ' --all' : ''}`,
        )
        compared++
      }

  return compared
}

describe('help without oclif’s Config', function () {
  this.timeout(120_000)
  let oclifConfig: Config
  let fastConfig: NonNullable<ReturnType<typeof helpConfig>>

  before(async () => {
    oclifConfig = await Config.load({root: REPO_ROOT, userPlugins: false, devPlugins: false} as never)
    const built = helpConfig(REPO_ROOT, pjson)
    assert.ok(built, 'helpConfig found no usable manifest')
    fastConfig = built
  })

  it('holds the commands and topics oclif’s Config builds from the same manifest and package.json', () => {
    const withoutFunctions = (value: object) => JSON.parse(JSON.stringify(value)) as unknown
    const byId = <T extends {id: string}>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
    const byName = <T extends {name: string}>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1))
    assert.deepEqual(withoutFunctions(byId(fastConfig.commands)), withoutFunctions(byId(oclifConfig.commands)))
    assert.deepEqual(withoutFunctions(byName(fastConfig.topics)), withoutFunctions(byName(oclifConfig.topics)))
    assert.deepEqual([...fastConfig.commandIDs].sort(), [...oclifConfig.commandIDs].sort())
    for (const key of ['bin', 'userAgent', 'topicSeparator', 'platform', 'isSingleCommandCLI', 'theme'] as const)
      assert.deepEqual(fastConfig[key], oclifConfig[key], key)
    assert.equal(fastConfig.flexibleTaxonomy, Boolean(oclifConfig.flexibleTaxonomy))
  })

  it('renders the root, every command and topic, and an unknown word as with oclif’s Config, at every width', async () => {
    const compared = await compareEveryPage([33, 40, 64, 80, 100, 132, 240], fastConfig, {
      expected: (words, maxWidth, all) => render(oclifConfig, words, maxWidth, all),
      actual: (words, maxWidth, all) => render(fastConfig, words, maxWidth, all),
    })
    assert.ok(compared > 400)
    const root = await render(fastConfig, [], 80, false)
    assert.match(root.stdout, /^AUTHOR\n {2}create/m)
    assert.match(
      (await render(fastConfig, ['get'], 80, false)).stdout,
      /^USAGE\n {2}\$ secretsmith get NAME \[FLAGS\]$/m,
    )
  })

  it('the help class’s shortcuts (no ejs, wrap-ansi, supports-color or string-width for plain text) change no page', async function () {
    // The shortcuts run only where oclif would show no colour: stdout no terminal, as under CI.
    if (!colourIsOff()) this.skip()
    const compared = await compareEveryPage([40, 64, 80, 100, 132, 240], fastConfig, {
      expected: (words, maxWidth, all) => render(oclifConfig, words, maxWidth, all, HelpAsOclifRendersIt),
      actual: (words, maxWidth, all) => render(oclifConfig, words, maxWidth, all),
    })
    assert.ok(compared > 300)
  })

  describe('which command lines it answers', () => {
    const words = (argv: string[]) => helpArgv(argv, fastConfig, normalizeArgv as never)

    it('answers a help flag anywhere before --, no arguments, the help command and a bare topic', () => {
      assert.deepEqual(words([]), [])
      assert.deepEqual(words(['--help']), ['--help'])
      assert.deepEqual(words(['get', 'x', '-h']), ['get', 'x', '-h'])
      assert.deepEqual(words(['help']), [])
      assert.deepEqual(words(['help', 'cache', 'clear']), ['cache', 'clear'])
      assert.deepEqual(words(['cache']), ['cache'])
    })

    it('leaves --version, a command to run, an unknown word and a --help after -- to oclif', () => {
      for (const argv of [
        ['--version', '--help'],
        ['get', 'x'],
        ['cache', 'clear'],
        ['nosuch'],
        ['cache', 'nosuch'],
        ['get', '--', '--help'],
      ])
        assert.equal(words(argv), undefined, argv.join(' '))
    })

    it('judges from the words alone whether a command line may ask for help', () => {
      assert.equal(mayAskForHelp(['get', 'x'], COMMAND_IDS, pjson), false)
      assert.equal(mayAskForHelp(['nosuch'], COMMAND_IDS, pjson), false)
      assert.equal(mayAskForHelp(['cache'], COMMAND_IDS, pjson), true)
      assert.equal(mayAskForHelp(['put', '-h'], COMMAND_IDS, pjson), true)
    })
  })

  describe('what it leaves to oclif', () => {
    let home: Awaited<ReturnType<typeof makeTempDir>>
    let env: Record<string, string | undefined>
    const neverLoaded = async () => {
      throw new Error('the help class was loaded')
    }

    beforeEach(async () => {
      home = await makeTempDir('secretsmith-fast-help-')
      env = {HOME: home.path, XDG_CONFIG_HOME: join(home.path, 'config')}
    })
    afterEach(async () => home.remove())

    const answered = (root: string, json: typeof pjson, extra: Record<string, string> = {}) =>
      runFastHelp(root, json, ['--help'], COMMAND_IDS, neverLoaded, {...env, ...extra})

    it('oclif debugging, a user theme, hooks, plugins or a theme in package.json', async () => {
      assert.equal(await answered(REPO_ROOT, pjson, {DEBUG: 'x'}), false)
      assert.equal(await answered(REPO_ROOT, pjson, {SECRETSMITH_DEBUG: '1'}), false)
      const oclif = pjson.oclif
      assert.equal(await answered(REPO_ROOT, {...pjson, oclif: {...oclif, hooks: {init: './x.js'}}}), false)
      assert.equal(await answered(REPO_ROOT, {...pjson, oclif: {...oclif, plugins: ['@oclif/plugin-x']}}), false)
      assert.equal(await answered(REPO_ROOT, {...pjson, oclif: {...oclif, theme: './theme.json'}}), false)
      assert.equal(await answered(REPO_ROOT, {...pjson, oclif: {...oclif, flexibleTaxonomy: true}}), false)
      assert.equal(await answered(REPO_ROOT, {...pjson, oclif: {...oclif, helpClass: undefined}}), false)
      mkdirSync(join(home.path, 'config', 'secretsmith'), {recursive: true})
      writeFileSync(join(home.path, 'config', 'secretsmith', 'theme.json'), '{}')
      assert.equal(await answered(REPO_ROOT, pjson), false)
    })

    it('answers --help itself when nothing of the above applies (the probe above is not always false)', async () => {
      await assert.rejects(answered(REPO_ROOT, pjson), /the help class was loaded/)
    })

    it('a missing manifest, one of another version, aliases, and templates reading other settings', async () => {
      const write = (content: unknown) =>
        writeFileSync(join(home.path, 'oclif.manifest.json'), JSON.stringify(content), 'utf8')
      assert.equal(helpConfig(home.path, pjson), undefined, 'no manifest')
      write({...manifest, version: '99.0.0'})
      assert.equal(helpConfig(home.path, pjson), undefined, 'another version')
      const get = manifest.commands.get as object
      write({...manifest, commands: {...manifest.commands, get: {...get, aliases: ['fetch']}}})
      assert.equal(helpConfig(home.path, pjson), undefined, 'an alias')
      write({...manifest, commands: {...manifest.commands, get: {...get, hasDynamicHelp: true}}})
      assert.equal(helpConfig(home.path, pjson), undefined, 'help computed at run time')
      write({...manifest, commands: {...manifest.commands, get: {...get, summary: 'In <%= config.dataDir %>'}}})
      assert.equal(helpConfig(home.path, pjson), undefined, 'a template reading config.dataDir')
      write(manifest)
      assert.ok(helpConfig(home.path, pjson), 'the manifest as it is')
    })
  })
})
