import {SecretsmithCommand} from '../base-command.js'
import {passwordFlags, passwordOptionsFromFlags} from '../input/value-flags.js'
import {writeRevealed} from '../output/reveal-value.js'

export default class Generate extends SecretsmithCommand<typeof Generate> {
  static override summary =
    'Print a random password (GetRandomPassword on the aws store; node:crypto on the local store).'
  static override description =
    'The options mirror Secrets Manager GetRandomPassword. To store a generated value directly, use create or put with --generate: the value then never passes through your shell.'

  static override examples = [
    '<%= config.bin %> <%= command.id %> --store local',
    '<%= config.bin %> <%= command.id %> --length 24 --exclude-punctuation',
    {
      description: 'Leave out characters that need escaping in JSON and shell strings',
      command: `<%= config.bin %> <%= command.id %> --store local --length 64 --exclude-characters '"\\\`'`,
    },
  ]

  static override flags = {...passwordFlags}

  async run() {
    const store = await this.store()
    const password = await store.randomPassword(passwordOptionsFromFlags(this.flags))
    if (this.jsonEnabled()) return {password: password.revealText(), length: password.byteLength}
    writeRevealed({text: password.revealText()})
  }
}
