// The published entry point's program: runs oclif over the one prebuilt bundle (scripts/bundle.mjs
// builds dist/bundle/cli.js from this module, a generated index of src/commands and the hooks),
// with oclif's explicit command strategy so that no command or hook file is looked up on disk.
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {platform, userInfo} from 'node:os'
import {join} from 'node:path'

import {type HelpClass, runFastHelp} from './fast-help.js'
import {type BundledCommand, fastCommandLine, mayBeWsl, oclifUserAgent, runFast, silentLogger} from './fast-path.js'
import {installSignalHandlers} from './signals.js'

/** Where the bundle puts the command index and the hooks (see scripts/bundle.mjs). */
const BUNDLE_TARGET = './dist/bundle/cli.js'
const HELP_TARGET = './dist/bundle/help.js'

/** The bundle's export name for the index-th hook of an event, e.g. HOOK_command_not_found_0. */
function hookIdentifier(event: string, index: number): string {
  return `HOOK_${event.replaceAll(/\W/g, '_')}_${index}`
}

interface PackageJson {
  name: string
  version: string
  oclif: {
    hooks?: Record<string, string | string[]>
    additionalVersionFlags?: string[]
    helpClass?: unknown
    [key: string]: unknown
  }
  [key: string]: unknown
}

/**
 * Runs the command line in argv; `root` is the package directory (where package.json lives),
 * `commands` the bundle's command index (without it, oclif finds every command).
 */
export async function run(root: string, commands: Record<string, BundledCommand> = {}): Promise<void> {
  // First, before any value is read: signals end the process with one line and no core dump,
  // and SIGUSR1 does not open the inspector (signals.ts).
  installSignalHandlers({json: process.argv.includes('--json')})
  const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson
  const argv = process.argv.slice(2)
  const commandIds = new Set(Object.keys(commands))
  const version = quickVersion(pjson, argv)
  if (version) {
    process.stdout.write(`${version}\n`)
    return
  }

  // Before either path, so that a command sees the same environment on both.
  shellForOclif()
  // A bundled command, run as oclif runs it but without oclif's Config (fast-path.ts says when).
  const fast = fastCommandLine(argv, commandIds, pjson)
  if (fast) {
    await runFast(root, pjson, fast, commands)
    return
  }

  // Help, shown as oclif shows it but without oclif's Config (fast-help.ts says when).
  // The help class is the bundle's help entry, required as the bundle's chunks are (CommonJS).
  const helpClass = async () =>
    (createRequire(join(root, 'package.json'))(join(root, HELP_TARGET)) as {default: HelpClass}).default
  if (await runFastHelp(root, pjson, argv, commandIds, helpClass)) return

  const hooks = Object.fromEntries(
    Object.entries(pjson.oclif.hooks ?? {}).map(([event, paths]) => [
      event,
      [paths].flat().map((_, index) => ({target: BUNDLE_TARGET, identifier: hookIdentifier(event, index)})),
    ]),
  )
  const oclif = {
    ...pjson.oclif,
    commands: {strategy: 'explicit', target: BUNDLE_TARGET, identifier: 'COMMANDS'},
    hooks,
    // The help class is bundled as an entry of its own (dist/bundle/help.js).
    ...(typeof pjson.oclif.helpClass === 'string' ? {helpClass: {target: HELP_TARGET, identifier: 'default'}} : {}),
  }
  // Imported here, not above, so that the --version answer above never loads oclif. oclif is
  // CommonJS: its module.exports is the default export, from sources and in the bundle alike.
  const {execute} = (await import('@oclif/core')).default
  // No code is loaded from a directory secretsmith writes data to: oclif would load "user
  // plugins" named in <data dir>/package.json, and its data dir is the default local-store
  // directory (~/.local/share/secretsmith). Only the bundled commands run.
  await execute({
    loadOptions: {
      root,
      pjson: {...pjson, oclif} as never,
      userPlugins: false,
      devPlugins: false,
      // oclif's debug logger loads the debug package on first use; without DEBUG it prints nothing.
      ...(process.env.DEBUG ? {} : {logger: silentLogger()}),
    },
  })
}

/**
 * oclif reads the user's shell from SHELL, else from the passwd entry (os.userInfo()), which
 * throws for a uid without one (a container run as an arbitrary uid): secretsmith then died
 * before any command ran. With neither, SHELL is set empty, which oclif reads as "unknown".
 */
function shellForOclif(): void {
  if (process.env.SHELL !== undefined) return
  try {
    userInfo()
  } catch {
    process.env.SHELL = ''
  }
}

/**
 * `--version` answered without loading oclif (which is most of its cost), in oclif's exact words
 * (name/version platform-arch node-version). Only where oclif would print nothing else: no init
 * or finally hook to run, and not on a Linux that may be WSL (oclif says "wsl" there, after
 * checks of its own), where oclif answers as usual.
 */
function quickVersion(pjson: PackageJson, argv: string[]): string | undefined {
  const versionFlags = new Set(['--version', ...(pjson.oclif.additionalVersionFlags ?? [])])
  if (!versionFlags.has(argv[0]) || pjson.oclif.hooks?.init || pjson.oclif.hooks?.finally) return undefined
  if (platform() === 'linux' && mayBeWsl()) return undefined
  return oclifUserAgent(pjson)
}

interface CommandClass {
  id?: string
  plugin?: unknown
  run(argv: string[], config: unknown): Promise<unknown>
}

/**
 * What the bundle's command index holds for each command: oclif finds it by id and calls its
 * run(), which imports the command's chunk and runs the real class. Help and the command list
 * come from oclif.manifest.json, so nothing else needs the class before it runs.
 */
export function lazyCommand(id: string, load: () => Promise<Record<string, unknown>>) {
  return {
    id,
    plugin: undefined as unknown,
    /** The command class (oclif's rule: the default export, else the one exported class). */
    async load(): Promise<CommandClass> {
      const module = await load()
      const found = [module.default, ...Object.values(module)].find(
        (value): value is CommandClass =>
          typeof value === 'function' && typeof (value as Partial<CommandClass>).run === 'function',
      )
      if (!found) throw new Error(`The bundle holds no command class for ${id}.`)
      return found
    },
    async run(argv: string[], config: unknown): Promise<unknown> {
      const command = await this.load()
      command.id = this.id
      command.plugin = this.plugin
      return command.run(argv, config)
    },
  }
}
