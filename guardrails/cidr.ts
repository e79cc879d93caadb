/** An IPv4 or IPv6 CIDR block as the range of addresses it covers. */
export interface CidrRange {
  /** As written, for messages. */
  readonly text: string;
  readonly family: 4 | 6;
  /** Prefix length: 0 for `0.0.0.0/0`. */
  readonly prefix: number;
  /** First address, as an integer. */
  readonly first: bigint;
  /** Last address, as an integer. */
  readonly last: bigint;
}

/**
 * The widest single block that is not world exposure, per family. An IPv4 /8 (16.7 million addresses) is the
 * largest block ever allocated to one organisation; anything wider spans unrelated networks. In IPv6 the
 * Regional Internet Registries' minimum allocation to an ISP (a Local Internet Registry) is a /32, so a prefix
 * shorter than /32 spans more than one provider's whole address space.
 */
export const NARROWEST_WORLD_PREFIX: Readonly<Record<4 | 6, number>> = { 4: 8, 6: 32 };

// Address space no internet host is in: private, shared (CGNAT), loopback, link-local; ULA and link-local in IPv6.
const NON_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"]
  .concat(["fc00::/7", "fe80::/10", "::1/128"])
  .map((text) => parseCidr(text) as CidrRange);

/** Parses `10.0.0.0/16` or `2001:db8::/32`; `undefined` for anything else (an expression, a typo). */
export function parseCidr(text: string): CidrRange | undefined {
  const match = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const family = match[1].includes(":") ? 6 : 4;
  const bits = family === 4 ? 32 : 128;
  const prefix = Number(match[2]);
  const address = family === 4 ? parseIpv4(match[1]) : parseIpv6(match[1]);
  if (address === undefined || prefix > bits) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = (address / size) * size;
  return { text, family, prefix, first, last: first + size - 1n };
}

/**
 * True when a set of ingress sources exposes the port to the internet: one block is wider than
 * {@link NARROWEST_WORLD_PREFIX} (a /7, `0.0.0.0/1`), or the blocks together cover more internet addresses than
 * such a block does (`0.0.0.0/1` + `128.0.0.0/1`, 256 /8s). Private and link-local space does not count, so
 * `10.0.0.0/8` + `172.16.0.0/12` + `192.168.0.0/16` is not the internet.
 */
export function coversWorld(ranges: readonly CidrRange[]): boolean {
  return ([4, 6] as const).some((family) => {
    const mine = ranges.filter((r) => r.family === family);
    const widest = NARROWEST_WORLD_PREFIX[family];
    if (mine.some((r) => r.prefix < widest)) return true;
    const bits = family === 4 ? 32 : 128;
    const internet = subtract(merge(mine), merge(NON_INTERNET.filter((r) => r.family === family)));
    const covered = internet.reduce((sum, [first, last]) => sum + (last - first + 1n), 0n);
    return covered > 1n << BigInt(bits - widest);
  });
}

type Interval = readonly [bigint, bigint];

function merge(ranges: readonly CidrRange[]): Interval[] {
  const sorted = ranges.map((r): Interval => [r.first, r.last]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const merged: [bigint, bigint][] = [];
  for (const [first, last] of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && first <= previous[1] + 1n) previous[1] = last > previous[1] ? last : previous[1];
    else merged.push([first, last]);
  }
  return merged;
}

function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
  let result: Interval[] = [...from];
  for (const [holeFirst, holeLast] of holes) {
    result = result.flatMap(([first, last]): Interval[] => {
      if (holeLast < first || holeFirst > last) return [[first, last]];
      const pieces: Interval[] = [];
      if (first < holeFirst) pieces.push([first, holeFirst - 1n]);
      if (last > holeLast) pieces.push([holeLast + 1n, last]);
      return pieces;
    });
  }
  return result;
}

function parseIpv4(text: string): bigint | undefined {
  const octets = text.split(".");
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return octets.reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}
