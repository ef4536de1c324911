/**
 * A WebSub subscriber in Node, for `npm run subscribe`: it discovers a feed's hub (W3C WebSub 4:
 * the Link header first, the feed's own hub links when the header names none), listens on
 * 127.0.0.1, subscribes, answers the hub's verification of intent for the topic it asked about,
 * and checks each delivery's X-Hub-Signature with node:crypto before trusting it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { XMLParser } from "fast-xml-parser";
import LinkHeader from "http-link-header";
import { listenOnLoopback } from "./loopback";

export interface Discovery {
  /** The hub to subscribe at. */
  hub: string;
  /** The topic: the feed's rel="self" URL (the URL fetched when it names none). */
  topic: string;
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", removeNSPrefix: true });

interface XmlLink {
  rel?: string;
  href?: string;
}

/** The `link` elements of an RSS channel or an Atom feed (atom:link in RSS), as the parser gives them. */
function xmlLinks(text: string): XmlLink[] {
  const document = xml.parse(text) as {
    rss?: { channel?: { link?: unknown } };
    feed?: { link?: unknown };
  };
  const links = document.feed?.link ?? document.rss?.channel?.link ?? [];
  return (Array.isArray(links) ? links : [links]).filter(
    (link): link is XmlLink => typeof link === "object" && link !== null,
  );
}

/** The hubs and self URL a feed document names (when its Link header names none). */
function linksInDocument(text: string, contentType: string): { hubs: string[]; self?: string } {
  if (/json/.test(contentType)) {
    const feed = JSON.parse(text) as { feed_url?: string; hubs?: { type?: string; url?: string }[] };
    const hubs = (feed.hubs ?? []).flatMap((hub) => (hub.url ? [hub.url] : []));
    return { hubs, ...(feed.feed_url ? { self: feed.feed_url } : {}) };
  }
  const links = xmlLinks(text);
  const self = links.find((link) => link.rel === "self")?.href;
  return {
    hubs: links.flatMap((link) => (link.rel === "hub" && link.href ? [link.href] : [])),
    ...(self ? { self } : {}),
  };
}

/** Finds the hub and topic of the feed at `feedUrl`. */
export async function discover(feedUrl: string, send: typeof fetch = fetch): Promise<Discovery> {
  const response = await send(feedUrl);
  if (!response.ok) throw new Error(`${feedUrl} answered ${response.status}`);
  const header = LinkHeader.parse(response.headers.get("Link") ?? "");
  let hub = header.rel("hub")[0]?.uri;
  let self = header.rel("self")[0]?.uri;
  const text = await response.text();
  if (!hub) {
    const found = linksInDocument(text, response.headers.get("Content-Type") ?? "");
    hub = found.hubs[0];
    self ??= found.self;
  }
  if (!hub) throw new Error(`${feedUrl} names no WebSub hub (neither in its Link header nor in the feed)`);
  return { hub: new URL(hub, response.url || feedUrl).href, topic: new URL(self ?? feedUrl, feedUrl).href };
}

/** Whether `header` is "sha256=" and the hex HMAC-SHA256 of `body` keyed with `secret`. */
export function validSignature(header: string | undefined, secret: string, body: Buffer): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  return timingSafeEqual(Buffer.from(match[1], "hex"), expected);
}

/** The title of the newest entry of a feed document, to show what a delivery brought. */
export function newestTitle(body: Buffer, contentType: string): string | undefined {
  const text = body.toString("utf8");
  try {
    if (/json/.test(contentType)) {
      return (JSON.parse(text) as { items?: { title?: string }[] }).items?.[0]?.title;
    }
    const document = xml.parse(text) as {
      rss?: { channel?: { item?: unknown } };
      feed?: { entry?: unknown };
    };
    const entries = document.feed?.entry ?? document.rss?.channel?.item;
    const first = (Array.isArray(entries) ? entries[0] : entries) as { title?: unknown } | undefined;
    const title = first?.title;
    if (typeof title === "string") return title;
    if (typeof title === "object" && title !== null && "#text" in title) return String(title["#text"]);
    return undefined;
  } catch {
    return undefined;
  }
}

