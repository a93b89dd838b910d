// Validation against each schema family: what passes, what fails, and that every failure
// names the field and the rule. SSH and TLS use the throwaway keys in test/fixtures/keys.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'

import {checkSecretSync} from '../../src/lint/check-secret.js'
import {SecretValue} from '../../src/secret-value.js'

const fixture = (name: string) => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8')
const json = (object: unknown) => SecretValue.fromText(JSON.stringify(object))
const errorsOf = (schema: string, object: unknown) =>
  checkSecretSync({schema, value: json(object)}).errors.map((finding) => `${finding.ruleId}@${finding.location}`)
const warningsOf = (schema: string, object: unknown) =>
  checkSecretSync({schema, value: json(object)}).warnings.map((finding) => `${finding.ruleId}@${finding.location}`)

describe('schema validation', () => {
  describe('database credentials', () => {
    const base = {engine: 'postgres', host: 'db.example.internal', username: 'app', password: 'n7Qv!e2Lp0sX'}

    it('accepts the minimal layout and the port as a number or a string of digits', () => {
      assert.deepEqual(errorsOf('rds-postgres', base), [])
      assert.deepEqual(errorsOf('rds-postgres', {...base, port: 5432}), [])
      assert.deepEqual(errorsOf('rds-postgres', {...base, port: '5432'}), [])
    })

    it('reports every missing required field by name', () => {
      assert.deepEqual(errorsOf('rds-postgres', {}).sort(), [
        'schema-required@value.engine',
        'schema-required@value.host',
        'schema-required@value.password',
        'schema-required@value.username',
      ])
    })

    it('names the rule in the message, and the allowed engine value', () => {
      const [engine] = checkSecretSync({schema: 'rds-sqlserver', value: json({...base, engine: 'mssql'})}).errors
      assert.equal(engine.message, `Field 'engine' must be "sqlserver".`)
      const [port] = checkSecretSync({schema: 'rds-postgres', value: json({...base, port: 0})}).errors
      assert.match(port.message, /^Field 'port' must be a TCP port/)
      const [empty] = checkSecretSync({schema: 'rds-postgres', value: json({...base, password: ''})}).errors
      assert.equal(empty.message, "Field 'password' must not be empty.")
    })

    it('rejects ports that are not whole numbers in range', () => {
      for (const port of [0, 65_536, 5432.5, '54a2', '', true, -1]) {
        assert.deepEqual(errorsOf('rds-postgres', {...base, port}), ['schema-port@value.port'], String(port))
      }
    })

    it('checks masterarn is a Secrets Manager secret ARN', () => {
      assert.deepEqual(
        errorsOf('rds-postgres', {
          ...base,
          masterarn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbCdEf',
        }),
        [],
      )
      assert.deepEqual(errorsOf('rds-postgres', {...base, masterarn: 'arn:aws:iam::123456789012:role/admin'}), [
        'schema-arn@value.masterarn',
      ])
    })

    it('accepts DocumentDB ssl as a boolean or "true"/"false", nothing else', () => {
      const docdb = {...base, engine: 'mongo'}
      for (const ssl of [true, false, 'true', 'false']) assert.deepEqual(errorsOf('documentdb', {...docdb, ssl}), [])
      assert.deepEqual(errorsOf('documentdb', {...docdb, ssl: 'yes'}), ['schema-boolean@value.ssl'])
    })

    it('reports invalid JSON by line and column only', () => {
      const [finding] = checkSecretSync({
        schema: 'rds-postgres',
        value: SecretValue.fromText('{\n  "engine": "postgres",\n  "password": s3cret\n}'),
      }).errors
      assert.equal(finding.ruleId, 'invalid-json')
      assert.match(finding.message, /line 3, column 15/)
      assert.doesNotMatch(finding.message, /s3cret/)
    })
  })

  describe('key-value and generic', () => {
    it('key-value takes a flat object of strings only', () => {
      assert.deepEqual(errorsOf('key-value', {a: 'x', b: 'y'}), [])
      assert.deepEqual(errorsOf('key-value', {a: 'x', nested: {b: 'y'}}), ['schema-type@value.nested'])
      assert.deepEqual(
        checkSecretSync({schema: 'key-value', value: SecretValue.fromText('plain text')}).errors.map(
          (finding) => finding.ruleId,
        ),
        ['invalid-json'],
      )
    })

    it('generic takes any text or binary', () => {
      assert.deepEqual(checkSecretSync({schema: 'generic', value: SecretValue.fromText('not { json')}).errors, [])
      assert.deepEqual(
        checkSecretSync({schema: 'generic', value: SecretValue.fromBinary(Buffer.from([0, 1, 2, 255]))}).errors,
        [],
      )
    })

    it('looks inside a generic value only when it is a JSON object: not an array, a string, binary or broken JSON', () => {
      const sensitive = (value: SecretValue) =>
        checkSecretSync({schema: 'generic', value})
          .warnings.filter((finding) => finding.ruleId === 'sensitive-field')
          .map((finding) => finding.location)
      assert.deepEqual(sensitive(SecretValue.fromText(' \n\t{"passwordHint": "first dog"}\n')), ['value.passwordHint'])
      for (const text of [
        '[{"passwordHint": "first dog"}]',
        '"passwordHint"',
        '{"passwordHint": first dog}',
        '\uFEFF{"passwordHint": "first dog"}',
        'null',
      ]) {
        assert.deepEqual(sensitive(SecretValue.fromText(text)), [], text)
      }

      assert.deepEqual(sensitive(SecretValue.fromBinary(Buffer.from('{"passwordHint": "first dog"}'))), [])
    })

    it('refuses an empty value and one over 65,536 bytes', () => {
      assert.deepEqual(
        checkSecretSync({value: SecretValue.fromText('')}).errors.map((finding) => finding.ruleId),
        ['value-empty'],
      )
      assert.deepEqual(
        checkSecretSync({value: SecretValue.fromText('x'.repeat(65_537))}).errors.map((finding) => finding.ruleId),
        ['value-too-large'],
      )
    })
  })

  describe('ssh-key', () => {
    it('accepts an OpenSSH key with its public key, an encrypted one, and a PEM RSA key', () => {
      assert.deepEqual(
        errorsOf('ssh-key', {privateKey: fixture('ssh_ed25519'), publicKey: fixture('ssh_ed25519.pub')}),
        [],
      )
      assert.deepEqual(
        errorsOf('ssh-key', {
          privateKey: fixture('ssh_ed25519_encrypted'),
          passphrase: 'fixture-passphrase',
          publicKey: fixture('ssh_ed25519_encrypted.pub'),
        }),
        [],
      )
      assert.deepEqual(
        errorsOf('ssh-key', {privateKey: fixture('ssh_rsa_pem'), publicKey: fixture('ssh_rsa_pem.pub')}),
        [],
      )
    })

    it('refuses a public key that belongs to another private key', () => {
      assert.deepEqual(errorsOf('ssh-key', {privateKey: fixture('ssh_ed25519'), publicKey: fixture('ssh_other.pub')}), [
        'ssh-key-mismatch@value.publicKey',
      ])
      assert.deepEqual(
        errorsOf('ssh-key', {privateKey: fixture('ssh_rsa_pem'), publicKey: fixture('ssh_ed25519.pub')}),
        ['ssh-key-mismatch@value.publicKey'],
      )
    })

    it('checks the PEM framing: labels, END lines, base64 and the openssh-key-v1 magic', () => {
      const key = fixture('ssh_ed25519')
      const broken = [
        key.replace('-----END OPENSSH PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----'),
        key.replace('-----END OPENSSH PRIVATE KEY-----', ''),
        key.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'),
        'ssh-ed25519 AAAA not a private key',
        fixture('leaf.crt'),
        `-----BEGIN OPENSSH PRIVATE KEY-----\n${Buffer.from('not-openssh-at-all').toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`,
      ]
      for (const privateKey of broken)
        assert.deepEqual(errorsOf('ssh-key', {privateKey}), ['pem-framing@value.privateKey'], privateKey.slice(0, 40))
    })

    it('checks the public key line', () => {
      for (const publicKey of [
        'ssh-ed25519',
        'ssh-foo AAAAC3NzaC1lZDI1NTE5AAAAIA== x',
        `ssh-rsa ${fixture('ssh_ed25519.pub').split(' ')[1]}`,
      ]) {
        assert.deepEqual(
          errorsOf('ssh-key', {privateKey: fixture('ssh_ed25519'), publicKey}),
          ['ssh-public-key@value.publicKey'],
          publicKey,
        )
      }
    })
  })

  describe('tls-certificate', () => {
    const chain = fixture('leaf.crt') + fixture('ca.crt')

    it('accepts a chain with the matching key, plain or encrypted with its passphrase', () => {
      assert.deepEqual(errorsOf('tls-certificate', {certificate: chain, privateKey: fixture('leaf.key')}), [])
      assert.deepEqual(warningsOf('tls-certificate', {certificate: chain, privateKey: fixture('leaf.key')}), [])
      assert.deepEqual(
        errorsOf('tls-certificate', {
          certificate: chain,
          privateKey: fixture('leaf-encrypted.key'),
          passphrase: 'fixture-passphrase',
        }),
        [],
      )
    })

    it('refuses a key that does not match the certificate (checkPrivateKey)', () => {
      assert.deepEqual(errorsOf('tls-certificate', {certificate: chain, privateKey: fixture('other.key')}), [
        'tls-key-mismatch@value.privateKey',
      ])
    })

    it('says so when the key matches a later certificate: the leaf must come first', () => {
      const [finding] = checkSecretSync({
        schema: 'tls-certificate',
        value: json({certificate: fixture('expired.crt') + fixture('leaf.crt'), privateKey: fixture('leaf.key')}),
      }).errors
      assert.equal(finding.ruleId, 'tls-key-mismatch')
      assert.match(finding.message, /certificate 2/)
    })

    it('asks for the passphrase of an encrypted key, and reports a wrong one', () => {
      assert.deepEqual(errorsOf('tls-certificate', {certificate: chain, privateKey: fixture('leaf-encrypted.key')}), [
        'key-passphrase@value.privateKey',
      ])
      assert.deepEqual(
        errorsOf('tls-certificate', {
          certificate: chain,
          privateKey: fixture('leaf-encrypted.key'),
          passphrase: 'wrong',
        }),
        ['key-passphrase@value.privateKey'],
      )
    })

    it('warns about a chain out of order and an expired leaf', () => {
      assert.deepEqual(
        warningsOf('tls-certificate', {
          certificate: fixture('ca.crt') + fixture('leaf.crt'),
          privateKey: fixture('other.key'),
        }),
        ['tls-chain-order@value.certificate'],
      )
      assert.deepEqual(
        warningsOf('tls-certificate', {certificate: fixture('expired.crt'), privateKey: fixture('expired.key')}),
        ['tls-expired@value.certificate'],
      )
      assert.deepEqual(
        errorsOf('tls-certificate', {certificate: fixture('expired.crt'), privateKey: fixture('expired.key')}),
        [],
      )
    })

    it('refuses a private key in the certificate field, a non-certificate block and an OpenSSH key', () => {
      assert.deepEqual(
        errorsOf('tls-certificate', {certificate: fixture('leaf.key'), privateKey: fixture('leaf.key')}),
        ['pem-framing@value.certificate'],
      )
      const garbage = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'
      assert.deepEqual(errorsOf('tls-certificate', {certificate: garbage, privateKey: fixture('leaf.key')}), [
        'pem-framing@value.certificate',
      ])
      assert.deepEqual(errorsOf('tls-certificate', {certificate: chain, privateKey: fixture('ssh_ed25519')}), [
        'pem-framing@value.privateKey',
      ])
    })

    it('names a well-known PEM label in a message, and calls any other label unrecognised (a label is part of the value)', () => {
      const body = Buffer.from('not a real key').toString('base64')
      const block = (label: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
      const messages = (certificate: string) =>
        checkSecretSync({schema: 'tls-certificate', value: json({certificate, privateKey: certificate})}).errors.map(
          (finding) => finding.message,
        )
      assert.deepEqual(messages(block('PUBLIC KEY')), [
        "Field 'certificate' block 1 is labelled PUBLIC KEY, not CERTIFICATE.",
        "Field 'privateKey' must be a private key, but its PEM block is labelled PUBLIC KEY.",
      ])
      assert.deepEqual(messages(block('MY TEAM SECRET 42')), [
        "Field 'certificate' block 1 has an unrecognised label, not CERTIFICATE.",
        "Field 'privateKey' must be a private key, but its PEM block has an unrecognised label.",
      ])
      assert.match(messages(`-----BEGIN X509 CRL-----\n${body}\n`)[0], /block 1 \(X509 CRL\) has no END line/)
      assert.match(
        messages(`-----BEGIN MY LABEL-----\n${body}\n`)[0],
        /block 1 \(an unrecognised label\) has no END line/,
      )
    })
  })

  describe('API credentials', () => {
    it('api-key needs the key; the endpoint must be https', () => {
      assert.deepEqual(errorsOf('api-key', {apiKey: 'k'}), [])
      assert.deepEqual(errorsOf('api-key', {}), ['schema-required@value.apiKey'])
      assert.deepEqual(errorsOf('api-key', {apiKey: 'k', endpoint: 'not a url'}), ['schema-url@value.endpoint'])
    })

    it('oauth-client needs id, secret and an https token URL', () => {
      assert.deepEqual(
        errorsOf('oauth-client', {clientId: 'a', clientSecret: 'b', tokenUrl: 'https://auth.example.com/token'}),
        [],
      )
      assert.deepEqual(errorsOf('oauth-client', {clientId: 'a', clientSecret: 'b'}), ['schema-required@value.tokenUrl'])
      assert.deepEqual(
        errorsOf('oauth-client', {clientId: 'a', clientSecret: 'b', tokenUrl: 'http://auth.example.com/token'}),
        ['schema-url@value.tokenUrl'],
      )
    })
  })
})
