import { DurableObject } from "cloudflare:workers";
import { quotaFor } from "./callback-quota";
import { type DeliveryMessage, queueAll } from "./hub-queue";
import type { IntentRequest } from "./hub-request";
import { MAX_SUBSCRIBERS_PER_TOPIC } from "./policy";

/**
 * One topic's subscriptions, in a Durable Object with SQLite storage: one object per topic
 * (idFromName of the topic URL, see topicHubFor), so a topic's subscriptions, its last distributed
 * document and its lease alarm live together and change one at a time. Durable Object storage is
 * persisted, by `wrangler dev` too (under .wrangler/state), so subscriptions outlive restarts.
 *
 * The object never calls a callback itself: the hub's fetch handler verifies intents and the queue
 * consumer delivers (src/hub/hub-handler.ts, deliveries.ts); this object says what to do and
 * records what happened.
 */

/** What deliveryFor hands the consumer: the document to POST, or why not to. */
export type Delivery =
  | { kind: "deliver"; body: ArrayBuffer; contentType: string; secret?: string }
  | { kind: "skip"; why: string };

export type DeliveryOutcome =
  | { kind: "delivered"; status: number }
  | { kind: "gone" }
  | { kind: "failed"; attempt: number; problem: string; gaveUp: boolean };

/** What a subscriber may learn about its own subscription (GET /websub?hub.topic=…&hub.callback=…). */
export type SubscriptionStatus =
  | {
      state: "active";
      leaseSeconds: number;
      expires: string;
      signed: boolean;
      failedAttempts: number;
      lastError: string | null;
      lastDelivered: string | null;
    }
  | { state: "ended"; reason: string; at: string; lastError: string | null }
  | { state: "none" };

interface SubscriptionRow extends Record<string, SqlStorageValue> {
  callback: string;
  secret: string | null;
  lease_seconds: number;
  expires_at: number;
  failures: number;
  last_error: string | null;
  last_delivered_at: number | null;
}

interface DocumentRow extends Record<string, SqlStorageValue> {
  version: string;
  content_type: string;
  body: ArrayBuffer;
}

/** How long an ended subscription's record stays readable in its status. */
const ENDED_KEPT_MS = 30 * 86_400_000;

const iso = (ms: number) => new Date(ms).toISOString();

