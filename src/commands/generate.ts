import {SecretsmithCommand} from '../base-command.js'
import {passwordFlags, passwordOptionsFromFlags} from '../input/value-flags.js'
import {writeRevealed} from '../output/reveal-value.js'
import {generatePassword} from '../password.js'

export default class Generate extends SecretsmithCommand<typeof Generate> {
  static override summary = 'Print a random password, made on this machine: no store, no network.'
  static override description =
    "The options mirror Secrets Manager GetRandomPassword, and the password is drawn with node:crypto's randomInt (uniform), exactly as create and put --generate draw theirs, whichever store is chosen. To store a generated value directly, use create or put with --generate: the value then never passes through your shell."

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --length 24 --exclude-punctuation',
    {
      description: 'Leave out characters that need escaping in JSON and shell strings',
      command: `<%= config.bin %> <%= command.id %> --length 64 --exclude-characters '"\\\`'`,
    },
  ]

  static override flags = {...passwordFlags}

  async run() {
    // Never this.store(): a password needs neither credentials nor a region (the local store
    // would draw the same way, and GetRandomPassword would only add a network call).
    const password = generatePassword(passwordOptionsFromFlags(this.flags))
    if (this.jsonEnabled()) return {password: password.revealText(), length: password.byteLength}
    writeRevealed({text: password.revealText()})
  }
}
