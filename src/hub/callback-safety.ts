import ipaddr from "ipaddr.js";
import { Lru } from "../lib/lru";

/**
 * Whether the hub may send requests to a callback: the hub fetches whatever URL a stranger gives
 * it, so a callback must not lead it into the network it runs in (server-side request forgery).
 * Refused: anything but https (http too when the site runs locally), credentials in the URL, and
 * any host that is, or resolves to, an address outside the public unicast space (private,
 * loopback, link-local, unique-local, carrier-grade NAT, multicast, reserved, the ranges that embed
 * IPv4 in IPv6, and so the cloud metadata addresses 169.254.169.254 and fd00:ec2::254), and the
 * names "localhost", "*.localhost", "*.internal" (metadata.google.internal) and "*.local". Locally
 * (SITE_ORIGIN on a loopback host), loopback addresses and names are allowed, for a subscriber on
 * the same machine. The check runs again before each verification and delivery, so that a name
 * pointed elsewhere after the subscription (DNS rebinding) is refused then.
 */

/** The addresses a host name resolves to (A and AAAA); an empty list when it has none. */
export type Resolve = (hostname: string) => Promise<string[]>;

export interface CallbackRules {
  /** The site runs on this machine (SITE_ORIGIN on a loopback host): http and loopback are fine. */
  local: boolean;
  resolve: Resolve;
}

const LOOPBACK_NAMES = /^(?:localhost|.+\.localhost)$/;
const INTERNAL_NAMES = /(?:^|\.)(?:internal|local|localdomain|home\.arpa)$/;

/**
 * The address `text` as written in a message and the range it is in, when it may not be called
 * back; undefined when it may.
 */
function forbiddenRange(text: string, local: boolean): { address: string; range: string } | undefined {
  let address: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() reads an IPv4-mapped IPv6 address (::ffff:10.0.0.1) as the IPv4 address it is.
    address = ipaddr.process(text);
  } catch {
    return { address: text, range: "unreadable" };
  }
  const range = address.range();
  if (range === "unicast" || (range === "loopback" && local)) return undefined;
  return { address: address.toString(), range };
}

/** The host of a URL without the brackets of an IPv6 literal. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Why `callback` may not be used, in a sentence for a 400, or undefined when it may. */
export async function callbackProblem(callback: URL, rules: CallbackRules): Promise<string | undefined> {
  if (callback.protocol !== "https:" && !(rules.local && callback.protocol === "http:")) {
    return rules.local ? "hub.callback must be an http or https URL" : "hub.callback must be an https URL";
  }
  if (callback.username !== "" || callback.password !== "") {
    return "hub.callback must not carry credentials";
  }
  const host = bareHost(callback).toLowerCase();
  if (ipaddr.isValid(host)) {
    const forbidden = forbiddenRange(host, rules.local);
    return (
      forbidden &&
      `hub.callback is not a public address: ${forbidden.address} is in the ${forbidden.range} range`
    );
  }
  if (LOOPBACK_NAMES.test(host)) {
    return rules.local ? undefined : `hub.callback is not a public address: ${host} is this machine`;
  }
  if (INTERNAL_NAMES.test(host) || !host.includes(".")) {
    return `hub.callback is not a public address: ${host} is a local or internal name`;
  }
  let addresses: string[];
  try {
    addresses = await rules.resolve(host);
  } catch (error) {
    return `hub.callback's host ${host} could not be resolved (${error instanceof Error ? error.message : String(error)})`;
  }
  if (addresses.length === 0) return `hub.callback's host ${host} has no address`;
  for (const address of addresses) {
    const forbidden = forbiddenRange(address, rules.local);
    if (forbidden) {
      return `hub.callback is not a public address: ${host} resolves to ${forbidden.address}, in the ${forbidden.range} range`;
    }
  }
  return undefined;
}

/** A DNS-over-HTTPS JSON answer (RFC 8484's JSON form as Cloudflare and Google serve it). */
interface DohAnswer {
  Status?: number;
  Answer?: { type?: number; data?: string }[];
}

const DOH_ENDPOINT = "https://cloudflare-dns.com/dns-query";
const A = 1;
const AAAA = 28;

/** How long an isolate reuses a name's addresses: a minute, so that a pointed-away name is seen soon. */
const RESOLVED_TTL_MS = 60_000;
/** Names whose addresses an isolate keeps. */
const RESOLVED_KEPT = 1_024;

/**
 * Resolves names with DNS over HTTPS (Cloudflare's resolver): a worker has no resolver API of its
 * own. Both A and AAAA are asked for, since a callback may be reached over either; CNAME chains are
 * followed by the resolver, whose answer lists the final addresses. Answers are reused for a minute,
 * so that a burst of deliveries to one host costs two lookups, not two per delivery (each lookup is
 * a subrequest, and a worker invocation has a limited number).
 */
export function dohResolver(
  send: typeof fetch = fetch,
  timeoutMs = 5_000,
  now: () => number = Date.now,
): Resolve {
  const kept = new Lru<string, { until: number; addresses: Promise<string[]> }>(RESOLVED_KEPT);
  async function ask(name: string, type: number): Promise<string[]> {
    const url = `${DOH_ENDPOINT}?name=${encodeURIComponent(name)}&type=${type}`;
    const response = await send(url, {
      headers: { Accept: "application/dns-json" },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`the resolver answered ${response.status}`);
    const answer = (await response.json()) as DohAnswer;
    // NXDOMAIN (3) and friends: no address.
    if (answer.Status !== 0) return [];
    return (answer.Answer ?? [])
      .filter((record) => record.type === type && typeof record.data === "string")
      .map((record) => record.data as string);
  }
  async function lookUp(hostname: string): Promise<string[]> {
    const [v4, v6] = await Promise.all([ask(hostname, A), ask(hostname, AAAA)]);
    return [...v4, ...v6];
  }
  return (hostname) => {
    const found = kept.get(hostname);
    if (found && found.until > now()) return found.addresses;
    const addresses = lookUp(hostname);
    kept.set(hostname, { until: now() + RESOLVED_TTL_MS, addresses });
    // A failed lookup is not kept: the next call asks again.
    addresses.catch(() => kept.delete(hostname));
    return addresses;
  };
}
