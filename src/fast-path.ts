// Runs a command line that names one of the bundled commands without loading oclif's Config:
// no plugin discovery, no oclif.manifest.json, no module probing, no help renderer (oclif
// itself would do all of it twice, once in execute() and again in Command.run()). The command
// class, oclif's Command base and oclif's parser run exactly as under execute(); only the
// surroundings execute() would set up are replaced by what this package's own package.json
// says. Anything this path cannot answer the same way (help, which fast-help.ts answers by the
// same rules; --version, an unknown or partial command, hooks other than command_not_found,
// plugins, a user theme, oclif's DEBUG output) goes to oclif as before.
import {existsSync, readFileSync} from 'node:fs'
import {homedir, platform, release} from 'node:os'
import {join} from 'node:path'

/** What the bundle's command index holds for each command id (see lazyCommand in cli.ts). */
export interface BundledCommand {
  load(): Promise<CommandClass>
}

interface CommandClass {
  id?: string
  new (argv: string[], config: unknown): {_run(): Promise<unknown>}
}

export interface FastPathPackageJson {
  name: string
  version: string
  oclif: {
    bin?: string
    dirname?: string
    binAliases?: string[]
    topicSeparator?: string
    additionalHelpFlags?: string[]
    additionalVersionFlags?: string[]
    hooks?: Record<string, unknown>
    plugins?: unknown[]
    theme?: unknown
    [key: string]: unknown
  }
  [key: string]: unknown
}

/**
 * Commands that read more of oclif's Config than commandConfig() below holds: completion lists
 * every command's flags (config.commands, from oclif.manifest.json) and help renders help from
 * the whole Config. oclif runs them.
 */
export const COMMANDS_NEEDING_OCLIF_CONFIG: ReadonlySet<string> = new Set(['completion', 'help'])

/** The hooks the fast path knows it never has to run: command_not_found fires only for an unknown command. */
const HOOKS_NEVER_REACHED = new Set(['command_not_found'])

/** A command line the fast path runs: the command's id and the words after its name. */
export interface FastCommandLine {
  id: string
  argv: string[]
}

/**
 * The command argv runs, if the fast path runs it exactly as oclif would; otherwise undefined
 * (oclif runs it). `argv` is the words after the program name.
 */
export function fastCommandLine(
  argv: string[],
  commandIds: ReadonlySet<string>,
  pjson: FastPathPackageJson,
  env: Record<string, string | undefined> = process.env,
): FastCommandLine | undefined {
  const {oclif} = pjson
  if (!packageAllowsFastPath(pjson, env) || asksForHelp(argv, pjson)) return undefined
  const found = commandOf(argv, commandIds, oclif.topicSeparator ?? ':')
  if (found === undefined || COMMANDS_NEEDING_OCLIF_CONFIG.has(found.id) || hasUserTheme(pjson, env)) return undefined
  return found
}

/**
 * Whether package.json and the environment leave nothing for oclif's Config to add to a run:
 * no hook it would run, no plugin, no theme file, none of oclif's own debug output (DEBUG=…,
 * SECRETSMITH_DEBUG=1 comes from the parts a fast path skips). The user's theme.json is
 * checked apart (hasUserTheme), once a fast path knows it would take the run.
 */
export function packageAllowsFastPath(
  pjson: FastPathPackageJson,
  env: Record<string, string | undefined> = process.env,
): boolean {
  const {oclif} = pjson
  if (Object.keys(oclif.hooks ?? {}).some((event) => !HOOKS_NEVER_REACHED.has(event))) return false
  if ((oclif.plugins?.length ?? 0) > 0 || oclif.theme !== undefined) return false
  return !env.DEBUG && !env[scopedEnvVarKey(pjson, 'DEBUG')]
}

/** A help flag (--help, or one of package.json's additionalHelpFlags) before any --, as oclif reads it. */
export function asksForHelp(argv: string[], pjson: FastPathPackageJson): boolean {
  const helpFlags = new Set(['--help', ...(pjson.oclif.additionalHelpFlags ?? [])])
  for (const arg of argv) {
    if (arg === '--') return false
    if (helpFlags.has(arg)) return true
  }

  return false
}

/**
 * "get x" → get; "cache clear" → cache:clear, as oclif finds them: a command id as the first
 * word ("cache:clear" too), or with a space as the topic separator, a topic and a command word.
 */
function commandOf(argv: string[], commandIds: ReadonlySet<string>, separator: string): FastCommandLine | undefined {
  const [first, second] = argv
  if (first === undefined || first.startsWith('-')) return undefined
  if (commandIds.has(first)) return {id: first, argv: argv.slice(1)}
  if (separator === ':' || first.includes(':') || second === undefined) return undefined
  const joined = `${first}:${second}`
  return commandIds.has(joined) ? {id: joined, argv: argv.slice(2)} : undefined
}

