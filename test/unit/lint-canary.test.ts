// Invariant 2 for the checks: no error, warning or --json finding ever contains the value,
// a field's value, or the part of the metadata that matched. The canary goes into every
// field of every schema, into broken JSON, and into the name, description and tags.
import assert from 'node:assert/strict'

import {checkSecretSync} from '../../src/lint/check-secret.js'
import {listSchemas} from '../../src/schemas/registry.js'
import {setJsonField} from '../../src/schemas/patch.js'
import {parseJsonObjectOrThrow} from '../../src/schemas/json-value.js'
import {SecretValue} from '../../src/secret-value.js'

const CANARY = 'CANARY-7f3a9c-DO-NOT-LEAK'
const FRAGMENTS = [CANARY, '7f3a9c', 'DO-NOT-LEAK']

function assertNoCanary(what: unknown, context: string): void {
  // Case-insensitive: a PEM label can hold the canary only in capitals ("CANARY 7F3A9C DO NOT LEAK").
  const text = JSON.stringify(what).toLowerCase()
  for (const fragment of FRAGMENTS)
    assert.ok(!text.includes(fragment.toLowerCase()), `${context}: found "${fragment}" in ${text}`)
}

/** PEM text whose labels carry the canary, one for each way the framing can be wrong. */
const CANARY_LABEL = 'CANARY 7F3A9C DO NOT LEAK'
const BODY = Buffer.from('not a real key or certificate').toString('base64')
const CANARY_LABELLED_PEM = [
  `-----BEGIN ${CANARY_LABEL}-----\n${BODY}\n-----END ${CANARY_LABEL}-----\n`, // well-formed, wrong label
  `-----BEGIN ${CANARY_LABEL}-----\n${BODY}\n`, // no END line
  `-----BEGIN ${CANARY_LABEL}-----\n${BODY}\n-----END CERTIFICATE-----\n`, // labels differ
  `-----BEGIN CERTIFICATE-----\n${BODY}\n-----END ${CANARY_LABEL}-----\n`,
  `-----BEGIN ${CANARY_LABEL}-----\n${BODY}\n-----END ${CANARY_LABEL} TOO-----\n`,
  `${BODY}\n-----END ${CANARY_LABEL}-----\n`, // END without BEGIN
  `-----BEGIN ${CANARY_LABEL}-----\n-----END ${CANARY_LABEL}-----\n`, // empty
  `-----BEGIN ${CANARY_LABEL}-----\n!!!!\n-----END ${CANARY_LABEL}-----\n`, // not base64
  `-----BEGIN ${CANARY_LABEL}-----\n${BODY}\n-----BEGIN CERTIFICATE-----\n${BODY}\n-----END CERTIFICATE-----\n`, // BEGIN before END
]

const metadata = {
  name: `team/${CANARY}`,
  description: `the password is ${CANARY}; pw: ${CANARY} hint: ${CANARY} postgres://u:${CANARY}@h/db`,
  tags: [
    {key: 'note', value: CANARY},
    {key: CANARY, value: 'x'},
    {key: 'password-hint', value: `${CANARY}`},
  ],
}

describe('findings never contain the value', () => {
  it('finds the leaks (so the canary check is not vacuous)', () => {
    const result = checkSecretSync({value: SecretValue.fromText(CANARY), ...metadata})
    const rules = new Set(result.warnings.map((finding) => finding.ruleId))
    for (const rule of ['metadata-contains-value', 'metadata-password-hint', 'metadata-credential-shape'])
      assert.ok(rules.has(rule), rule)
    assertNoCanary(result, 'text value')
  })

  for (const schema of listSchemas()) {
    it(`schema ${schema.name}: every field set to the canary, plus sensitive extras`, () => {
      const object: Record<string, unknown> = {}
      for (const field of schema.fields) object[field.name] = CANARY
      Object.assign(object, {
        passwordHint: CANARY,
        secQuestion1: CANARY,
        recovery_codes: [CANARY],
        notes: `otpauth://totp/x?secret=${CANARY}`,
        port: CANARY,
      })
      const result = checkSecretSync({
        schema: schema.name,
        value: SecretValue.fromText(JSON.stringify(object)),
        ...metadata,
      })
      assert.ok(result.warnings.length > 0)
      assertNoCanary(result, schema.name)
    })

    it(`schema ${schema.name}: the canary in broken JSON, a JSON string and binary`, () => {
      for (const text of [
        `{"password": ${CANARY}}`,
        `{"a": "${CANARY}",}`,
        `"${CANARY}"`,
        `{'${CANARY}': 1}`,
        `{"a": "${CANARY}`,
      ]) {
        assertNoCanary(
          checkSecretSync({schema: schema.name, value: SecretValue.fromText(text)}),
          `${schema.name} ${text}`,
        )
      }

      assertNoCanary(
        checkSecretSync({schema: schema.name, value: SecretValue.fromBinary(Buffer.from(`\u00ff${CANARY}`, 'latin1'))}),
        'binary',
      )
    })

    it(`schema ${schema.name}: the canary in every field of a wrong type`, () => {
      const object: Record<string, unknown> = {engine: [CANARY], host: {CANARY}, port: {CANARY}}
      for (const field of schema.fields) object[field.name] ??= [CANARY]
      assertNoCanary(
        checkSecretSync({schema: schema.name, value: SecretValue.fromText(JSON.stringify(object))}),
        schema.name,
      )
    })
  }

  for (const schema of listSchemas().filter((each) => each.fields.some((field) => field.type === 'pem'))) {
    it(`schema ${schema.name}: the canary as a PEM label, which is part of the value, is never named`, () => {
      let unrecognised = 0
      for (const pem of CANARY_LABELLED_PEM) {
        const object: Record<string, unknown> = {}
        for (const field of schema.fields) if (field.type === 'pem') object[field.name] = pem
        const result = checkSecretSync({schema: schema.name, value: SecretValue.fromText(JSON.stringify(object))})
        assert.ok(
          result.errors.some((finding) => finding.ruleId === 'pem-framing' || /PEM|block/.test(finding.message)),
          `${schema.name}: ${JSON.stringify(result.errors)}`,
        )
        if (JSON.stringify(result).includes('an unrecognised label')) unrecognised++
        assertNoCanary(result, `${schema.name} ${pem.slice(0, 60)}`)
      }

      assert.ok(unrecognised > 0, 'the label is described, not quoted')
    })
  }

  it('patching a field of a broken or non-object value says where, not what', () => {
    for (const current of [`{"a": ${CANARY}}`, `["${CANARY}"]`, `"${CANARY}"`]) {
      assert.throws(
        () => setJsonField(SecretValue.fromText(current), 'password', SecretValue.fromText(CANARY)),
        (error: Error) => {
          assertNoCanary(error.message, current)
          return true
        },
      )
    }

    assert.throws(
      () => parseJsonObjectOrThrow(SecretValue.fromText(`{"x": '${CANARY}'}`)),
      (error: Error) => !error.message.includes(CANARY),
    )
  })
})
