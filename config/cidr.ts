/** A parsed IPv4 CIDR block. */
export interface Ipv4Block {
  /** The network address as an unsigned 32-bit integer. */
  readonly network: number;
  /** The prefix length, 0-32. */
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses an IPv4 CIDR such as `10.0.0.0/16`.
 *
 * Returns `undefined` for anything malformed, including host bits set after the prefix
 * (`10.0.0.1/16`), which AWS rejects for VPCs and subnets.
 */
export function parseCidr(cidr: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255) || prefixLength > 32) return undefined;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((address & ~maskOf(prefixLength)) >>> 0 !== 0) return undefined;
  return { network: address, prefixLength };
}

/** Formats a block back to `a.b.c.d/n`. */
export function formatCidr(block: Ipv4Block): string {
  const a = block.network;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${block.prefixLength}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  if (inner.prefixLength < outer.prefixLength) return false;
  return (inner.network & maskOf(outer.prefixLength)) >>> 0 === outer.network;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/**
 * The `index`-th subnet of `newBits` extra prefix bits inside `block`, like Terraform's `cidrsubnet()`.
 *
 * @throws Error when the subnet would fall outside the block.
 */
export function cidrSubnet(block: Ipv4Block, newBits: number, index: number): Ipv4Block {
  const prefixLength = block.prefixLength + newBits;
  if (prefixLength > 32 || index < 0 || index >= 2 ** newBits) {
    throw new Error(`cidrSubnet: index ${index} with ${newBits} new bits does not fit in ${formatCidr(block)}`);
  }
  return { network: (block.network + index * 2 ** (32 - prefixLength)) >>> 0, prefixLength };
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
}
