// What every secretsmith command shares: the store/AWS/confirmation/debug flags, --json,
// opening the chosen store, and turning errors into one line plus a documented exit code.
import {Command, Flags, type Interfaces} from '@oclif/core'

import {rememberStoreSelection, storeSelectionWords} from './command-hint.js'
import {type CacheFlagValues, cacheSettings, cachedReadContext, withCacheInvalidation} from './consume/cache-setup.js'
import type {CachedReadContext} from './consume/read-through.js'
import {type ResolvedSetting, layerSettings, loadConfig} from './config.js'
import type {AuthoringContext} from './authoring/write-secret.js'
import {ChangeRecorder, recordWrites} from './history/change-log.js'
import {type DebugLog, createDebugLog} from './output/debug.js'
import {readBooleanEnv} from './env-settings.js'
import {defaultEditorTempBase, removeAbandonedEditDirectories} from './input/edit-temp.js'
import {isInteractive} from './input/terminal.js'
import type {CommandLineShape, FlagShape} from './output/argv-positions.js'
import {reportError, stackFrames} from './output/error-report.js'
import {resolveDataDir} from './paths.js'
import {endIfInterrupted} from './signals.js'
import {openStore} from './stores/open-store.js'
import type {SecretStore, StoreKind, StoreOptions} from './stores/store.js'
import {writeWarning} from './wording.js'

export type BaseFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof SecretsmithCommand)['baseFlags'] & T['flags']
>
export type BaseArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

