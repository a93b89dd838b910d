// Answers a help request (no arguments, --help or -h anywhere before --, `help [COMMAND]`, a bare
// topic such as `secretsmith cache`) without oclif's Config.load(), which reads and checks the
// package, plugins, theme, shell and platform (twice, once more in the help command) before
// anything is shown. The help class and oclif's help renderer run exactly as under execute();
// only the Config they read is built here from the committed oclif.manifest.json and
// package.json, the way oclif builds it from them. Anything this path cannot answer the same way
// (a hook, plugin or theme, oclif's debug output, Windows and WSL, a manifest oclif would not
// use as it is, a help template reading more than config.bin and command.id) goes to oclif.
import {readFileSync} from 'node:fs'
import {platform} from 'node:os'
import {join} from 'node:path'

import {
  type FastPathPackageJson,
  asksForHelp,
  hasUserTheme,
  mayBeWsl,
  oclifArch,
  oclifUserAgent,
  packageAllowsFastPath,
  silentLogger,
} from './fast-path.js'

interface ManifestCommand {
  id: string
  summary?: string
  description?: string
  hidden?: boolean
  aliases?: string[]
  hiddenAliases?: string[]
  hasDynamicHelp?: boolean
  pluginType?: string
  [key: string]: unknown
}

interface Manifest {
  version: string
  commands: Record<string, ManifestCommand>
}

interface Topic {
  name: string
  description?: string
  hidden?: boolean
  subtopics?: Record<string, Omit<Topic, 'name'>>
}

type HelpPackageJson = FastPathPackageJson & {
  description?: string
  helpOptions?: unknown
  oclif: FastPathPackageJson['oclif'] & {
    helpClass?: unknown
    helpOptions?: unknown
    flexibleTaxonomy?: boolean
    topics?: Record<string, Omit<Topic, 'name'>> | unknown[]
  }
}

/** The ejs tags the help text may hold: both read only what the config here holds as oclif's does. */
const KNOWN_TEMPLATE_TAGS = /<%(?!= config\.bin %>|= command\.id %>)/

/**
 * Whether the command line may be a request for help, judged before any file is read: no
 * arguments, a help flag, the help command, or a first word that is a topic (the first part
 * of a command id like cache:clear, or a topic package.json names).
 */
export function mayAskForHelp(argv: string[], commandIds: ReadonlySet<string>, pjson: HelpPackageJson): boolean {
  if (argv.length === 0 || asksForHelp(argv, pjson) || argv[0] === 'help') return true
  const topics = pjson.oclif.topics
  if (topics && !Array.isArray(topics) && argv[0] in topics) return true
  return [...commandIds].some((id) => id.startsWith(`${argv[0]}:`))
}

/**
 * oclif's Config as its help reads it (and as the help class and the ejs templates in help text
 * read it), built as oclif builds it for a package with no plugins: the commands and topics of
 * the root plugin's manifest, package.json's topics, bin, user agent and separator. Undefined
 * where oclif would not take the manifest as it is (missing, another version) or would need
 * more of itself (aliases, flags whose help is computed, templates reading other settings).
 */
export function helpConfig(root: string, pjson: HelpPackageJson) {
  let text: string
  try {
    text = readFileSync(join(root, 'oclif.manifest.json'), 'utf8')
  } catch {
    return undefined
  }

  if (KNOWN_TEMPLATE_TAGS.test(text) || KNOWN_TEMPLATE_TAGS.test(JSON.stringify(pjson))) return undefined
  const manifest = JSON.parse(text) as Manifest
  // oclif warns about a manifest of another version and finds the commands itself.
  if (typeof manifest.version !== 'string' || manifest.version.split('-')[0] !== pjson.version.split('-')[0])
    return undefined
  const listed = Object.entries(manifest.commands ?? {})
  const needsOclif = (command: ManifestCommand) =>
    (command.aliases?.length ?? 0) > 0 ||
    (command.hiddenAliases?.length ?? 0) > 0 ||
    command.hasDynamicHelp === true ||
    command.pluginType === 'jit'
  if (listed.some(([, command]) => needsOclif(command)) || Array.isArray(pjson.oclif.topics)) return undefined

  // The root plugin's commands (oclif's Plugin.load), then its topics and the topics every
  // command name implies (Config.loadTopics). oclif orders the commands with localeCompare,
  // whose first call sets up ICU's collator (about 10 ms); the help sorts commands and topics
  // by a plain comparison of their ids before it shows any, so their order here shows nowhere.
  const commands = listed
    .map(([, command]) => ({...command, pluginAlias: pjson.name, pluginType: 'core'}))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const commandsById = new Map(commands.map((command) => [command.id, command]))
  const topics = new Map<string, Topic>()
  for (const topic of topicsOf(pjson.oclif.topics)) {
    const existing = topics.get(topic.name)
    if (existing) {
      existing.description = topic.description || existing.description
      existing.hidden = existing.hidden || topic.hidden
    } else topics.set(topic.name, topic)
  }

  for (const command of commands.filter((c) => !c.hidden)) {
    const parts = command.id.split(':')
    while (parts.length > 0) {
      const name = parts.join(':')
      if (name && !topics.has(name)) topics.set(name, {description: command.summary || command.description, name})
      parts.pop()
    }
  }

  const bin = pjson.oclif.bin || pjson.name
  return {
    root,
    pjson,
    name: pjson.name,
    version: pjson.version,
    bin,
    binAliases: pjson.oclif.binAliases,
    dirname: pjson.oclif.dirname || pjson.name,
    topicSeparator: pjson.oclif.topicSeparator || ':',
    platform: platform(),
    arch: oclifArch(),
    windows: false,
    userAgent: oclifUserAgent(pjson),
    theme: undefined,
    flexibleTaxonomy: false,
    isSingleCommandCLI: false,
    commands,
    commandIDs: commands.map((command) => command.id),
    topics: [...topics.values()],
    plugins: new Map([[pjson.name, {name: pjson.name, alias: pjson.name, root, pjson, type: 'core', isRoot: true}]]),
    findCommand: (id: string) => commandsById.get(id),
    findTopic: (name: string) => topics.get(name),
    // No hook but command_not_found exists (packageAllowsFastPath): every other event has no handler.
    async runHook() {
      return {successes: [], failures: []}
    },
  }
}

