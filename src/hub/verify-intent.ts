import { readAtMost } from "../lib/read-at-most";
import type { IntentRequest } from "./hub-request";
import { CALLBACK_TIMEOUT_MS } from "./policy";

/**
 * Verification of intent (W3C WebSub 5.3): a GET to the callback with hub.mode, hub.topic,
 * hub.challenge (and hub.lease_seconds for a subscribe) added to its query. Only a 2xx whose body
 * is exactly the challenge confirms; a redirect is not followed (it counts as a refusal), and an
 * answer that takes longer than CALLBACK_TIMEOUT_MS counts as a refusal too.
 */

export type Verification = { confirmed: true } | { confirmed: false; problem: string };

/** Bytes of a verification answer read at most: a challenge is 43 characters. */
const MAX_ANSWER_BYTES = 1_024;

/** 32 random bytes, base64url: unguessable, and safe in a query without escaping. */
export function newChallenge(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** The callback with `params` added to whatever query it has (which is kept as the subscriber wrote it). */
export function withQuery(callback: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `${callback}${callback.includes("?") ? "&" : "?"}${query}`;
}

export async function verifyIntent(
  intent: IntentRequest,
  send: typeof fetch = fetch,
  challenge: string = newChallenge(),
): Promise<Verification> {
  const url = withQuery(intent.callback, {
    "hub.mode": intent.mode,
    "hub.topic": intent.topic,
    "hub.challenge": challenge,
    ...(intent.mode === "subscribe" ? { "hub.lease_seconds": String(intent.leaseSeconds) } : {}),
  });
  let response: Response;
  try {
    response = await send(url, {
      method: "GET",
      redirect: "manual",
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
  } catch (error) {
    return {
      confirmed: false,
      problem: `the callback could not be reached (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const text = await readAtMost(response, MAX_ANSWER_BYTES);
  if (response.status < 200 || response.status > 299) {
    return { confirmed: false, problem: `the callback answered ${response.status}` };
  }
  if (text !== challenge) return { confirmed: false, problem: "the callback did not echo the challenge" };
  return { confirmed: true };
}
