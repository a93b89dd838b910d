// An SSH key pair: the private key (OpenSSH or PEM), its optional passphrase, and optionally
// the public key. The framing is validated (PEM labels and base64, the openssh-key-v1
// header), and when the public key is given it must be the private key's own.
import {readPrivateKey, readSshPublicKey, sshPublicBlobOf} from './key-material.js'
import type {SecretSchema} from './schema.js'
import {fieldIssue} from './field-rules.js'

export const sshKeySchema: SecretSchema = {
  name: 'ssh-key',
  summary: 'An SSH private key (OpenSSH or PEM), optional passphrase and public key.',
  kind: 'json',
  fields: [
    {
      name: 'privateKey',
      required: true,
      secret: true,
      type: 'pem',
      description: 'The private key file content (-----BEGIN OPENSSH PRIVATE KEY----- or PEM).',
    },
    {name: 'passphrase', required: false, secret: true, description: 'Passphrase of an encrypted private key.'},
    {
      name: 'publicKey',
      required: false,
      secret: false,
      type: 'ssh-public-key',
      description: 'The public key line (e.g. the content of id_ed25519.pub).',
    },
  ],
  example: {
    privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\n<base64>\n-----END OPENSSH PRIVATE KEY-----\n',
    passphrase: '<passphrase, if the key is encrypted>',
    publicKey: 'ssh-ed25519 <base64> <comment>',
  },
  validator: (z) =>
    z
      .looseObject({
        privateKey: z.string().min(1),
        passphrase: z.string().optional(),
        publicKey: z.string().min(1).optional(),
      })
      .superRefine((value, context) => {
        const privateKey = readPrivateKey(value.privateKey, value.passphrase, {allowOpenSsh: true})
        if (!privateKey.ok) {
          context.addIssue(fieldIssue('privateKey', privateKey.problem, privateKey.ruleId))
        }

        if (value.publicKey === undefined) return
        const publicKey = readSshPublicKey(value.publicKey)
        if (!publicKey.ok) {
          context.addIssue(fieldIssue('publicKey', publicKey.problem, 'ssh-public-key'))
          return
        }

        if (!privateKey.ok) return
        const privateBlob =
          privateKey.openssh?.publicBlob ?? (privateKey.key ? sshPublicBlobOf(privateKey.key) : undefined)
        if (privateBlob && !privateBlob.equals(publicKey.blob)) {
          context.addIssue(fieldIssue('publicKey', "is not the public half of 'privateKey'", 'ssh-key-mismatch'))
        }
      }),
}
