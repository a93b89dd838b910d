// PEM framing (RFC 7468): BEGIN/END lines with matching labels around a base64 body, with
// the legacy "Proc-Type/DEK-Info" headers of OpenSSL's encrypted keys allowed. Used by the
// ssh-key and tls-certificate schemas. Problems are described by block number and label,
// never by content. A label is part of the value too (anything can follow "-----BEGIN "), so
// a message names it only when it is one of the well-known labels below.

export interface PemBlock {
  label: string
  der: Buffer
  /** Legacy OpenSSL encryption headers ("Proc-Type: 4,ENCRYPTED"). */
  encryptedHeaders: boolean
  /** The block's text, BEGIN to END, for node:crypto. */
  text: string
}

export type PemParseResult = {ok: true; blocks: PemBlock[]} | {ok: false; problem: string}

const BEGIN = /^-----BEGIN ([A-Z0-9 ]+)-----\s*$/
const END = /^-----END ([A-Z0-9 ]+)-----\s*$/

export function parsePemBlocks(text: string): PemParseResult {
  const lines = text.replaceAll('\r\n', '\n').split('\n')
  const blocks: PemBlock[] = []
  let open: {label: string; start: number; body: string[]; headers: boolean; inHeaders: boolean} | undefined

  for (const [index, raw] of lines.entries()) {
    const line = raw.trim()
    const begin = BEGIN.exec(line)
    const end = END.exec(line)
    if (begin) {
      if (open)
        return {
          ok: false,
          problem: `block ${blocks.length + 1} (${pemLabelName(open.label)}) has no END line before the next BEGIN line`,
        }
      open = {label: begin[1], start: index, body: [], headers: false, inHeaders: true}
      continue
    }

    if (end) {
      if (!open) return {ok: false, problem: `an END line (${pemLabelName(end[1])}) has no BEGIN line`}
      if (end[1] !== open.label) {
        const [begins, ends] = [open.label, end[1]].map((label) => pemLabelName(label))
        const problem =
          begins === ends
            ? 'has different unrecognised labels on its BEGIN and END lines'
            : `begins as ${begins} but ends as ${ends}`
        return {ok: false, problem: `block ${blocks.length + 1} ${problem}`}
      }

      const base64 = open.body.join('')
      if (base64 === '')
        return {ok: false, problem: `block ${blocks.length + 1} (${pemLabelName(open.label)}) is empty`}
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 !== 0) {
        return {
          ok: false,
          problem: `block ${blocks.length + 1} (${pemLabelName(open.label)}) has a body that is not valid base64`,
        }
      }

      blocks.push({
        label: open.label,
        der: Buffer.from(base64, 'base64'),
        encryptedHeaders: open.headers,
        text: `${lines
          .slice(open.start, index + 1)
          .map((part) => part.trim())
          .join('\n')}\n`,
      })
      open = undefined
      continue
    }

    if (!open) continue // RFC 7468 allows explanatory text between blocks (e.g. openssl's "Bag Attributes")
    if (open.inHeaders && /^[A-Za-z-]+:/.test(line)) {
      open.headers = true
      continue
    }

    if (open.inHeaders && line === '' && open.headers) {
      open.inHeaders = false
      continue
    }

    open.inHeaders = false
    if (line !== '') open.body.push(line.replaceAll(/\s+/g, ''))
  }

  if (open) return {ok: false, problem: `block ${blocks.length + 1} (${pemLabelName(open.label)}) has no END line`}
  if (blocks.length === 0) return {ok: false, problem: 'no -----BEGIN ...----- line was found (is this PEM?)'}
  return {ok: true, blocks}
}

export const PRIVATE_KEY_LABELS = new Set([
  'PRIVATE KEY',
  'ENCRYPTED PRIVATE KEY',
  'RSA PRIVATE KEY',
  'EC PRIVATE KEY',
  'DSA PRIVATE KEY',
  'OPENSSH PRIVATE KEY',
])

/** Labels from RFC 7468 and the common legacy OpenSSL and OpenSSH ones: the only labels a message may name. */
const KNOWN_PEM_LABELS: ReadonlySet<string> = new Set([
  'CERTIFICATE',
  'TRUSTED CERTIFICATE',
  'ATTRIBUTE CERTIFICATE',
  'X509 CRL',
  'CERTIFICATE REQUEST',
  'NEW CERTIFICATE REQUEST',
  'PKCS7',
  'CMS',
  'PUBLIC KEY',
  'RSA PUBLIC KEY',
  'EC PARAMETERS',
  'DH PARAMETERS',
  'X942 DH PARAMETERS',
  ...PRIVATE_KEY_LABELS,
])

/** The label for a message: "CERTIFICATE", or "an unrecognised label" for one that could be anything. */
function pemLabelName(label: string): string {
  return KNOWN_PEM_LABELS.has(label) ? label : 'an unrecognised label'
}

/** "is labelled PUBLIC KEY" or "has an unrecognised label", to follow "block 2" or "its PEM block". */
export function pemLabelClause(label: string): string {
  return KNOWN_PEM_LABELS.has(label) ? `is labelled ${label}` : 'has an unrecognised label'
}
