import {Args, Flags} from '@oclif/core'

import {SecretsmithCommand} from '../base-command.js'
import {cacheFlags} from '../cache-flags.js'
import {execWithSecrets} from '../consume/exec-with-secrets.js'
import {parseSecretSpec} from '../consume/secret-variables.js'
import {UsageError} from '../errors.js'

export default class Exec extends SecretsmithCommand<typeof Exec> {
  static override summary = 'Run a program with secrets in its environment (or in files), masking them in its output.'
  static override description = `Each SPEC names a secret, never a value: NAME, NAME:FIELD, NAME=VAR or NAME:FIELD=VAR. NAME=VAR sets $VAR to the whole value; NAME:FIELD=VAR one field of a JSON secret. Without =VAR a JSON secret gives one variable per key (upper-cased), any other secret one variable named after the last part of its name; --prefix goes in front of those names. Keys that would set variables changing how programs start (PATH, LD_PRELOAD, NODE_OPTIONS, ...) are refused unless named explicitly.

AWS advises against handing credentials to programs through environment variables (child processes inherit them; /proc and crash dumps show them). With --files each secret is written instead to a 0600 file in a private directory on a memory-backed file system (tmpfs: $XDG_RUNTIME_DIR or /dev/shm; disk-backed storage is refused unless --allow-disk), the variable holds the file's path, and the directory is removed when the program exits, is killed, or secretsmith is interrupted.

INT, TERM, HUP and QUIT are passed on to the program; its exit code is secretsmith's (128+N if signal N ended it). Every secret value in the program's stdout and stderr, raw or base64-, URL- or JSON-encoded, is shown as ***** (the program then writes to pipes, not the terminal); --no-masking turns that off. Secrets are read through the client-side cache; on the AWS store, several secrets are fetched with BatchGetSecretValue.`

  static override examples = [
    {
      description: 'A database URL built from a JSON secret (USERNAME, PASSWORD, HOST, ... in the environment)',
      command: '<%= config.bin %> <%= command.id %> prod/billing/db -- ./migrate.sh',
    },
    {
      description: 'One field under a name of your choice, and a whole secret as $TOKEN',
      command:
        '<%= config.bin %> <%= command.id %> prod/billing/db:password=PGPASSWORD ci/deploy-token=TOKEN -- ./deploy.sh',
    },
    {
      description: 'Paths to files instead of values in the environment',
      command: '<%= config.bin %> <%= command.id %> --files prod/tls/cert=TLS_CERT_FILE -- nginx -g "daemon off;"',
    },
    {
      description: 'Prefixed variables from a JSON secret (DB_USERNAME, DB_PASSWORD, ...)',
      command: '<%= config.bin %> <%= command.id %> --prefix DB_ prod/billing/db -- env',
    },
  ]

  static override args = {
    spec: Args.string({
      description: 'A secret to hand over: NAME[:FIELD][=VAR] (more may follow, then -- and the program)',
      required: true,
      ignoreStdin: true,
    }),
  }

  // Several specs, then `--` and the program's own arguments, which secretsmith never parses or echoes.
  static override strict = false

  static override flags = {
    prefix: Flags.string({summary: 'Put this in front of every variable name not given with =VAR (e.g. DB_).'}),
    files: Flags.boolean({summary: 'Hand over paths to 0600 files on a tmpfs instead of values in the environment.'}),
    'allow-disk': Flags.boolean({
      summary: 'With --files, use the temp directory when no tmpfs is available.',
      dependsOn: ['files'],
    }),
    masking: Flags.boolean({
      default: true,
      allowNo: true,
      summary: "Mask secret values in the program's output (--no-masking passes it through untouched).",
    }),
    ...cacheFlags,
  }

  #command: string[] = []

  public override async init(): Promise<void> {
    // The program and its arguments are not secretsmith's to parse: split them off first.
    const separator = this.argv.indexOf('--')
    if (separator !== -1) {
      this.#command = this.argv.slice(separator + 1)
      this.argv = this.argv.slice(0, separator)
    }

    await super.init()
  }

  async run() {
    const {flags} = this
    if (this.#command.length === 0)
      throw new UsageError('exec needs the program to run after --, e.g. secretsmith exec NAME -- ./deploy.sh')
    const specs = this.positionalArgs().map((spec) => parseSecretSpec(spec))
    if (flags.prefix !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(flags.prefix)) {
      throw new UsageError('--prefix must be letters, digits and _ (not starting with a digit), e.g. DB_.')
    }

    const [command, ...args] = this.#command
    process.exitCode = await execWithSecrets(
      {reads: this.cachedReads(flags), debug: this.debugLog},
      {
        specs,
        command,
        args,
        prefix: flags.prefix,
        masking: flags.masking,
        files: flags.files ? {allowDisk: flags['allow-disk']} : undefined,
      },
    )
  }
}
