import {spawnSync} from 'node:child_process'
import {startFakeSecretsManager} from './test/support/fake-secrets-manager.ts'
const fake = await startFakeSecretsManager({region: 'eu-west-1'})
const env = {PATH: process.env.PATH!, HOME: '/tmp/nohome', AWS_ACCESS_KEY_ID: 'AKIDTEST', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', CI: 'true'}
const run = (args: string[], input?: string) => { const r = spawnSync('node', ['bin/dev.js', ...args, '--store', 'aws', '--endpoint-url', fake.url], {env, input, encoding: 'utf8'}); console.log('$', args.join(' '), '→', r.status); console.log('stdout:', JSON.stringify(r.stdout)); console.log('stderr:', r.stderr) }
run(['create', 'demo/api-key', '--from-stdin'], 'CANARY-7f3a9c-DO-NOT-LEAK\n')
run(['put', 'demo/api-key', '--from-stdin', '--debug'], 'CANARY-2\n')
run(['get', 'demo/api-key'])
run(['describe', 'demo/api-key'])
run(['list'])
run(['get', 'nope'])
fake.throttle()
run(['get', 'demo/api-key', '--max-attempts', '2'])
fake.clearFaults()
run(['delete', 'demo/api-key', '--yes'])
run(['restore', 'demo/api-key'])
run(['generate', '--length', '20'])
await fake.close()
