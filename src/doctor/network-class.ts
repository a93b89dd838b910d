// Whether an endpoint's addresses keep traffic on a private network: AWS recommends reaching
// Secrets Manager through a VPC interface endpoint, whose private DNS name resolves to private
// addresses, rather than over the internet. Pure: classifies addresses, resolves nothing.
// https://docs.aws.amazon.com/secretsmanager/latest/userguide/vpc-endpoint-overview.html
import {BlockList, isIP} from 'node:net'

export type AddressClass = 'private' | 'loopback' | 'public'

const PRIVATE = new BlockList()
// RFC 1918, RFC 6598 shared address space (carrier-grade NAT), and IPv6 unique local addresses.
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4')
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4')
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4')
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4')
PRIVATE.addSubnet('fc00::', 7, 'ipv6')

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

export function classifyAddress(address: string): AddressClass {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
  if (LOOPBACK.check(address, family)) return 'loopback'
  if (PRIVATE.check(address, family)) return 'private'
  return 'public'
}

/** All private (or loopback) → private; any public address → public: one public answer is enough to leave the VPC. */
export function classifyAddresses(addresses: string[]): AddressClass {
  const classes = addresses.map((address) => classifyAddress(address))
  if (classes.includes('public')) return 'public'
  return classes.every((kind) => kind === 'loopback') ? 'loopback' : 'private'
}