export class TopicHub extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS subscriptions (
         callback TEXT PRIMARY KEY, secret TEXT, lease_seconds INTEGER NOT NULL, expires_at INTEGER NOT NULL,
         subscribed_at INTEGER NOT NULL, failures INTEGER NOT NULL DEFAULT 0, last_error TEXT,
         last_delivered_at INTEGER)`,
    );
    // The last document distributed (or seen when the first subscriber came): only it is delivered.
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS document (
         id INTEGER PRIMARY KEY CHECK (id = 1), version TEXT NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL)`,
    );
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS ended (
         callback TEXT PRIMARY KEY, reason TEXT NOT NULL, at INTEGER NOT NULL, last_error TEXT)`,
    );
  }

  /** Whether `callback` may subscribe: it already does, or the topic has room for one more. */
  admits(callback: string, nowMs: number): boolean {
    const rows = this.sql
      .exec<{ n: number; mine: number }>(
        "SELECT COUNT(*) AS n, SUM(callback = ?) AS mine FROM subscriptions WHERE expires_at > ?",
        callback,
        nowMs,
      )
      .one();
    return (rows.mine ?? 0) > 0 || rows.n < MAX_SUBSCRIBERS_PER_TOPIC;
  }

  /**
   * The document as it was when a subscriber asked: the version later changes are measured from,
   * when nothing was distributed yet (a publish notification about a feed that did not change then
   * delivers nothing).
   */
  baseline(topic: string, version: string, contentType: string, body: ArrayBuffer): void {
    this.remember(topic);
    if (this.currentDocument()) return;
    this.storeDocument(version, contentType, body);
  }

  /** A verified intent takes effect: a subscription starts or is renewed, or ends. */
  async confirm(intent: IntentRequest, nowMs: number): Promise<void> {
    this.remember(intent.topic);
    const quota = quotaFor(this.env.CALLBACK_QUOTA, intent.callback);
    if (intent.mode === "subscribe") {
      const expires = nowMs + intent.leaseSeconds * 1000;
      this.sql.exec(
        `INSERT INTO subscriptions (callback, secret, lease_seconds, expires_at, subscribed_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (callback) DO UPDATE SET secret = excluded.secret, lease_seconds = excluded.lease_seconds,
           expires_at = excluded.expires_at, failures = 0, last_error = NULL`,
        intent.callback,
        intent.secret ?? null,
        intent.leaseSeconds,
        expires,
        nowMs,
      );
      this.sql.exec("DELETE FROM ended WHERE callback = ?", intent.callback);
      await quota.hold(intent.topic, intent.callback, expires);
    } else {
      this.end(intent.callback, "unsubscribed", nowMs, null);
      await quota.release(intent.topic, intent.callback);
    }
    await this.scheduleAlarm();
  }

  /** A verification failed: the place a new subscription held is freed (an existing one stays). */
  async refused(intent: IntentRequest, nowMs: number): Promise<void> {
    if (intent.mode !== "subscribe" || this.activeRow(intent.callback, nowMs)) return;
    await quotaFor(this.env.CALLBACK_QUOTA, intent.callback).release(intent.topic, intent.callback);
  }

  /**
   * A publish said the topic changed, and here is its document now: when its version differs from
   * the last one distributed, one delivery per active subscriber is queued. An unchanged document
   * queues nothing, so publish notifications (which anyone may send) cannot make the hub flood.
   */
  async distribute(
    topic: string,
    version: string,
    contentType: string,
    body: ArrayBuffer,
    nowMs: number,
  ): Promise<{ changed: boolean; queued: number }> {
    this.remember(topic);
    const previous = this.currentDocument();
    if (previous?.version === version) return { changed: false, queued: 0 };
    // Stored before the messages are sent, so that a consumer quick to ask finds this version.
    this.storeDocument(version, contentType, body);
    const callbacks = this.sql
      .exec<{ callback: string }>("SELECT callback FROM subscriptions WHERE expires_at > ?", nowMs)
      .toArray()
      .map((row) => row.callback);
    try {
      await queueAll(
        this.env.HUB_DELIVERIES,
        callbacks.map((callback) => ({ topic, callback, version }) satisfies DeliveryMessage),
      );
    } catch (error) {
      // Not distributed after all: the next notification about this topic tries again (a
      // subscriber whose message was sent before the failure may then get the document twice).
      if (previous) this.storeDocument(previous.version, previous.content_type, previous.body);
      else this.sql.exec("DELETE FROM document");
      throw error;
    }
    return { changed: true, queued: callbacks.length };
  }

  /**
   * What to POST for a queued delivery: the document of that version, to an active subscriber. A
   * message for an older version is skipped (the newer one was queued for every subscriber too),
   * as is one for a subscription that ended since.
   */
  deliveryFor(callback: string, version: string, nowMs: number): Delivery {
    const row = this.activeRow(callback, nowMs);
    if (!row) return { kind: "skip", why: "the subscription has ended" };
    const document = this.currentDocument();
    if (!document || document.version !== version) {
      return { kind: "skip", why: "a newer version of the topic was distributed since" };
    }
    return {
      kind: "deliver",
      body: document.body,
      contentType: document.content_type,
      ...(row.secret ? { secret: row.secret } : {}),
    };
  }

  /** Records what a delivery attempt did: a 410 or giving up ends the subscription. */
  async recordDelivery(
    topic: string,
    callback: string,
    outcome: DeliveryOutcome,
    nowMs: number,
  ): Promise<void> {
    if (!this.activeRow(callback, nowMs)) return;
    if (outcome.kind === "delivered") {
      this.sql.exec(
        "UPDATE subscriptions SET failures = 0, last_error = NULL, last_delivered_at = ? WHERE callback = ?",
        nowMs,
        callback,
      );
      return;
    }
    if (outcome.kind === "failed" && !outcome.gaveUp) {
      this.sql.exec(
        "UPDATE subscriptions SET failures = ?, last_error = ? WHERE callback = ?",
        outcome.attempt,
        outcome.problem,
        callback,
      );
      return;
    }
    const reason =
      outcome.kind === "gone"
        ? "the callback answered 410 Gone"
        : `given up after ${outcome.attempt} failed delivery attempts`;
    this.end(callback, reason, nowMs, outcome.kind === "failed" ? outcome.problem : null);
    await quotaFor(this.env.CALLBACK_QUOTA, callback).release(topic, callback);
    await this.scheduleAlarm();
  }

  /** The state of one subscription, for its subscriber: nothing about any other callback. */
  status(callback: string, nowMs: number): SubscriptionStatus {
    const row = this.activeRow(callback, nowMs);
    if (row) {
      return {
        state: "active",
        leaseSeconds: row.lease_seconds,
        expires: iso(row.expires_at),
        signed: row.secret !== null,
        failedAttempts: row.failures,
        lastError: row.last_error,
        lastDelivered: row.last_delivered_at === null ? null : iso(row.last_delivered_at),
      };
    }
    const ended = this.sql
      .exec<{ reason: string; at: number; last_error: string | null }>(
        "SELECT reason, at, last_error FROM ended WHERE callback = ?",
        callback,
      )
      .toArray()[0];
    if (ended)
      return { state: "ended", reason: ended.reason, at: iso(ended.at), lastError: ended.last_error };
    // A lease that ran out before its alarm ran.
    const lapsed = this.sql
      .exec<{ expires_at: number }>("SELECT expires_at FROM subscriptions WHERE callback = ?", callback)
      .toArray()[0];
    if (lapsed)
      return { state: "ended", reason: "the lease expired", at: iso(lapsed.expires_at), lastError: null };
    return { state: "none" };
  }

  /** At the earliest lease's end: every subscription whose lease has run out is removed. */
  override async alarm(): Promise<void> {
    const nowMs = Date.now();
    const expired = this.sql
      .exec<{ callback: string; expires_at: number }>(
        "SELECT callback, expires_at FROM subscriptions WHERE expires_at <= ?",
        nowMs,
      )
      .toArray();
    const topic = this.topic();
    for (const { callback, expires_at } of expired) {
      this.end(callback, "the lease expired", expires_at, null);
      if (topic) await quotaFor(this.env.CALLBACK_QUOTA, callback).release(topic, callback);
    }
    await this.scheduleAlarm();
  }

  private activeRow(callback: string, nowMs: number): SubscriptionRow | undefined {
    return this.sql
      .exec<SubscriptionRow>(
        `SELECT callback, secret, lease_seconds, expires_at, failures, last_error, last_delivered_at
         FROM subscriptions WHERE callback = ? AND expires_at > ?`,
        callback,
        nowMs,
      )
      .toArray()[0];
  }

  private currentDocument(): DocumentRow | undefined {
    return this.sql
      .exec<DocumentRow>("SELECT version, content_type, body FROM document WHERE id = 1")
      .toArray()[0];
  }

  private storeDocument(version: string, contentType: string, body: ArrayBuffer): void {
    this.sql.exec(
      `INSERT INTO document (id, version, content_type, body) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version, content_type = excluded.content_type,
         body = excluded.body`,
      version,
      contentType,
      body,
    );
  }

  /** Removes a subscription and keeps why, for its status. */
  private end(callback: string, reason: string, atMs: number, lastError: string | null): void {
    this.sql.exec("DELETE FROM subscriptions WHERE callback = ?", callback);
    this.sql.exec("DELETE FROM ended WHERE at < ?", atMs - ENDED_KEPT_MS);
    this.sql.exec(
      `INSERT INTO ended (callback, reason, at, last_error) VALUES (?, ?, ?, ?)
       ON CONFLICT (callback) DO UPDATE SET reason = excluded.reason, at = excluded.at, last_error = excluded.last_error`,
      callback,
      reason,
      atMs,
      lastError,
    );
  }

  /** The topic this object holds, kept for the alarm (which is called with nothing). */
  private remember(topic: string): void {
    this.sql.exec("INSERT INTO meta (key, value) VALUES ('topic', ?) ON CONFLICT (key) DO NOTHING", topic);
  }

  private topic(): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'topic'").toArray()[0]?.value;
  }

  /** The alarm at the earliest lease's end, or none when no subscription is left. */
  private async scheduleAlarm(): Promise<void> {
    const next = this.sql
      .exec<{ at: number | null }>("SELECT MIN(expires_at) AS at FROM subscriptions")
      .one().at;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }
}

/** The object holding `topic`'s subscriptions. */
export function topicHubFor(namespace: DurableObjectNamespace<TopicHub>, topic: string) {
  return namespace.get(namespace.idFromName(topic));
}