/** oclif reads a user theme from <config dir>/theme.json; such a run goes the usual way. */
export function hasUserTheme(pjson: FastPathPackageJson, env: Record<string, string | undefined>): boolean {
  const disabled = env[scopedEnvVarKey(pjson, 'DISABLE_THEME')]
  if (disabled === '1' || disabled === 'true') return false
  const dirname = pjson.oclif.dirname ?? pjson.name
  const home = env.HOME || homedir()
  const configDir =
    env[scopedEnvVarKey(pjson, 'CONFIG_DIR')] ||
    join(env.XDG_CONFIG_HOME || (platform() === 'win32' && env.LOCALAPPDATA) || join(home, '.config'), dirname)
  return existsSync(join(configDir, 'theme.json'))
}

/** oclif's rule for a scoped variable's name: <BIN>_<KEY>, upper case, with - and / as _. */
export function scopedEnvVarKey(pjson: FastPathPackageJson, key: string): string {
  return [pjson.oclif.bin ?? pjson.name, key]
    .map((part) => part.replaceAll('@', '').replaceAll(/[/-]/g, '_'))
    .join('_')
    .toUpperCase()
}

/**
 * The part of oclif's Config a command run reads (oclif's Command: bin, userAgent, the scoped
 * variables, the preparse hook, the theme, the command ids for its argv normalising; our
 * commands: bin, version), filled from package.json the way oclif fills it.
 */
function commandConfig(root: string, pjson: FastPathPackageJson, commandIds: string[], command: CommandClass) {
  const bin = pjson.oclif.bin ?? pjson.name
  const aliases = [bin, ...(pjson.oclif.binAliases ?? [])]
  const keysOf = (key: string) =>
    aliases
      .filter(Boolean)
      .map((alias) => [alias.replaceAll('@', '').replaceAll(/[/-]/g, '_'), key].join('_').toUpperCase())
  const scopedEnvVar = (key: string) => process.env[keysOf(key).find((name) => process.env[name]) ?? '']
  return {
    root,
    name: pjson.name,
    version: pjson.version,
    pjson,
    bin,
    binAliases: pjson.oclif.binAliases,
    dirname: pjson.oclif.dirname ?? pjson.name,
    topicSeparator: pjson.oclif.topicSeparator ?? ':',
    platform: process.platform,
    arch: oclifArch(),
    windows: process.platform === 'win32',
    userAgent: oclifUserAgent(pjson),
    theme: undefined,
    commandIDs: commandIds,
    findCommand: (id: string) => (id === command.id ? command : undefined),
    scopedEnvVar,
    scopedEnvVarKey: (key: string) => scopedEnvVarKey(pjson, key),
    scopedEnvVarKeys: keysOf,
    scopedEnvVarTrue(key: string) {
      const value = scopedEnvVar(key)
      return value === '1' || value === 'true'
    },
    // No hook but command_not_found exists (fastCommandId checks): every other event has no handler.
    async runHook() {
      return {successes: [], failures: []}
    },
  }
}

/**
 * Runs the command as oclif's execute() would once it has found it: the command class's run
 * with the config above, then oclif's flush of stdout, and oclif's error handler for anything
 * the command's own catch() let through.
 */
export async function runFast(
  root: string,
  pjson: FastPathPackageJson,
  {id, argv}: FastCommandLine,
  commands: Record<string, BundledCommand>,
): Promise<void> {
  const {flush, handle} = (await import('@oclif/core')).default
  // oclif's debug logger loads the debug package on first use; without DEBUG set it prints nothing.
  const {setLogger} = (await import('@oclif/core/logger')).default
  setLogger({logger: silentLogger()} as never)
  try {
    const command = await commands[id].load()
    command.id = id
    const config = commandConfig(root, pjson, Object.keys(commands), command)
    // Command.run would load the whole Config again: the instance runs directly, as it does there.
    await new command(argv, config)._run()
    await flush()
  } catch (error) {
    await handle(error as Error)
  }
}

/** A logger with oclif's Logger shape that prints nothing: what oclif's is without DEBUG set. */
export function silentLogger() {
  const logger = {
    namespace: 'oclif',
    child: () => logger,
    debug() {},
    error() {},
    info() {},
    trace() {},
    warn() {},
  }
  return logger
}

/** The CPU as oclif names it (x86 for ia32). */
export function oclifArch(): string {
  return process.arch === 'ia32' ? 'x86' : process.arch
}

/** oclif's user agent, the words of its --version: name/version platform-arch node-version. */
export function oclifUserAgent(pjson: {name: string; version: string}): string {
  return `${pjson.name}/${pjson.version} ${process.platform}-${oclifArch()} node-${process.version}`
}

/** Whether this Linux may be WSL, where oclif names the platform "wsl" after checks of its own. */
export function mayBeWsl(): boolean {
  if (release().toLowerCase().includes('microsoft')) return true
  try {
    if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true
  } catch {
    // No /proc/version: decide from the paths below.
  }

  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL')
}
