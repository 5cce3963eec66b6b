// IPv4 CIDR arithmetic for the network invariants, including Terraform's cidrsubnet().

export interface Ipv4Range {
  /** First address as an unsigned 32-bit number. */
  start: number;
  prefix: number;
}

export function parseCidr(cidr: string): Ipv4Range {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`Not an IPv4 CIDR block: ${cidr}`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) {
    throw new Error(`Not an IPv4 CIDR block: ${cidr}`);
  }
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  const size = 2 ** (32 - prefix);
  if (address % size !== 0) throw new Error(`Host bits set in ${cidr}`);
  return { start: address, prefix };
}

export function formatCidr(range: Ipv4Range): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(range.start / 2 ** shift) % 256);
  return `${octets.join('.')}/${range.prefix}`;
}

function size(range: Ipv4Range): number {
  return 2 ** (32 - range.prefix);
}

/** Terraform's cidrsubnet(prefix, newbits, netnum). */
export function cidrsubnet(cidr: string, newbits: number, netnum: number): string {
  const base = parseCidr(cidr);
  const prefix = base.prefix + newbits;
  if (prefix > 32) throw new Error(`cidrsubnet: ${cidr} has no room for ${newbits} more bits`);
  if (netnum < 0 || netnum >= 2 ** newbits) {
    throw new Error(`cidrsubnet: netnum ${netnum} does not fit in ${newbits} bits`);
  }
  return formatCidr({ start: base.start + netnum * 2 ** (32 - prefix), prefix });
}

export function cidrContains(outer: string, inner: string): boolean {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  return b.prefix >= a.prefix && b.start >= a.start && b.start + size(b) <= a.start + size(a);
}

export function cidrsOverlap(first: string, second: string): boolean {
  const a = parseCidr(first);
  const b = parseCidr(second);
  return a.start < b.start + size(b) && b.start < a.start + size(a);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

/** True for any IPv4 range reaching beyond the RFC 1918 private ranges, and for any IPv6 range. */
export function reachesInternet(cidr: string): boolean {
  if (cidr.includes(':')) return true;
  return !PRIVATE_RANGES.some((privateRange) => cidrContains(privateRange, cidr));
}
