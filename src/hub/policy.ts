/**
 * The own hub's numbers, in one place (README "The site's own WebSub hub" states them): leases,
 * limits and the delivery retry policy. A few of them can be tuned per environment by a variable
 * (see hubSettings); the rest are fixed.
 */

/** Lease given when a subscriber asks for none: ten days. */
export const DEFAULT_LEASE_SECONDS = 10 * 86_400;
/** Shortest lease granted (a shorter request is raised to it): one minute. */
export const MIN_LEASE_SECONDS = 60;
/** Longest lease granted (a longer request is lowered to it): thirty days. */
export const MAX_LEASE_SECONDS = 30 * 86_400;

/** hub.secret, in bytes of UTF-8 (W3C WebSub: "MUST be less than 200 bytes"; we allow 200). */
export const MAX_SECRET_BYTES = 200;
/** hub.callback, in characters: longer URLs are refused rather than stored. */
export const MAX_CALLBACK_LENGTH = 2_000;

/** Active subscriptions one topic holds; a new callback beyond it is refused (429). */
export const MAX_SUBSCRIBERS_PER_TOPIC = 1_000;
/** Topics the callbacks of one host may hold at once (subscriptions and verifications under way). */
export const MAX_TOPICS_PER_CALLBACK_HOST = 200;
/** How long a subscription request holds its place before its verification has settled it. */
export const PENDING_HOLD_MS = 10 * 60_000;

/** hub.url values one publish notification may name. */
export const MAX_PUBLISH_TOPICS = 2_000;

/** How long the hub waits for a callback to answer a verification or a delivery. */
export const CALLBACK_TIMEOUT_MS = 10_000;

/** The variables an environment may set to tune the hub (all optional; wrangler.toml [vars]). */
export interface HubVariables {
  /** Subscription requests the callbacks of one host may make per minute: 20 by default. */
  WEBSUB_HUB_REQUESTS_PER_MINUTE?: string;
  /** Delivery attempts before a subscriber is given up (1–11): 8 by default. */
  WEBSUB_HUB_DELIVERY_ATTEMPTS?: string;
  /** The wait before the second attempt, in seconds (each later wait is 3 times longer): 30. */
  WEBSUB_HUB_RETRY_SECONDS?: string;
}

export interface HubSettings {
  requestsPerMinute: number;
  deliveryAttempts: number;
  retryBaseSeconds: number;
}

/** Each wait between delivery attempts is this many times the one before... */
export const RETRY_FACTOR = 3;
/** ...up to this many seconds (six hours). */
export const RETRY_CAP_SECONDS = 6 * 3_600;

/**
 * The queue's own limit (wrangler.toml max_retries = 10) is a backstop: the consumer gives a
 * subscriber up itself after deliveryAttempts, so that it can record it.
 */
const MAX_DELIVERY_ATTEMPTS = 11;

function whole(
  name: keyof HubVariables,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
) {
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `wrangler.toml: ${name}: expected a whole number from ${min} to ${max}, found ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** The hub's tunable numbers for an environment; a bad value fails as loudly as a bad SITE_ORIGIN. */
export function hubSettings(bindings: object): HubSettings {
  // Bindings hold other things too; these variables are all optional strings.
  const env = bindings as HubVariables;
  return {
    requestsPerMinute: whole(
      "WEBSUB_HUB_REQUESTS_PER_MINUTE",
      env.WEBSUB_HUB_REQUESTS_PER_MINUTE,
      20,
      1,
      10_000,
    ),
    deliveryAttempts: whole(
      "WEBSUB_HUB_DELIVERY_ATTEMPTS",
      env.WEBSUB_HUB_DELIVERY_ATTEMPTS,
      8,
      1,
      MAX_DELIVERY_ATTEMPTS,
    ),
    retryBaseSeconds: whole("WEBSUB_HUB_RETRY_SECONDS", env.WEBSUB_HUB_RETRY_SECONDS, 30, 0, 3_600),
  };
}

/**
 * The wait after failed attempt `attempt` (1 for the first): base, then 3 times longer each time,
 * never more than RETRY_CAP_SECONDS. With the defaults: 30 s, 90 s, 4.5 min, 13.5 min, 40.5 min,
 * 2 h 1.5 min, 6 h — about 9 hours from the first attempt to the eighth.
 */
export function retryDelaySeconds(attempt: number, settings: HubSettings): number {
  return Math.min(RETRY_CAP_SECONDS, settings.retryBaseSeconds * RETRY_FACTOR ** (attempt - 1));
}

/** A requested lease, clamped to what the hub grants; the default when none (or an empty one) is asked. */
export function grantedLease(requested: number | undefined): number {
  if (requested === undefined) return DEFAULT_LEASE_SECONDS;
  return Math.min(MAX_LEASE_SECONDS, Math.max(MIN_LEASE_SECONDS, requested));
}
