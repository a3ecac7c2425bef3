import { parseCidr } from "../shared/cidr";

/*
 * What a set of CIDR blocks admits, as address counts: `0.0.0.0/1` plus `128.0.0.0/1` is the whole
 * IPv4 internet however it is split. Only publicly routable addresses count.
 */

type Interval = readonly [bigint, bigint]; // inclusive

/** The addresses of a CIDR block, or undefined when it is not a literal CIDR. */
export function cidrInterval(cidr: string): { version: 4 | 6; interval: Interval } | undefined {
  const parsed = parseCidr(cidr.trim());
  if (!parsed) return undefined;
  const size = 1n << BigInt((parsed.version === 4 ? 32 : 128) - parsed.prefix);
  const start = parsed.address - (parsed.address % size);
  return { version: parsed.version, interval: [start, start + size - 1n] };
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const [start, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1] + 1n) last[1] = end > last[1] ? end : last[1];
    else merged.push([start, end]);
  }
  return merged;
}

function overlap(a: Interval[], b: Interval[]): bigint {
  let total = 0n;
  for (const [s1, e1] of a) {
    for (const [s2, e2] of b) {
      const start = s1 > s2 ? s1 : s2;
      const end = e1 < e2 ? e1 : e2;
      if (start <= end) total += end - start + 1n;
    }
  }
  return total;
}

const intervalsOf = (cidrs: string[]) => merge(cidrs.map((cidr) => cidrInterval(cidr)!.interval));

/**
 * IPv4 blocks that are not publicly routable (IANA IPv4 Special-Purpose Address Registry, RFC 6890):
 * this network, private (RFC 1918), shared (RFC 6598), loopback, link-local, multicast, reserved.
 */
const IPV4_NOT_PUBLIC = intervalsOf(["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4"]);
/** IPv6 global unicast (RFC 4291, IANA IPv6 Address Space): everything public lies in 2000::/3. */
const IPV6_GLOBAL = intervalsOf(["2000::/3"]);

/**
 * "Large" public ranges: at least as many public addresses as one /8 (IPv4) or one /32 (IPv6, a whole
 * RIR allocation to an ISP). No organisation's egress needs that; Security Hub EC2.18/EC2.19 and
 * checkov look for /0 only, which a split into halves evades.
 */
export const LARGE_IPV4 = 1n << 24n;
export const LARGE_IPV6 = 1n << 96n;

/** How many public IPv4 and IPv6 addresses a set of CIDR blocks admits together (literal CIDRs only). */
export function publicAddressCount(cidrs: string[]): { ipv4: bigint; ipv6: bigint } {
  const parsed = cidrs.map(cidrInterval).filter((entry) => entry !== undefined);
  const v4 = merge(parsed.filter((entry) => entry.version === 4).map((entry) => entry.interval));
  const v6 = merge(parsed.filter((entry) => entry.version === 6).map((entry) => entry.interval));
  const v4Total = v4.reduce((sum, [start, end]) => sum + end - start + 1n, 0n);
  return { ipv4: v4Total - overlap(v4, IPV4_NOT_PUBLIC), ipv6: overlap(v6, IPV6_GLOBAL) };
}

/** Whether the CIDR blocks together admit a large public range (see LARGE_IPV4, LARGE_IPV6). */
export function admitsLargePublicRange(cidrs: string[]): boolean {
  const { ipv4, ipv6 } = publicAddressCount(cidrs);
  return ipv4 >= LARGE_IPV4 || ipv6 >= LARGE_IPV6;
}