/** package.json's topics as oclif lists them: each named by its path, subtopics after it. */
function topicsOf(input: HelpPackageJson['oclif']['topics'], base = ''): Topic[] {
  if (!input || Array.isArray(input)) return []
  return Object.entries(input).flatMap(([key, topic]) => [
    {...topic, name: `${base}${key}`},
    ...topicsOf(topic.subtopics, `${base}${key}:`),
  ])
}

type HelpConfig = NonNullable<ReturnType<typeof helpConfig>>

/** The help class package.json names (oclif.helpClass), as the bundle holds it. */
export type HelpClass = new (config: never, options?: never) => {showHelp(argv: string[]): Promise<void>}
type NormalizeArgv = (config: never, argv: string[]) => string[]

/**
 * The words oclif's run() would hand the help class for this command line, or undefined where
 * it would not show help: help for a help flag or no arguments, the help command's words, a
 * bare topic (oclif's main.run, in its order; --version comes first).
 */
export function helpArgv(argv: string[], config: HelpConfig, normalizeArgv: NormalizeArgv): string[] | undefined {
  const versionFlags = new Set(['--version', ...(config.pjson.oclif.additionalVersionFlags ?? [])])
  if (versionFlags.has(argv[0])) return undefined
  if (argv.length === 0 || asksForHelp(argv, config.pjson)) return argv
  const [id, ...rest] = normalizeArgv(config as never, [...argv])
  // The help command (src/commands/help.ts) hands the help class the words after its name.
  if (config.findCommand(id)) return id === 'help' ? rest : undefined
  return config.findTopic(id) ? [id] : undefined
}

/**
 * Shows the help argv asks for, as oclif would, and returns true; returns false (having shown
 * nothing) where oclif must answer. `commandIds` are the bundle's command ids; `loadHelpClass`
 * loads the help class package.json names, as oclif would load it.
 */
export async function runFastHelp(
  root: string,
  pjson: HelpPackageJson,
  argv: string[],
  commandIds: ReadonlySet<string>,
  loadHelpClass: () => Promise<HelpClass>,
  env: Record<string, string | undefined> = process.env,
): Promise<boolean> {
  if (!mayAskForHelp(argv, commandIds, pjson) || !packageAllowsFastPath(pjson, env)) return false
  // The help class bundled as dist/bundle/help.js is the one package.json names (scripts/bundle.mjs).
  if (typeof pjson.oclif.helpClass !== 'string' || pjson.oclif.flexibleTaxonomy) return false
  // oclif asks Windows which shell runs it, and calls a Linux that is WSL "wsl".
  if (platform() === 'win32' || (platform() === 'linux' && mayBeWsl()) || hasUserTheme(pjson, env)) return false
  const config = helpConfig(root, pjson)
  if (!config) return false
  // oclif's own modules, as the bundle holds them; imported only now, as src/cli.ts does.
  // The bundle hands a CommonJS module to import() as its default export; Node (tests) by name too.
  const helpModule = await import('@oclif/core/help')
  const {normalizeArgv} = (helpModule.default as typeof helpModule | undefined) ?? helpModule
  const words = helpArgv(argv, config, normalizeArgv as NormalizeArgv)
  if (!words) return false

  const [{flush, handle}, {default: logger}, HelpClass] = await Promise.all([
    import('@oclif/core').then((module) => module.default),
    import('@oclif/core/logger'),
    loadHelpClass(),
  ])
  // oclif's debug logger loads the debug package on first use; without DEBUG set it prints nothing.
  logger.setLogger({logger: silentLogger()} as never)
  try {
    const help = new HelpClass(config as never, (pjson.oclif.helpOptions ?? pjson.helpOptions) as never)
    await help.showHelp(words)
    await flush()
  } catch (error) {
    await handle(error as Error)
  }

  return true
}