export abstract class SecretsmithCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    store: Flags.option({
      options: ['aws', 'local'] as const,
      default: 'aws' as const,
      env: 'SECRETSMITH_STORE',
      summary: 'Where secrets live: AWS Secrets Manager, or the embedded encrypted local store.',
      helpGroup: 'STORE',
    })(),
    region: Flags.string({
      summary: 'AWS region (default: AWS_REGION, AWS_DEFAULT_REGION or the profile).',
      helpGroup: 'AWS',
    }),
    profile: Flags.string({summary: 'AWS shared-config profile (default: AWS_PROFILE).', helpGroup: 'AWS'}),
    'endpoint-url': Flags.string({
      summary: 'Secrets Manager endpoint, e.g. a VPC interface endpoint (default: AWS_ENDPOINT_URL_SECRETS_MANAGER).',
      helpGroup: 'AWS',
    }),
    fips: Flags.boolean({summary: 'Use the FIPS endpoint.', helpGroup: 'AWS'}),
    dualstack: Flags.boolean({summary: 'Use the dual-stack (IPv6) endpoint.', helpGroup: 'AWS'}),
    'max-attempts': Flags.integer({
      summary: 'Attempts per AWS call, retries included (default: AWS_MAX_ATTEMPTS or 3).',
      min: 1,
      max: 20,
      helpGroup: 'AWS',
    }),
    'retry-mode': Flags.option({
      options: ['standard', 'adaptive'] as const,
      summary: 'AWS retry strategy (default: AWS_RETRY_MODE or standard).',
      helpGroup: 'AWS',
    })(),
    context: Flags.string({
      summary:
        'Use a named context from the config file: store, region, profile, endpoint (default: SECRETSMITH_CONTEXT).',
      helpGroup: 'STORE',
    }),
    yes: Flags.boolean({char: 'y', summary: 'Confirm destructive actions without a prompt.'}),
    debug: Flags.boolean({summary: 'Diagnostics on stderr (timings, API calls); never values.'}),
  }

  protected flags!: BaseFlags<T>
  protected args!: BaseArgs<T>
  protected debugLog: DebugLog = () => {}
  #store: SecretStore | undefined
  #changes: ChangeRecorder | undefined
  #positional: string[] = []
  #settings: Record<string, ResolvedSetting> = {}

  public override async init(): Promise<void> {
    await super.init()
    removeAbandonedEditDirectories(defaultEditorTempBase())
    // The --debug flag is looked at before parsing so that parse errors can be traced too.
    this.debugLog = createDebugLog(this.argv.includes('--debug'))
    this.checkBooleanEnvironment()
    const {args, flags, argv} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof SecretsmithCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as BaseFlags<T>
    this.args = args as BaseArgs<T>
    this.#positional = argv as string[]
    this.applyConfig()
    this.debugLog(`command ${this.id ?? '?'} store=${this.flags.store}`)
  }

  /**
   * Fills the flags nobody gave (and no environment variable set) from the config file: the
   * chosen context first, then the file's defaults. Remembers where every setting came from.
   */
  private applyConfig(): void {
    const contextName = this.flags.context ?? (process.env.SECRETSMITH_CONTEXT?.trim() || undefined)
    const flagDefinitions = {...this.ctor.flags, ...(this.ctor as typeof SecretsmithCommand).baseFlags} as Record<
      string,
      unknown
    >
    const givenFlags = new Set(
      this.argv.flatMap((arg) => {
        const match = /^--(?:no-)?([a-z][\w-]*)(?:=|$)/.exec(arg)
        return match ? [match[1]] : []
      }),
    )
    const {settings, fromConfig} = layerSettings({
      givenFlags,
      flags: this.flags,
      env: process.env,
      config: loadConfig(),
      context: contextName
        ? {name: contextName, from: this.flags.context ? '--context' : 'SECRETSMITH_CONTEXT'}
        : undefined,
    })
    for (const [flag, value] of Object.entries(fromConfig)) {
      if (flag in flagDefinitions) (this.flags as Record<string, unknown>)[flag] = value
    }

    this.#settings = settings
    rememberStoreSelection(storeSelectionWords(settings, contextName ? {name: contextName} : undefined))
    for (const [name, setting] of Object.entries(settings))
      this.debugLog(`setting ${name}=${setting.value} (${setting.source})`)
  }

  /** The effective settings and where each came from (doctor shows them). */
  protected settingSources(): Record<string, ResolvedSetting> {
    return this.#settings
  }

  /**
   * oclif reads a boolean flag's variable as true only for true/1/yes/y and as false for
   * anything else; refuse what is neither, and hand oclif a spelling it reads the same way.
   */
  private checkBooleanEnvironment(): void {
    const definitions = {...(this.ctor as typeof SecretsmithCommand).baseFlags, ...this.ctor.flags}
    for (const flag of Object.values(definitions)) {
      if (flag.type !== 'boolean' || !flag.env) continue
      const value = readBooleanEnv(process.env, flag.env)
      if (value !== undefined) process.env[flag.env] = String(value)
    }
  }

  /**
   * The chosen store, opened once per command run. Every write through it lands in the change
   * log and drops the cached copies of what it wrote (the one place both happen).
   */
  protected async store(): Promise<SecretStore> {
    this.#store ??= await this.openTrackedStore(this.flags.store, this.storeOptions())
    return this.#store
  }

  /** What create, put and edit hand their workflow: this run's store, terminal, notices and change log. */
  protected async authoringContext(strict: boolean): Promise<AuthoringContext> {
    return {
      store: await this.store(),
      interactive: isInteractive(),
      strict,
      notify: (line) => this.note(line),
      changes: this.changes,
    }
  }

  /** A store opened so that its writes are recorded in the change log and drop stale cache entries. */
  protected async openTrackedStore(kind: StoreKind, options: StoreOptions): Promise<SecretStore> {
    return withCacheInvalidation(recordWrites(await openStore(kind, options), this.changes), kind, options)
  }

  /** This run's change-log recorder: workflows add what they know about a write (keys changed) through it. */
  protected get changes(): ChangeRecorder {
    this.#changes ??= new ChangeRecorder({
      dataDir: resolveDataDir(),
      command: this.id ?? 'secretsmith',
      warn: writeWarning,
    })
    return this.#changes
  }

  /** Every positional argument, for the commands that take several (strict = false). */
  protected positionalArgs(): string[] {
    return this.#positional
  }

  /** Reads through the client-side cache (get, exec, export); the store opens only on a miss. */
  protected cachedReads(flags: CacheFlagValues): CachedReadContext {
    return cachedReadContext(this.flags.store, this.storeOptions(), cacheSettings(flags), () => this.store())
  }

  protected storeOptions(): StoreOptions {
    return {
      // Only with --debug: a store given a log builds its call log (and its wording) on every call.
      debug: this.flags.debug ? this.debugLog : undefined,
      warn: writeWarning,
      notice: (message) => this.note(message),
      region: this.flags.region,
      profile: this.flags.profile,
      endpointUrl: this.flags['endpoint-url'],
      fips: this.flags.fips,
      dualstack: this.flags.dualstack,
      maxAttempts: this.flags['max-attempts'],
      retryMode: this.flags['retry-mode'],
    }
  }

  /** Progress and summaries for humans: always stderr, so stdout stays the value or the JSON. */
  protected note(message: string): void {
    process.stderr.write(`${message}\n`)
  }

  protected override async catch(error: Error & {exitCode?: number}): Promise<void> {
    const report = reportError(error, this.commandLine())
    if (report.code !== 'Exit') {
      this.debugLog(`error ${error?.constructor?.name ?? typeof error}\n${stackFrames(error)}`)
      if (this.jsonEnabled()) {
        const {code, exitCode, message, details} = report
        process.stdout.write(`${JSON.stringify({error: {code, exitCode, message, details}}, null, 2)}\n`)
      } else {
        process.stderr.write(`Error: ${report.message}\n`)
      }
    }

    process.exitCode = report.exitCode
  }

  /** The words after the command name and the flags they are read against, for error positions. */
  private commandLine(): CommandLineShape {
    const definitions = {...(this.ctor as typeof SecretsmithCommand).baseFlags, ...this.ctor.flags}
    const flags: Record<string, FlagShape> = {}
    for (const [name, flag] of Object.entries(definitions)) {
      flags[name] = {type: flag.type, char: flag.char, allowNo: flag.type === 'boolean' ? flag.allowNo : false}
    }

    return {argv: this.argv, flags, argCount: Object.keys(this.ctor.args ?? {}).length}
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    await this.#store?.close().catch(() => {})
    // A signal held while a write completed ends the run now that the write has been reported.
    endIfInterrupted()
    return super.finally(error)
  }
}
