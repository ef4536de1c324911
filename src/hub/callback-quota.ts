import { DurableObject } from "cloudflare:workers";
import { MAX_TOPICS_PER_CALLBACK_HOST, PENDING_HOLD_MS } from "./policy";

/**
 * The limits that keep one callback from being used to flood, across every topic: one object per
 * callback host (idFromName of the host name in lower case), so that the callbacks of one machine
 * share them whatever their paths or ports. It counts the subscription requests of the last minute
 * (each one costs the host a verification request) and holds a place for each topic a callback of
 * the host subscribes to, or is being verified for: a host may hold MAX_TOPICS_PER_CALLBACK_HOST
 * topics at once. The topic hubs (topic-hub.ts) hold and release the places as subscriptions start
 * and end; a place that nobody releases (a verification that never settled) lapses by itself.
 */

export type Admission = { ok: true } | { ok: false; reason: string; retryAfterSeconds: number };

const MINUTE_MS = 60_000;

export class CallbackQuota extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS requests (at INTEGER NOT NULL)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS holds (topic TEXT NOT NULL, callback TEXT NOT NULL, until INTEGER NOT NULL,
         PRIMARY KEY (topic, callback))`,
    );
  }

  /**
   * Admits a subscription request (or refuses it, saying why and when to try again): at most
   * `perMinute` requests a minute, and a subscribe must not take the host past its topics.
   */
  admit(
    mode: "subscribe" | "unsubscribe",
    topic: string,
    callback: string,
    nowMs: number,
    perMinute: number,
  ): Admission {
    this.sql.exec("DELETE FROM requests WHERE at <= ?", nowMs - MINUTE_MS);
    const recent = this.sql
      .exec<{ n: number; oldest: number | null }>("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM requests")
      .one();
    if (recent.n >= perMinute) {
      return {
        ok: false,
        reason: `too many subscription requests for this callback's host: at most ${perMinute} a minute`,
        retryAfterSeconds: Math.max(1, Math.ceil(((recent.oldest ?? nowMs) + MINUTE_MS - nowMs) / 1000)),
      };
    }
    if (mode === "subscribe") {
      this.sql.exec("DELETE FROM holds WHERE until <= ?", nowMs);
      const others = this.sql
        .exec<{ n: number }>("SELECT COUNT(DISTINCT topic) AS n FROM holds WHERE topic <> ?", topic)
        .one().n;
      const held = this.sql.exec("SELECT 1 FROM holds WHERE topic = ?", topic).toArray().length > 0;
      if (!held && others >= MAX_TOPICS_PER_CALLBACK_HOST) {
        return {
          ok: false,
          reason: `this callback's host already subscribes to ${MAX_TOPICS_PER_CALLBACK_HOST} topics, the most one host may`,
          retryAfterSeconds: 3_600,
        };
      }
      this.holdUntil(topic, callback, nowMs + PENDING_HOLD_MS);
    }
    this.sql.exec("INSERT INTO requests (at) VALUES (?)", nowMs);
    return { ok: true };
  }

  /** Keeps the place of `callback` on `topic` until `untilMs` (a lease's end), never shortening it. */
  hold(topic: string, callback: string, untilMs: number): void {
    this.holdUntil(topic, callback, untilMs);
  }

  /** Frees the place of `callback` on `topic`: its subscription ended. */
  release(topic: string, callback: string): void {
    this.sql.exec("DELETE FROM holds WHERE topic = ? AND callback = ?", topic, callback);
  }

  private holdUntil(topic: string, callback: string, untilMs: number): void {
    this.sql.exec(
      `INSERT INTO holds (topic, callback, until) VALUES (?, ?, ?)
       ON CONFLICT (topic, callback) DO UPDATE SET until = MAX(until, excluded.until)`,
      topic,
      callback,
      untilMs,
    );
  }
}

/** The quota object of a callback's host. */
export function quotaFor(namespace: DurableObjectNamespace<CallbackQuota>, callback: string) {
  return namespace.get(namespace.idFromName(new URL(callback).hostname.toLowerCase()));
}
