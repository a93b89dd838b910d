// Bulk import benchmark (part of `npm run bench`; a measurement, never a test): 1,000 JSON-lines
// entries into the loopback Secrets Manager test server while it enforces the documented
// 50-per-second quotas on CreateSecret and on the shared write group; the same again with 20 %
// of calls throttled and 2 % of answers lost after the write (checking every secret exists
// exactly once with one version); and 10,000 entries for peak resident memory (target under
// 200 MB). Prints the achieved rate as a fraction of the quota and writes bench/import-results.json.
// Quotas: https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_limits.html
import {spawn} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

import {type FakeSecretsManager, startFakeSecretsManager} from '../test/support/fake-secrets-manager.js'

const root = resolve(import.meta.dirname, '..')
const bin = join(root, 'bin', 'run.js')
const home = mkdtempSync(join(tmpdir(), 'secretsmith-import-bench-'))
const QUOTA = 50
const WRITE_GROUP = [
  'PutSecretValue',
  'UpdateSecret',
  'UpdateSecretVersionStage',
  'RemoveRegionsFromReplication',
  'ReplicateSecretToRegion',
  'StopReplicationToReplica',
]

function env(server: FakeSecretsManager): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    SECRETSMITH_HOME: join(home, 'store'),
    SECRETSMITH_KEYCHAIN: 'off',
    AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_REGION: server.region,
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CI: 'true',
  }
}

function entriesFile(prefix: string, count: number): string {
  const path = join(home, `${prefix.replaceAll('/', '-')}${count}.jsonl`)
  const lines: string[] = []
  for (let i = 0; i < count; i++)
    lines.push(
      JSON.stringify({name: `${prefix}s${i}`, value: {username: `user${i}`, password: `p-${i}-${'x'.repeat(24)}`}}),
    )
  writeFileSync(path, `${lines.join('\n')}\n`, {mode: 0o600})
  return path
}

/** Runs the import under /usr/bin/time for the peak resident set (kB), asynchronously so the in-process server keeps answering. */
function runImport(
  server: FakeSecretsManager,
  file: string,
  extra: string[] = [],
): Promise<{code: number | null; ms: number; peakKb?: number; stderr: string}> {
  const started = process.hrtime.bigint()
  const args = [
    '-f',
    '%M',
    process.execPath,
    bin,
    'import',
    '--from-file',
    file,
    '--yes',
    '--store',
    'aws',
    '--endpoint-url',
    server.url,
    '--max-attempts',
    '10',
    ...extra,
  ]
  return new Promise((resolvePromise) => {
    const child = spawn('/usr/bin/time', args, {cwd: root, env: env(server), stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('close', (code) => {
      const lines = stderr.trim().split('\n')
      const peakKb = Number(lines.at(-1))
      resolvePromise({
        code,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        peakKb: Number.isFinite(peakKb) ? peakKb : undefined,
        stderr: lines.slice(0, -1).join('\n'),
      })
    })
  })
}

function achievedRate(server: FakeSecretsManager, operation: string, since: number) {
  const accepted = server.calls.slice(since).filter((call) => call.operation === operation && call.status === 200)
  const throttled = server.calls
    .slice(since)
    .filter((call) => call.operation === operation && call.errorType === 'ThrottlingException').length
  return {accepted: accepted.length, throttled}
}

const results: Record<string, unknown> = {node: process.version, date: new Date().toISOString()}

// 1. Pacing: 1,000 entries at the quota.
{
  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012'})
  server.limitTps('CreateSecret', QUOTA)
  server.limitTps(WRITE_GROUP, QUOTA)
  const file = entriesFile('pace/', 1000)
  const run = await runImport(server, file)
  const creates = achievedRate(server, 'CreateSecret', 0)
  const seconds = run.ms / 1000
  const rate = creates.accepted / seconds
  results.paced = {
    entries: 1000,
    exitCode: run.code,
    seconds: round(seconds),
    createsPerSecond: round(rate),
    fractionOfQuota: round(rate / QUOTA),
    throttledByServer: creates.throttled,
    peakRssMiB: mib(run.peakKb),
    calls: server.calls.length,
  }
  console.log(
    `import 1,000 entries at a ${QUOTA}/s quota: ${seconds.toFixed(1)} s, ${rate.toFixed(1)} creates/s = ${(rate / QUOTA).toFixed(2)} of the quota (target ≥ 0.9), ${creates.throttled} throttled at the server, ${server.calls.length} calls, exit ${run.code}`,
  )
  await server.close()
}

// 2. The same under faults: exactly once.
{
  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012'})
  server.limitTps('CreateSecret', QUOTA)
  server.limitTps(WRITE_GROUP, QUOTA)
  server.throttle({fraction: 0.2, seed: 3})
  server.dropConnection({fraction: 0.02, seed: 9, when: 'after'})
  const file = entriesFile('faults/', 1000)
  const run = await runImport(server, file)
  let missing = 0
  let doubled = 0
  for (let i = 0; i < 1000; i++) {
    const snapshot = server.inspect(`faults/s${i}`)
    if (!snapshot) missing++
    else if (snapshot.versions.length !== 1) doubled++
  }

  const retries = server.calls.filter(
    (call) =>
      call.errorType === 'ThrottlingException' ||
      call.faults.includes('drop-after') ||
      call.faults.includes('drop-before'),
  ).length
  results.faults = {
    entries: 1000,
    exitCode: run.code,
    seconds: round(run.ms / 1000),
    missing,
    moreThanOneVersion: doubled,
    faultedCalls: retries,
    calls: server.calls.length,
  }
  console.log(
    `import 1,000 entries with 20 % throttled and 2 % of answers lost: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s, ${missing} missing, ${doubled} with more than one version (target 0 and 0), ${retries} faulted calls retried`,
  )
  await server.close()
}

// 3. Memory: 10,000 entries, read as a stream.
{
  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012'})
  const file = entriesFile('memory/', 10_000)
  const run = await runImport(server, file, ['--rate', '10000', '--concurrency', '16'])
  results.memory = {
    entries: 10_000,
    exitCode: run.code,
    seconds: round(run.ms / 1000),
    peakRssMiB: mib(run.peakKb),
    secrets: server.secretNames().length,
  }
  console.log(
    `import 10,000 entries: exit ${run.code} in ${(run.ms / 1000).toFixed(1)} s, peak resident memory ${mib(run.peakKb)} MiB (target < 200 MB)`,
  )
  await server.close()
}

writeFileSync(join(root, 'bench', 'import-results.json'), `${JSON.stringify(results, null, 2)}\n`)
rmSync(home, {recursive: true, force: true})

function round(value: number): number {
  return Math.round(value * 100) / 100
}

function mib(kb: number | undefined): number | undefined {
  return kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10
}
