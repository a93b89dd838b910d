// doctor's pure rules (address classes, history settings, credential sources) and the config
// file: validation that never repeats a value, and the precedence flag > environment > context
// > file defaults > built-in.
import assert from 'node:assert/strict'

import {layerSettings, parseConfig} from '../../src/config.js'
import {credentialSource} from '../../src/doctor/credential-source.js'
import {ignoresSpacePrefixed, profilesWithCliHistory} from '../../src/doctor/history-settings.js'
import {classifyAddress, classifyAddresses} from '../../src/doctor/network-class.js'
import {type DoctorContext, doctorExitCode, runDoctor} from '../../src/doctor/run-doctor.js'
import {UsageError} from '../../src/errors.js'
import {CANARY, makeTempDir} from '../support/run-cli.js'

describe('doctor rules', () => {
  it('classifies VPC endpoint addresses as private and the public endpoint as public', () => {
    assert.equal(classifyAddress('10.0.3.17'), 'private')
    assert.equal(classifyAddress('172.31.0.9'), 'private')
    assert.equal(classifyAddress('192.168.1.1'), 'private')
    assert.equal(classifyAddress('fd12:3456::1'), 'private')
    assert.equal(classifyAddress('127.0.0.1'), 'loopback')
    assert.equal(classifyAddress('52.94.76.10'), 'public')
    assert.equal(
      classifyAddresses(['10.0.0.5', '52.94.76.10']),
      'public',
      'one public answer is enough to leave the VPC',
    )
  })

  it('finds cli_history enabled in any profile of ~/.aws/config', () => {
    assert.deepEqual(
      profilesWithCliHistory(
        '[default]\nregion = eu-west-1\ncli_history = enabled\n[profile prod]\ncli_history=disabled\n',
      ),
      ['default'],
    )
    assert.deepEqual(profilesWithCliHistory('[profile ci]\n  cli_history = ENABLED  # on\n'), ['ci'])
    assert.deepEqual(profilesWithCliHistory('# cli_history = enabled\n'), [])
  })

  it('knows when bash or zsh keep space-prefixed commands out of history', () => {
    assert.equal(ignoresSpacePrefixed('bash', 'export HISTCONTROL=ignoreboth\n'), true)
    assert.equal(ignoresSpacePrefixed('bash', 'HISTCONTROL=ignoredups\n'), false)
    assert.equal(ignoresSpacePrefixed('bash', '', 'ignorespace:erasedups'), true)
    assert.equal(ignoresSpacePrefixed('zsh', 'setopt HIST_IGNORE_SPACE\n'), true)
    assert.equal(ignoresSpacePrefixed('zsh', 'setopt share_history histignorespace\n'), true)
    assert.equal(ignoresSpacePrefixed('zsh', '# setopt HIST_IGNORE_SPACE\n'), false)
  })

  it('names the credential source in the SDK chain order', () => {
    assert.equal(credentialSource({env: {AWS_ACCESS_KEY_ID: 'AKIDX', AWS_SECRET_ACCESS_KEY: 'x'}}).kind, 'environment')
    assert.equal(credentialSource({profile: 'p', env: {}, configText: '[profile p]\nsso_session = corp\n'}).kind, 'sso')
    assert.match(credentialSource({profile: 'missing', env: {}}).label, /not found/)
    assert.equal(credentialSource({env: {AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds'}}).kind, 'container')
    assert.equal(credentialSource({env: {}}).kind, 'instance')
  })
})

describe('doctor with fake probes', () => {
  async function doctorWith(addresses: string[], overrides: Partial<DoctorContext> = {}) {
    const dir = await makeTempDir()
    try {
      return await runDoctor({
        env: {HOME: dir.path, SHELL: '/bin/zsh', SECRETSMITH_KEYCHAIN: 'off', AWS_CONFIG_FILE: `${dir.path}/none`},
        nodeVersion: 'v22.11.0',
        storeOptions: {},
        settings: {store: {value: 'aws', source: 'built-in default'}},
        dataDir: `${dir.path}/store`,
        cacheDir: `${dir.path}/cache`,
        resolveHost: async () => addresses,
        connect: async () => 12,
        probeKeychain: async () => {},
        callerIdentity: async () => ({account: '123456789012', arn: 'arn:aws:iam::123456789012:user/dev'}),
        awsSettings: async () => ({
          region: 'eu-west-1',
          endpoint: 'https://secretsmanager.eu-west-1.amazonaws.com',
          credentials: async () => ({}),
        }),
        ...overrides,
      })
    } finally {
      await dir.remove()
    }
  }

  it('passes a private (VPC endpoint) resolution and warns on a public one with the fix', async () => {
    const privateRun = await doctorWith(['10.0.1.23'])
    assert.equal(privateRun.find((check) => check.id === 'endpoint')?.status, 'pass')
    const publicRun = await doctorWith(['52.94.76.10'])
    const endpoint = publicRun.find((check) => check.id === 'endpoint')!
    assert.equal(endpoint.status, 'warn')
    assert.match(endpoint.fix!, /VPC interface endpoint/)
    assert.equal(doctorExitCode(publicRun), 0, 'warnings do not fail')
  })

  it('fails with exit 7 when credentials do not resolve on the aws store, and only warns when the local store is the default', async () => {
    const failing = {
      awsSettings: async () => ({
        region: 'eu-west-1',
        endpoint: 'https://x.example',
        credentials: async () => Promise.reject(new Error(CANARY)),
      }),
    }
    const run = await doctorWith(['10.0.0.1'], failing)
    const credentials = run.find((check) => check.id === 'aws-credentials')!
    assert.equal(credentials.status, 'fail')
    assert.equal(doctorExitCode(run), 7)
    assert.ok(!JSON.stringify(run).includes(CANARY), 'foreign error text is never shown')
    const local = await doctorWith(['10.0.0.1'], {
      ...failing,
      settings: {store: {value: 'local', source: 'flag --store'}},
    })
    assert.equal(local.find((check) => check.id === 'aws-credentials')!.status, 'warn')
    assert.equal(doctorExitCode(local), 0)
  })

  it('reports an unreachable endpoint as exit 6', async () => {
    const run = await doctorWith(['10.0.0.1'], {
      connect: async () => Promise.reject(Object.assign(new Error('x'), {code: 'ECONNREFUSED'})),
    })
    assert.equal(run.find((check) => check.id === 'endpoint-reachable')!.status, 'fail')
    assert.equal(doctorExitCode(run), 6)
  })
})

describe('the config file', () => {
  const path = '/home/me/.config/secretsmith/config.json'

  it('accepts defaults and contexts of known settings', () => {
    const config = parseConfig(
      JSON.stringify({
        defaults: {store: 'local', cacheTtl: 60},
        contexts: {
          prod: {
            store: 'aws',
            region: 'eu-west-1',
            profile: 'prod',
            endpointUrl: 'https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com',
            strict: true,
          },
        },
      }),
      path,
    )
    assert.equal(config.contexts.prod.region, 'eu-west-1')
    assert.equal(config.defaults.cacheTtl, 60)
  })

  it('refuses a value-looking entry, naming the file and the key but never the value', () => {
    for (const bad of [
      {defaults: {password: CANARY}},
      {defaults: {profile: 'Xy7#kLm9!qWe2$rTy5^uIo'}},
      {contexts: {prod: {region: 'AKIAABCDEFGHIJKLMNOP'}}},
      {defaults: {store: CANARY}},
    ]) {
      assert.throws(
        () => parseConfig(JSON.stringify(bad), path),
        (error: Error) =>
          error instanceof UsageError &&
          error.message.includes(path) &&
          !error.message.includes(CANARY) &&
          !error.message.includes('Xy7#') &&
          !error.message.includes('AKIAABCD'),
        JSON.stringify(Object.keys(bad)),
      )
    }
  })

  it('layers flag over environment over context over the file defaults over the built-in default', () => {
    const config = parseConfig(
      JSON.stringify({
        defaults: {store: 'local', region: 'us-east-1', profile: 'dev'},
        contexts: {prod: {store: 'aws', region: 'eu-west-1'}},
      }),
      path,
    )
    const base = {flags: {store: 'aws', region: 'ap-south-1'}, env: {}, config}
    assert.deepEqual(layerSettings({...base, givenFlags: new Set()}).fromConfig, {
      store: 'local',
      region: 'us-east-1',
      profile: 'dev',
    })
    const withContext = layerSettings({...base, givenFlags: new Set(), context: {name: 'prod', from: '--context'}})
    assert.equal(withContext.settings.store.value, 'aws')
    assert.match(withContext.settings.store.source, /context prod/)
    assert.equal(withContext.settings.profile.value, 'dev', 'the context falls back to the file defaults')
    const withEnv = layerSettings({
      ...base,
      givenFlags: new Set(),
      env: {AWS_REGION: 'ca-central-1'},
      context: {name: 'prod', from: '--context'},
    })
    assert.deepEqual(withEnv.settings.region, {value: 'ca-central-1', source: 'environment AWS_REGION'})
    assert.equal(withEnv.fromConfig.region, undefined, 'the environment is left to the SDK')
    const withFlag = layerSettings({...base, givenFlags: new Set(['region']), env: {AWS_REGION: 'ca-central-1'}})
    assert.deepEqual(withFlag.settings.region, {value: 'ap-south-1', source: 'flag --region'})
    assert.deepEqual(layerSettings({flags: {store: 'aws'}, env: {}, givenFlags: new Set()}).settings.store, {
      value: 'aws',
      source: 'built-in default',
    })
  })

  it('names the known contexts when an unknown one is asked for', () => {
    const config = parseConfig(JSON.stringify({contexts: {prod: {store: 'aws'}}}), path)
    assert.throws(
      () =>
        layerSettings({
          flags: {},
          env: {},
          givenFlags: new Set(),
          config,
          context: {name: 'stage', from: 'SECRETSMITH_CONTEXT'},
        }),
      /No context stage .*known: prod/,
    )
  })
})
