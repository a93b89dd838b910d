// A TLS certificate with its private key: the certificate chain in PEM (leaf first, then
// intermediates) and the key that belongs to the leaf. Checked with node:crypto: every block
// parses as X.509, the key reads (decrypted with the passphrase if it is encrypted) and
// matches the leaf (X509Certificate.checkPrivateKey). An out-of-order chain and an expired
// leaf are warnings: the secret is still well-formed, but probably not what was meant.
import {X509Certificate} from 'node:crypto'

import {readPrivateKey} from './key-material.js'
import {parsePemBlocks, pemLabelClause} from './pem.js'
import type {SecretSchema} from './schema.js'
import {fieldIssue} from './field-rules.js'

export const tlsCertificateSchema: SecretSchema = {
  name: 'tls-certificate',
  summary: 'A TLS certificate chain and its private key, in PEM; the key must match the certificate.',
  kind: 'json',
  fields: [
    {
      name: 'certificate',
      required: true,
      secret: false,
      type: 'pem',
      description: 'PEM certificate chain: the leaf certificate first, then any intermediates.',
    },
    {
      name: 'privateKey',
      required: true,
      secret: true,
      type: 'pem',
      description: 'PEM private key of the leaf certificate.',
    },
    {name: 'passphrase', required: false, secret: true, description: 'Passphrase of an encrypted private key.'},
  ],
  example: {
    certificate:
      '-----BEGIN CERTIFICATE-----\n<leaf, base64>\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n<intermediate, base64>\n-----END CERTIFICATE-----\n',
    privateKey: '-----BEGIN PRIVATE KEY-----\n<base64>\n-----END PRIVATE KEY-----\n',
  },
  validator: (z) =>
    z
      .looseObject({
        certificate: z.string().min(1),
        privateKey: z.string().min(1),
        passphrase: z.string().optional(),
      })
      .superRefine((value, context) => {
        const certificates = readCertificateChain(value.certificate)
        if (!certificates.ok) {
          context.addIssue(fieldIssue('certificate', certificates.problem, 'pem-framing'))
        }

        const privateKey = readPrivateKey(value.privateKey, value.passphrase, {allowOpenSsh: false})
        if (!privateKey.ok) {
          context.addIssue(fieldIssue('privateKey', privateKey.problem, privateKey.ruleId))
        }

        if (!certificates.ok) return
        const [leaf, ...rest] = certificates.chain
        if (privateKey.ok && privateKey.key && !leaf.checkPrivateKey(privateKey.key)) {
          const matching = rest.findIndex((certificate) => certificate.checkPrivateKey(privateKey.key!))
          context.addIssue(
            fieldIssue(
              'privateKey',
              matching === -1
                ? "does not match the certificate in 'certificate'"
                : `matches certificate ${matching + 2} of 'certificate', not the first: put the leaf certificate first`,
              'tls-key-mismatch',
            ),
          )
        }

        for (let index = 0; index < certificates.chain.length - 1; index++) {
          if (!certificates.chain[index].checkIssued(certificates.chain[index + 1])) {
            context.addIssue(
              fieldIssue(
                'certificate',
                `is out of order: certificate ${index + 2} did not issue certificate ${index + 1} (expected leaf first, then each issuer)`,
                'tls-chain-order',
                'warning',
              ),
            )
            break
          }
        }

        if (new Date(leaf.validTo).getTime() < Date.now()) {
          context.addIssue(
            fieldIssue(
              'certificate',
              `holds a leaf certificate that expired on ${new Date(leaf.validTo).toISOString().slice(0, 10)}`,
              'tls-expired',
              'warning',
            ),
          )
        }
      }),
}

type ChainRead = {ok: true; chain: X509Certificate[]} | {ok: false; problem: string}

function readCertificateChain(text: string): ChainRead {
  const parsed = parsePemBlocks(text)
  if (!parsed.ok) return {ok: false, problem: `is not a PEM certificate chain: ${parsed.problem}`}
  const chain: X509Certificate[] = []
  for (const [index, block] of parsed.blocks.entries()) {
    if (block.label !== 'CERTIFICATE') {
      return {
        ok: false,
        problem: block.label.includes('PRIVATE KEY')
          ? `holds a private key (block ${index + 1}); put it in 'privateKey' instead`
          : `block ${index + 1} ${pemLabelClause(block.label)}, not CERTIFICATE`,
      }
    }

    try {
      chain.push(new X509Certificate(block.der))
    } catch {
      return {ok: false, problem: `block ${index + 1} is not a valid X.509 certificate`}
    }
  }

  return {ok: true, chain}
}
