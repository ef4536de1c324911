/**
 * A stand-in WebSub subscriber on 127.0.0.1, in Node, for the own hub's tests (started by the
 * workerd project's global setup, tests/worker/support/hub-setup.ts). Each test uses callbacks of
 * its own names, and scripts and reads them over HTTP (stand-in-subscriber-client.ts):
 *
 *   GET  /cb/<name>?hub.mode=…   a verification of intent: answered as configured (the exact
 *                                challenge by default), recorded
 *   POST /cb/<name>              a delivery: recorded, with its signature checked here with
 *                                node:crypto against the configured secret; answered with the next
 *                                scripted status (204 once the script is used up)
 *   PUT  /config/<name>          { secret?, answer?: "echo" | "wrong" | "redirect", statuses?: number[] }
 *   GET  /log/<name>             what it recorded, as JSON (SubscriberEvent[])
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import { listenOnLoopback } from "../../../scripts/lib/loopback";
import type { SubscriberConfig, SubscriberEvent } from "./stand-in-subscriber-client";

export interface StandInSubscriber {
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

/** Whether `header` is "sha256=" and the hex HMAC-SHA256 of `body` with `secret`. */
export function signatureMatches(header: string | undefined, secret: string, body: Buffer): boolean {
  if (!header?.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(header.slice("sha256=".length), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startStandInSubscriber(): Promise<StandInSubscriber> {
  const log = new Map<string, SubscriberEvent[]>();
  const configs = new Map<string, SubscriberConfig>();
  const record = (name: string, event: SubscriberEvent) => log.set(name, [...(log.get(name) ?? []), event]);
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const [, kind = "", name = ""] = url.pathname.split("/");
      const config = configs.get(name) ?? {};
      if (kind === "cb" && request.method === "GET") {
        const challenge = url.searchParams.get("hub.challenge") ?? "";
        const answer = config.answer ?? "echo";
        record(name, {
          kind: "verify",
          mode: url.searchParams.get("hub.mode"),
          topic: url.searchParams.get("hub.topic"),
          challenge,
          leaseSeconds: url.searchParams.get("hub.lease_seconds"),
          query: url.search,
        });
        if (answer === "redirect") {
          // To a callback that would echo: a hub that followed it would be confirmed.
          response.writeHead(302, { Location: `/cb/${name}-target${url.search}` }).end();
        } else {
          response
            .writeHead(200, { "Content-Type": "text/plain" })
            .end(answer === "echo" ? challenge : `${challenge}x`);
        }
      } else if (kind === "cb" && request.method === "POST") {
        const signature = request.headers["x-hub-signature"] as string | undefined;
        record(name, {
          kind: "delivery",
          contentType: request.headers["content-type"],
          link: request.headers.link as string | undefined,
          signature,
          signatureValid:
            config.secret === undefined ? null : signatureMatches(signature, config.secret, body),
          bodyBase64: body.toString("base64"),
        });
        const status = config.statuses?.shift() ?? 204;
        response.writeHead(status, { "Content-Type": "text/plain" }).end(status === 204 ? undefined : "no");
      } else if (kind === "config" && request.method === "PUT") {
        configs.set(name, JSON.parse(body.toString("utf8")) as SubscriberConfig);
        response.writeHead(204).end();
      } else if (kind === "log") {
        response
          .writeHead(200, { "Content-Type": "application/json" })
          .end(JSON.stringify(log.get(name) ?? []));
      } else {
        response.writeHead(404).end();
      }
    });
  });
  const port = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
