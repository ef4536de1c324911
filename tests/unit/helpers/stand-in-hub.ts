/**
 * A stand-in WebSub hub on 127.0.0.1 that records every request it gets: the Node tests start it in
 * the test process, the workerd tests in their project's global setup (tests/worker/support/hub-setup.ts),
 * and talk to it over HTTP. Each test uses hubs of its own names:
 *
 *   POST /hub/<name>      a publish notification: recorded, answered with the next scripted status (204 after)
 *   PUT  /script/<name>   the statuses its next notifications get, as a JSON array ([500, 204])
 *   GET  /log/<name>      what it recorded, as JSON (RecordedPing[])
 *
 * stand-in-hub-client.ts talks to it from either runtime (workerd has no node:http server).
 */
import http from "node:http";
import { freePort, listenOnLoopback } from "../../../scripts/lib/loopback";
import type { RecordedPing } from "./stand-in-hub-client";

export interface StandInHub {
  /** http://127.0.0.1:<port> */
  origin: string;
  close(): Promise<void>;
}

export async function startStandInHub(): Promise<StandInHub> {
  const log = new Map<string, RecordedPing[]>();
  const scripts = new Map<string, number[]>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const [, kind = "", name = ""] = (request.url ?? "").split("/");
      if (kind === "hub") {
        const pings = log.get(name) ?? [];
        pings.push({ method: request.method ?? "", contentType: request.headers["content-type"], body });
        log.set(name, pings);
        const status = scripts.get(name)?.shift() ?? 204;
        response
          .writeHead(status, { "Content-Type": "text/plain" })
          .end(status === 204 ? undefined : `status ${status}`);
      } else if (kind === "script" && request.method === "PUT") {
        scripts.set(name, JSON.parse(body) as number[]);
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

/** An address on 127.0.0.1 where nothing listens: a hub that is down. */
export async function downHubUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/hub`;
}