export interface Delivery {
  body: Buffer;
  contentType: string;
  /** The Link header the hub sent with it. */
  link: string | undefined;
  /** False for a missing or wrong signature: such a delivery is acknowledged and ignored (WebSub 8). */
  signatureValid: boolean;
}

export type SubscriberEvent =
  | { kind: "verified"; mode: "subscribe" | "unsubscribe"; leaseSeconds?: string }
  | { kind: "denied"; reason: string }
  | { kind: "delivery"; delivery: Delivery };

export interface Subscriber {
  /** The callback URL the hub calls: http://127.0.0.1:<port>/callback */
  callback: string;
  /** Asks the hub; resolves with its answer's status and text (202 when accepted). */
  subscribe(leaseSeconds?: number): Promise<{ status: number; text: string }>;
  unsubscribe(): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export interface SubscriberOptions extends Discovery {
  /** The hub.secret; a fresh random one by default. */
  secret?: string;
  /** The port to listen on (127.0.0.1); any free one by default. */
  port?: number;
  onEvent: (event: SubscriberEvent) => void;
}

/** Starts listening; nothing is asked of the hub until subscribe(). */
export async function startSubscriber(options: SubscriberOptions): Promise<Subscriber> {
  const secret = options.secret ?? randomBytes(24).toString("base64url");
  // The intents this subscriber asked for and the hub has not verified yet: only they are confirmed.
  const pending = new Set<"subscribe" | "unsubscribe">();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (url.pathname !== "/callback") {
        response.writeHead(404).end();
        return;
      }
      if (request.method === "GET") {
        const mode = url.searchParams.get("hub.mode");
        const challenge = url.searchParams.get("hub.challenge");
        if (mode === "denied") {
          options.onEvent({ kind: "denied", reason: url.searchParams.get("hub.reason") ?? "" });
          response.writeHead(200).end();
          return;
        }
        const known = (mode === "subscribe" || mode === "unsubscribe") && pending.has(mode);
        if (!known || url.searchParams.get("hub.topic") !== options.topic || challenge === null) {
          response.writeHead(404).end();
          return;
        }
        pending.delete(mode);
        const lease = url.searchParams.get("hub.lease_seconds");
        options.onEvent({ kind: "verified", mode, ...(lease === null ? {} : { leaseSeconds: lease }) });
        response.writeHead(200, { "Content-Type": "text/plain" }).end(challenge);
        return;
      }
      if (request.method === "POST") {
        const body = Buffer.concat(chunks);
        const signature = request.headers["x-hub-signature"];
        options.onEvent({
          kind: "delivery",
          delivery: {
            body,
            contentType: request.headers["content-type"] ?? "",
            link: request.headers.link as string | undefined,
            signatureValid: validSignature(
              typeof signature === "string" ? signature : undefined,
              secret,
              body,
            ),
          },
        });
        response.writeHead(204).end();
        return;
      }
      response.writeHead(405).end();
    });
  });
  const callback = `http://127.0.0.1:${await listenOnLoopback(server, options.port)}/callback`;

  async function ask(mode: "subscribe" | "unsubscribe", extra: Record<string, string> = {}) {
    pending.add(mode);
    const response = await fetch(options.hub, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        "hub.mode": mode,
        "hub.topic": options.topic,
        "hub.callback": callback,
        ...extra,
      }),
    });
    const text = (await response.text()).trim();
    if (response.status !== 202) pending.delete(mode);
    return { status: response.status, text };
  }

  return {
    callback,
    subscribe: (leaseSeconds) =>
      ask("subscribe", {
        "hub.secret": secret,
        ...(leaseSeconds === undefined ? {} : { "hub.lease_seconds": String(leaseSeconds) }),
      }),
    unsubscribe: () => ask("unsubscribe"),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
