import {SecretsmithCommand} from '../base-command.js'
import {awsSettings, callerIdentity, connect, probeKeychain, resolveHost} from '../doctor/probes.js'
import {type DoctorCheck, doctorExitCode, runDoctor} from '../doctor/run-doctor.js'
import {formatDoctorReport} from '../output/doctor-report.js'
import {resolveCacheDir, resolveDataDir} from '../paths.js'

export default class Doctor extends SecretsmithCommand<typeof Doctor> {
  static override summary =
    'Check this machine: Node, store, AWS credentials and endpoint, keychain, directories, and what records history.'
  static override description = `Each check passes, warns or fails, with the fix in one line. Nothing is changed. The AWS checks resolve credentials, ask STS who you are (GetCallerIdentity), and look at the Secrets Manager endpoint: AWS recommends reaching it through a VPC interface endpoint, so an endpoint that resolves to public addresses is a warning. It also looks for what would record secrets elsewhere: the AWS CLI's cli_history (it stores whole responses, secret values included) and shell history settings.

Exit 0 when nothing fails; otherwise the exit code of the first failure (7 for credentials, 6 for an unreachable endpoint, 2 for an unsafe directory or setting).`

  static override examples = [
    {description: 'Check everything before first use', command: '<%= config.bin %> <%= command.id %>'},
    {
      description: 'A pipeline gate on a runner',
      command: '<%= config.bin %> <%= command.id %> --json | jq -e \'all(.checks[]; .status != "fail")\'',
    },
    {
      description: 'Check another profile and region',
      command: '<%= config.bin %> <%= command.id %> --profile prod --region eu-west-1',
    },
  ]

  async run(): Promise<{checks: DoctorCheck[]}> {
    const checks = await runDoctor({
      env: process.env,
      nodeVersion: process.version,
      storeOptions: this.storeOptions(),
      settings: this.settingSources(),
      dataDir: resolveDataDir(),
      cacheDir: resolveCacheDir(),
      resolveHost,
      connect,
      probeKeychain,
      callerIdentity,
      awsSettings,
    })
    if (!this.jsonEnabled()) process.stdout.write(`${formatDoctorReport(checks)}\n`)
    process.exitCode = doctorExitCode(checks)
    return {checks}
  }
}
