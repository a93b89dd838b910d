// Reading private keys and SSH public keys for the ssh-key and tls-certificate schemas, with
// node:crypto. Failures come back as our own one-line problems: node's and OpenSSL's error
// texts are never passed on (they are not known to quote key material, but they are not ours
// to promise about either).
import {type KeyObject, createPrivateKey, createPublicKey} from 'node:crypto'

import {PRIVATE_KEY_LABELS, type PemBlock, parsePemBlocks, pemLabelClause} from './pem.js'

export type PrivateKeyRead =
  | {ok: true; block: PemBlock; key?: KeyObject; openssh?: OpenSshPrivateKeyHeader}
  | {ok: false; problem: string; ruleId: string}

/**
 * One PEM private key. PKCS#1/PKCS#8/SEC1 keys are parsed by node:crypto (decrypted with the
 * passphrase when given); OpenSSH keys are checked for their magic and header, which carry
 * the public key in the clear even when the private part is encrypted.
 */
export function readPrivateKey(
  text: string,
  passphrase: string | undefined,
  options: {allowOpenSsh: boolean},
): PrivateKeyRead {
  const parsed = parsePemBlocks(text)
  if (!parsed.ok) return {ok: false, problem: `is not a PEM private key: ${parsed.problem}`, ruleId: 'pem-framing'}
  if (parsed.blocks.length !== 1) {
    return {
      ok: false,
      problem: `must hold exactly one PEM block (found ${parsed.blocks.length})`,
      ruleId: 'pem-framing',
    }
  }

  const [block] = parsed.blocks
  if (!PRIVATE_KEY_LABELS.has(block.label)) {
    return {
      ok: false,
      problem: `must be a private key, but its PEM block ${pemLabelClause(block.label)}`,
      ruleId: 'pem-framing',
    }
  }

  if (block.label === 'OPENSSH PRIVATE KEY') {
    if (!options.allowOpenSsh) {
      return {
        ok: false,
        problem: 'is an OpenSSH key; TLS needs a PEM (PKCS#8 or PKCS#1/SEC1) private key',
        ruleId: 'pem-framing',
      }
    }

    const header = parseOpenSshPrivateKey(block.der)
    if (!header)
      return {
        ok: false,
        problem: 'has OpenSSH framing but its content is not an openssh-key-v1 key',
        ruleId: 'pem-framing',
      }
    return {ok: true, block, openssh: header}
  }

  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || block.encryptedHeaders
  if (encrypted && passphrase === undefined) {
    return {ok: false, problem: "is encrypted; put its passphrase in the 'passphrase' field", ruleId: 'key-passphrase'}
  }

  try {
    const key = createPrivateKey({key: block.text, format: 'pem', ...(encrypted ? {passphrase} : {})})
    return {ok: true, block, key}
  } catch {
    return encrypted
      ? {ok: false, problem: "could not be decrypted with the 'passphrase' field", ruleId: 'key-passphrase'}
      : {ok: false, problem: 'has PEM framing but is not a readable private key', ruleId: 'pem-framing'}
  }
}

export interface OpenSshPrivateKeyHeader {
  cipher: string
  /** The first key's public blob, in SSH wire format. */
  publicBlob: Buffer
}

const OPENSSH_MAGIC = Buffer.from('openssh-key-v1\0', 'latin1')

/** The clear-text header of an openssh-key-v1 blob, or undefined when it is not one. */
function parseOpenSshPrivateKey(der: Buffer): OpenSshPrivateKeyHeader | undefined {
  if (!der.subarray(0, OPENSSH_MAGIC.length).equals(OPENSSH_MAGIC)) return undefined
  const reader = new SshWireReader(der, OPENSSH_MAGIC.length)
  const cipher = reader.string()?.toString('latin1')
  const kdf = reader.string()
  const kdfOptions = reader.string()
  const count = reader.uint32()
  const publicBlob = reader.string()
  if (cipher === undefined || !kdf || !kdfOptions || count === undefined || count < 1 || !publicBlob) return undefined
  return {cipher, publicBlob}
}

const SSH_PUBLIC_KEY_TYPES = new Set([
  'ssh-rsa',
  'ssh-dss',
  'ssh-ed25519',
  'ssh-ed448',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
])

export type SshPublicKeyRead = {ok: true; type: string; blob: Buffer} | {ok: false; problem: string}

/** An authorized_keys-style line: "<type> <base64 blob> [comment]". */
export function readSshPublicKey(text: string): SshPublicKeyRead {
  const line = text.trim()
  if (line.includes('\n')) return {ok: false, problem: 'must be a single line: "<type> <base64> [comment]"'}
  const match = /^(\S+)\s+([A-Za-z0-9+/]+={0,2})(?:\s.*)?$/.exec(line)
  if (!match) return {ok: false, problem: 'must look like "<type> <base64> [comment]", e.g. an id_ed25519.pub line'}
  if (!SSH_PUBLIC_KEY_TYPES.has(match[1]))
    return {ok: false, problem: 'has an unknown key type (expected ssh-ed25519, ssh-rsa, ecdsa-sha2-…)'}
  const blob = Buffer.from(match[2], 'base64')
  const embeddedType = new SshWireReader(blob, 0).string()?.toString('latin1')
  if (embeddedType !== match[1]) return {ok: false, problem: 'has a key blob that does not match its key type'}
  return {ok: true, type: match[1], blob}
}

/** A node KeyObject's public half in SSH wire format, to compare with an SSH public key. */
export function sshPublicBlobOf(key: KeyObject): Buffer | undefined {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key
  const jwk = publicKey.export({format: 'jwk'})
  const fromBase64Url = (value: string | undefined) => Buffer.from(value ?? '', 'base64url')
  switch (publicKey.asymmetricKeyType) {
    case 'ed25519': {
      return Buffer.concat([sshString('ssh-ed25519'), sshString(fromBase64Url(jwk.x))])
    }

    case 'rsa': {
      return Buffer.concat([sshString('ssh-rsa'), sshMpint(fromBase64Url(jwk.e)), sshMpint(fromBase64Url(jwk.n))])
    }

    case 'ec': {
      const curve = ({'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521'} as Record<string, string>)[
        jwk.crv ?? ''
      ]
      if (!curve) return undefined
      const point = Buffer.concat([Buffer.from([4]), fromBase64Url(jwk.x), fromBase64Url(jwk.y)])
      return Buffer.concat([sshString(`ecdsa-sha2-${curve}`), sshString(curve), sshString(point)])
    }

    default: {
      return undefined
    }
  }
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'latin1') : value
  const length = Buffer.alloc(4)
  length.writeUInt32BE(bytes.length)
  return Buffer.concat([length, bytes])
}

function sshMpint(unsigned: Buffer): Buffer {
  let start = 0
  while (start < unsigned.length - 1 && unsigned[start] === 0) start++
  const trimmed = unsigned.subarray(start)
  // A set high bit would read as negative: SSH mpints get a leading zero byte then.
  return sshString(trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

class SshWireReader {
  constructor(
    private readonly buffer: Buffer,
    private offset: number,
  ) {}

  uint32(): number | undefined {
    if (this.offset + 4 > this.buffer.length) return undefined
    const value = this.buffer.readUInt32BE(this.offset)
    this.offset += 4
    return value
  }

  string(): Buffer | undefined {
    const length = this.uint32()
    if (length === undefined || this.offset + length > this.buffer.length) return undefined
    const value = this.buffer.subarray(this.offset, this.offset + length)
    this.offset += length
    return value
  }
}
