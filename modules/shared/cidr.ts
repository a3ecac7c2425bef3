import { z } from "zod";

/**
 * CIDR blocks as AWS reads them: IPv4 or IPv6, and the canonical form (host bits zero, IPv6
 * compressed as RFC 5952 writes it) that the EC2 API insists on.
 */

/** A CIDR block split into address and prefix length. */
export interface ParsedCidr {
  readonly version: 4 | 6;
  readonly address: bigint;
  readonly prefix: number;
}

export function parseCidr(value: string): ParsedCidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(value);
  if (!match) return undefined;
  const prefix = Number(match[2]);
  const v4 = z.ipv4().safeParse(match[1]);
  if (v4.success) {
    if (prefix > 32) return undefined;
    const address = match[1].split(".").reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
    return { version: 4, address, prefix };
  }
  const v6 = z.ipv6().safeParse(match[1]);
  if (v6.success) {
    if (prefix > 128) return undefined;
    return { version: 6, address: ipv6ToBigInt(match[1]), prefix };
  }
  return undefined;
}

/** The network address of a parsed block: its address with the host bits cleared. */
function networkOf(cidr: ParsedCidr): bigint {
  const bits = cidr.version === 4 ? 32 : 128;
  return cidr.address & (((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - cidr.prefix)) - 1n));
}

/** True when the address has no bit set beyond the prefix (whatever its spelling). */
export function hostBitsZero(value: string): boolean {
  const cidr = parseCidr(value);
  return cidr !== undefined && networkOf(cidr) === cidr.address;
}

export function canonicalCidr(value: string): string | undefined {
  const cidr = parseCidr(value);
  if (!cidr) return undefined;
  const network = networkOf(cidr);
  return `${cidr.version === 4 ? bigIntToIpv4(network) : bigIntToIpv6(network)}/${cidr.prefix}`;
}

function ipv6ToBigInt(written: string): bigint {
  // An embedded IPv4 address in the last 32 bits (RFC 4291 2.2, e.g. ::ffff:10.0.0.0) is two groups.
  const address = written.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [((Number(a) << 8) | Number(b)).toString(16), ((Number(c) << 8) | Number(d)).toString(16)].join(":"),
  );
  const [head, tail] = address.includes("::") ? address.split("::") : [address, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill("0"), ...tailGroups];
  return groups.reduce((acc, group) => (acc << 16n) + BigInt(parseInt(group || "0", 16)), 0n);
}

function bigIntToIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

/** Compressed form (RFC 5952): the longest run of zero groups becomes "::". */
function bigIntToIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}
