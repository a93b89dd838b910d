// The field-name and content classifier behind the sensitive-field warning: tokenising
// every casing convention, recognising each access-recovery category, and leaving ordinary
// names (and words that merely contain a fragment) alone.
import assert from 'node:assert/strict'

import {classifyFieldContent, classifyFieldName, tokenizeFieldName} from '../../src/lint/sensitive-fields.js'
import {
  looksLikePasswordHintText,
  looksLikeRecoveryCodes,
  looksLikeSecurityQuestion,
} from '../../src/lint/sensitive-text.js'

describe('sensitive field names', () => {
  it('splits camelCase, PascalCase, snake_case, kebab-case, acronyms and digits into tokens', () => {
    assert.deepEqual(tokenizeFieldName('passwordHint'), ['password', 'hint'])
    assert.deepEqual(tokenizeFieldName('password_hint'), ['password', 'hint'])
    assert.deepEqual(tokenizeFieldName('pwd-hint'), ['pwd', 'hint'])
    assert.deepEqual(tokenizeFieldName('secQuestion1'), ['sec', 'question', '1'])
    assert.deepEqual(tokenizeFieldName('MFASecret'), ['mfa', 'secret'])
    assert.deepEqual(tokenizeFieldName('PASSWORD_HINT'), ['password', 'hint'])
    assert.deepEqual(tokenizeFieldName('totp.seed'), ['totp', 'seed'])
  })

  const expected: Array<[string, string]> = [
    ['passwordHint', 'password-hint'],
    ['Password_Hint', 'password-hint'],
    ['pwd-hint', 'password-hint'],
    ['PWHINT', 'password-hint'],
    ['passwordhint', 'password-hint'],
    ['pw_reminder', 'password-hint'],
    ['secQuestion1', 'security-question'],
    ['security_answer_2', 'security-question'],
    ['SecurityQuestions', 'security-question'],
    ['challengeAnswer', 'security-question'],
    ['secq', 'security-question'],
    ['recovery_codes', 'recovery-code'],
    ['backupCodes', 'recovery-code'],
    ['scratch-codes', 'recovery-code'],
    ['recoveryEmail', 'recovery-code'],
    ['resetToken', 'recovery-code'],
    ['mnemonic', 'recovery-code'],
    ['pin', 'pin'],
    ['PIN', 'pin'],
    ['simPin', 'pin'],
    ['pin_code', 'pin'],
    ['puk', 'pin'],
    ['mfa_secret', 'mfa-seed'],
    ['totpSeed', 'mfa-seed'],
    ['otp', 'mfa-seed'],
    ['2faBackup', 'mfa-seed'],
    ['twoFactorSecret', 'mfa-seed'],
    ['authenticatorKey', 'mfa-seed'],
    ['oldPassword', 'previous-password'],
    ['previous_password', 'previous-password'],
    ['password_prev', 'previous-password'],
    ['former-pwd', 'previous-password'],
    ['passwordHistory', 'previous-password'],
    ['mothersMaidenName', 'personal-answer'],
    ['maiden_name', 'personal-answer'],
    ['firstPetName', 'personal-answer'],
    ['first_school', 'personal-answer'],
    ['cityOfBirth', 'personal-answer'],
    ['memorableWord', 'personal-answer'],
  ]
  for (const [name, category] of expected) {
    it(`flags ${name} as ${category}`, () => {
      assert.equal(classifyFieldName(name), category)
    })
  }

  const ordinary = [
    'password',
    'username',
    'host',
    'port',
    'apiKey',
    'clientSecret',
    'spinner',
    'passenger',
    'hinterland',
    'pinned',
    'pin-sha256',
    'mfaEnabled',
    'otpLength',
    'lastPasswordChange',
    'passwordMinLength',
    'backupRetentionDays',
    'disasterRecoveryRegion',
    'backup',
    'region',
    'firstName',
    // Profile data and settings, not answers or secrets.
    'favoriteColor',
    'fav',
    'dob',
    'hint_enabled',
    'answer_timeout_ms',
    'recovery_mode',
    'pinLength',
  ]
  for (const name of ordinary) {
    it(`leaves ${name} alone`, () => {
      assert.equal(classifyFieldName(name), undefined)
    })
  }
})

describe('sensitive field content', () => {
  it('recognises an otpauth:// URI whatever the field is called', () => {
    assert.equal(classifyFieldContent('notes', 'see otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP'), 'mfa-seed')
  })

  it('recognises a base32 seed only under an MFA-ish name', () => {
    assert.equal(classifyFieldContent('mfa', 'JBSWY3DPEHPK3PXP'), 'mfa-seed')
    assert.equal(classifyFieldContent('seed', 'jbsw-y3dp-ehpk-3pxp'), 'mfa-seed')
    assert.equal(classifyFieldContent('bucket', 'JBSWY3DPEHPK3PXP'), undefined)
  })

  it('recognises lists of recovery codes as arrays or text, and not lists of names', () => {
    assert.equal(looksLikeRecoveryCodes(['1a2b3-4c5d6', '7e8f9-0a1b2', '3c4d5-6e7f8', '9a0b1-2c3d4']), true)
    assert.equal(classifyFieldContent('codes', '12345678, 23456789, 34567890, 45678901'), 'recovery-code')
    assert.equal(looksLikeRecoveryCodes(['alpha', 'beta', 'gamma', 'delta']), false)
    assert.equal(
      looksLikeRecoveryCodes(['1234-5678', '2345-6789', '3456-7890']),
      false,
      'three are not a list of codes',
    )
    assert.equal(
      looksLikeRecoveryCodes(['1234-5678', '2345-6789', '3456-7890', '45678-90123']),
      false,
      'codes share one shape',
    )
  })

  it('recognises personal security questions, not operational ones', () => {
    assert.equal(looksLikeSecurityQuestion('What was the name of your first pet?'), true)
    assert.equal(looksLikeSecurityQuestion('In what city were you born?'), true)
    assert.equal(looksLikeSecurityQuestion('Who to call when the DB is down?'), false)
    assert.equal(
      looksLikeSecurityQuestion('What was the name of your first pet'),
      false,
      'not a question without the mark',
    )
  })

  it('recognises hint-like text and not descriptions of how a password is handled', () => {
    for (const text of [
      'hint: dog',
      'pw: hunter2',
      'password=abc123',
      "The password is my dog's name",
      'same as the old one',
      'password starts with a capital P',
    ]) {
      assert.equal(looksLikePasswordHintText(text), true, text)
    }

    for (const text of [
      'Primary DB for billing',
      'The password is rotated every 30 days',
      'password: see the vault',
      'Password for the billing DB',
      'Passwords are generated by Secrets Manager',
    ]) {
      assert.equal(looksLikePasswordHintText(text), false, text)
    }
  })

  it('ignores numbers, booleans and short ordinary strings', () => {
    assert.equal(classifyFieldContent('port', 5432), undefined)
    assert.equal(classifyFieldContent('enabled', true), undefined)
    assert.equal(classifyFieldContent('notes', 'rotated monthly'), undefined)
  })
})
