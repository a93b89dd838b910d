#!/usr/bin/env node
// Start-up benchmark: runs each command and a bare `node -e 0` interleaved, round after
// round, in one process tree on the same machine, and prints medians and ratios against the
// baseline. Ratios, not absolute times, are the target (ROADMAP: within 2–3x of node -e 0),
// because the machines are shared and noisy. Uses a throwaway local store, key file mode.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const root = resolve(import.meta.dirname, '..')
const bin = join(root, 'bin', 'run.js')
const rounds = Number(process.env.BENCH_ROUNDS ?? 15)
const home = mkdtempSync(join(tmpdir(), 'secretsmith-bench-'))
const env = {
  PATH: process.env.PATH,
  HOME: home,
  SECRETSMITH_HOME: join(home, 'store'),
  SECRETSMITH_KEYCHAIN: 'off',
  CI: 'true',
}

function run(args, input) {
  const started = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, {cwd: root, env, input: input ?? '', encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

// Prepare a secret to read.
run([bin, 'create', 'bench/secret', '--store', 'local', '--from-stdin'], 'bench-value')

const cases = [
  ['node -e 0 (baseline)', ['-e', '0']],
  // The floor any oclif command pays before secretsmith's own code runs.
  ['import @oclif/core (floor)', ['--input-type=module', '-e', "await import('@oclif/core')"]],
  ['secretsmith --version', [bin, '--version']],
  ['secretsmith get --store local', [bin, 'get', 'bench/secret', '--store', 'local']],
  ['secretsmith generate --store local', [bin, 'generate', '--store', 'local']],
  ['secretsmith put --store local', [bin, 'put', 'bench/secret', '--store', 'local', '--from-stdin'], () => `v-${Math.random()}`],
  ['secretsmith create --help', [bin, 'create', '--help']],
]

const samples = cases.map(() => [])
for (const [i] of cases.entries()) run(cases[i][1], cases[i][2]?.()) // warm the file cache
for (let round = 0; round < rounds; round++) {
  for (const [i, [, args, input]] of cases.entries()) samples[i].push(run(args, input?.()))
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

const baseline = median(samples[0])
console.log(`secretsmith start-up benchmark: ${rounds} interleaved rounds, Node ${process.version}, medians`)
console.log('')
console.log(`${'case'.padEnd(38)}${'median ms'.padStart(10)}${'× node -e 0'.padStart(14)}`)
for (const [i, [label]] of cases.entries()) {
  const m = median(samples[i])
  console.log(`${label.padEnd(38)}${m.toFixed(1).padStart(10)}${(m / baseline).toFixed(2).padStart(14)}`)
}

rmSync(home, {recursive: true, force: true})

// --- Cached `get` against the AWS test server ------------------------------------------------
// The client-side cache's target: a `get` served from the cache costs within 10 % of
// `get --store local` (both read one sealed file under a key from a key file; a hit loads no
// AWS SDK and makes no call). The loopback Secrets Manager runs in a child process (it is
// TypeScript, loaded through tsx); every timed read must be a cache hit, which is checked.
{
  const {spawn} = await import('node:child_process')
  const cacheHome = mkdtempSync(join(tmpdir(), 'secretsmith-bench-cache-'))
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `
      const {startFakeSecretsManager} = await import(${JSON.stringify(join(root, 'test', 'support', 'fake-secrets-manager.ts'))})
      const server = await startFakeSecretsManager({region: 'eu-west-1'})
      console.log(server.url)
      process.stdin.resume()
      process.stdin.on('end', async () => { console.log('calls ' + JSON.stringify(server.calls.map((call) => call.operation))); await server.close() })`],
    {cwd: root, stdio: ['pipe', 'pipe', 'inherit']},
  )
  let serverOutput = ''
  server.stdout.on('data', (chunk) => (serverOutput += chunk))
  while (!/\n/.test(serverOutput)) await new Promise((resolve) => setTimeout(resolve, 20))
  const url = serverOutput.trim()
  const awsEnv = {
    ...env,
    HOME: cacheHome,
    SECRETSMITH_HOME: join(cacheHome, 'store'),
    AWS_ACCESS_KEY_ID: 'AKIDBENCHBENCHBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret-access-key',
    AWS_REGION: 'eu-west-1',
    AWS_CONFIG_FILE: join(cacheHome, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(cacheHome, 'aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  }
  const runIn = (environment, args, input) => {
    const started = process.hrtime.bigint()
    const result = spawnSync(process.execPath, args, {cwd: root, env: environment, input: input ?? '', encoding: 'utf8'})
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`)
    return Number(process.hrtime.bigint() - started) / 1e6
  }

  const localEnv = {...env, HOME: cacheHome, SECRETSMITH_HOME: join(cacheHome, 'local')}
  const aws = ['--store', 'aws', '--endpoint-url', url]
  runIn(localEnv, [bin, 'create', 'bench/cached', '--store', 'local', '--from-stdin'], 'bench-value')
  runIn(awsEnv, [bin, 'create', 'bench/cached', ...aws, '--from-stdin'], 'bench-value')
  runIn(awsEnv, [bin, 'get', 'bench/cached', ...aws]) // the one miss: fills the cache
  const pair = [
    ['secretsmith get --store local', localEnv, [bin, 'get', 'bench/cached', '--store', 'local']],
    ['secretsmith get --store aws (cached)', awsEnv, [bin, 'get', 'bench/cached', ...aws]],
  ]
  for (const [, environment, args] of pair) runIn(environment, args) // warm the file cache
  const timings = pair.map(() => [])
  for (let round = 0; round < rounds; round++) for (const [i, [, environment, args]] of pair.entries()) timings[i].push(runIn(environment, args))

  server.stdin.end()
  await new Promise((resolve) => server.on('close', resolve))
  const calls = JSON.parse(serverOutput.split('\n').find((line) => line.startsWith('calls '))?.slice(6) ?? '[]')
  const gets = calls.filter((operation) => operation === 'GetSecretValue').length
  const [local, cached] = timings.map(median)
  console.log('')
  console.log(`client-side cache: ${rounds} interleaved rounds, medians (target: cached within 10 % of local)`)
  for (const [i, [label]] of pair.entries()) console.log(`${label.padEnd(38)}${median(timings[i]).toFixed(1).padStart(10)}`)
  console.log(`${'cached / local'.padEnd(38)}${(cached / local).toFixed(2).padStart(10)}`)
  console.log(`GetSecretValue calls at the test server: ${gets} (1 expected: the warm-up miss; every timed read a hit)`)
  rmSync(cacheHome, {recursive: true, force: true})
}
