// Audit benchmark: `secretsmith audit` over an account of 1,000 secrets on the loopback test
// server, through the real binary and the real AWS SDK. Reports wall time and API calls per
// secret counted at the server (target without --check-values: at most 1.1, i.e. ListSecrets
// pages plus one GetResourcePolicy per secret plus DescribeSecret for replicated secrets only).
// The wall time is mostly GetResourcePolicy paced below its 50-per-second quota, by design.
// Loads the TypeScript test server through tsx (a development dependency).
import {spawn} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = join(root, 'bin', 'run.js')
const DAY_MS = 86_400_000
const TARGET_CALLS_PER_SECRET = 1.1

/** Runs the audit case; returns its figures (also printed). */
export async function benchAudit({secrets = Number(process.env.BENCH_AUDIT_SECRETS ?? 1000)} = {}) {
  const {register} = await import('tsx/esm/api')
  const unregister = register()
  const {startFakeSecretsManager} = await import('../test/support/fake-secrets-manager.ts')
  const home = mkdtempSync(join(tmpdir(), 'secretsmith-bench-audit-'))
  const server = await startFakeSecretsManager({region: 'eu-west-1', accountId: '123456789012'})
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    SECRETSMITH_HOME: join(home, 'store'),
    SECRETSMITH_KEYCHAIN: 'off',
    AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH0',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    CI: 'true',
  }
  writeFileSync(env.AWS_CONFIG_FILE, '')
  writeFileSync(env.AWS_SHARED_CREDENTIALS_FILE, '')
  try {
    await populate(server, env, secrets)
    const results = []
    for (const extra of [[], ['--check-values']]) {
      const mark = server.calls.length
      const started = process.hrtime.bigint()
      const result = await runAsync(
        [bin, 'audit', '--store', 'aws', '--endpoint-url', server.url, '--json', ...extra],
        env,
      )
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (result.code !== 0) throw new Error(`audit ${extra.join(' ')} exited ${result.code}: ${result.stderr}`)
      const calls = server.calls.slice(mark)
      const byOperation = {}
      for (const call of calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1
      const report = JSON.parse(result.stdout)
      results.push({
        case: `audit${extra.length ? ` ${extra.join(' ')}` : ''}`,
        secrets: report.summary.secrets,
        wallMs: ms,
        calls: calls.length,
        callsPerSecret: calls.length / report.summary.secrets,
        byOperation,
      })
    }

    console.log('')
    console.log(
      `audit benchmark: ${secrets.toLocaleString('en-US')} secrets on the loopback test server, Node ${process.version}`,
    )
    console.log('')
    console.log(
      `${'case'.padEnd(30)}${'wall s'.padStart(9)}${'calls'.padStart(8)}${'calls/secret'.padStart(14)}  calls by operation`,
    )
    for (const figures of results) {
      const operations = Object.entries(figures.byOperation)
        .map(([operation, count]) => `${operation} ${count}`)
        .join(', ')
      console.log(
        `${figures.case.padEnd(30)}${(figures.wallMs / 1000).toFixed(1).padStart(9)}${String(figures.calls).padStart(8)}${figures.callsPerSecret.toFixed(3).padStart(14)}  ${operations}`,
      )
    }

    const plain = results[0]
    console.log('')
    console.log(
      `calls per secret without --check-values: ${plain.callsPerSecret.toFixed(3)} (target ≤ ${TARGET_CALLS_PER_SECRET}: ${plain.callsPerSecret <= TARGET_CALLS_PER_SECRET ? 'met' : 'NOT met'})`,
    )
    return results
  } finally {
    await server.close()
    rmSync(home, {recursive: true, force: true})
    await unregister()
  }
}

/**
 * An account shaped like a real one: most secrets rotated on schedule, some stale, never
 * rotated or unused, 2% replicated (their replica status needs DescribeSecret), 5% with a
 * resource policy, a few database secrets. Created through the real SDK, 16 at a time.
 */
async function populate(server, env, count) {
  const saved = {...process.env}
  Object.assign(process.env, env)
  const {openAwsStore} = await import('../dist/stores/aws.js')
  const {SecretValue} = await import('../dist/secret-value.js')
  const store = await openAwsStore({endpointUrl: server.url})
  const now = Date.now()
  try {
    let next = 0
    const worker = async () => {
      while (next < count) {
        const index = next++
        const name = `bench/app-${String(index).padStart(4, '0')}`
        const value =
          index % 10 === 0
            ? JSON.stringify({engine: 'postgres', host: 'db.internal', username: `app${index}`, password: randomUUID()})
            : randomUUID()
        await store.create({
          name,
          value: SecretValue.fromText(value),
          clientRequestToken: randomUUID(),
          tags: index % 7 === 0 ? [] : [{key: 'owner', value: `team-${index % 5}`}],
          ...(index % 50 === 0 ? {replicaRegions: ['us-west-2']} : {}),
        })
        const rotated = index % 4 === 0 ? undefined : now - (index % 60) * DAY_MS
        server.adjust(name, {
          created: now - 200 * DAY_MS,
          lastAccessed: now - (index % 120) * DAY_MS,
          lastRotated: rotated ?? null,
          ...(rotated
            ? {
                rotation: {
                  enabled: index % 3 !== 0,
                  lambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:rotate',
                  rules: {AutomaticallyAfterDays: 30},
                },
                nextRotation: rotated + 30 * DAY_MS,
              }
            : {}),
          ...(index % 20 === 0
            ? {
                policy: JSON.stringify({
                  Version: '2012-10-17',
                  Statement: [
                    {
                      Effect: 'Allow',
                      Principal: index % 40 === 0 ? '*' : {AWS: 'arn:aws:iam::444455556666:root'},
                      Action: 'secretsmanager:GetSecretValue',
                      Resource: '*',
                    },
                  ],
                }),
              }
            : {}),
        })
      }
    }

    await Promise.all(Array.from({length: 16}, worker))
  } finally {
    await store.close()
    for (const key of Object.keys(env)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

/** Async, so the test server in this process keeps answering while the binary runs. */
function runAsync(args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']})
    const out = []
    const err = []
    child.stdout.on('data', (chunk) => out.push(chunk))
    child.stderr.on('data', (chunk) => err.push(chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      resolvePromise({code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')}),
    )
  })
}

if (import.meta.url === `file://${process.argv[1]}`) await benchAudit()
