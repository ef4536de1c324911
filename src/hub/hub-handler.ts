import { isLoopback, resolveSiteConfig } from "../config/site";
import { standardFormats } from "../feeds/formats";
import { withSecurityHeaders } from "../http/security-headers";
import { readAtMost } from "../lib/read-at-most";
import { quotaFor } from "./callback-quota";
import { type CallbackRules, callbackProblem, dohResolver, type Resolve } from "./callback-safety";
import { type DistributeMessage, queueAll } from "./hub-queue";
import { type IntentRequest, ownTopic, parseHubRequest } from "./hub-request";
import { hubSettings } from "./policy";
import { documentVersion } from "./signature";
import { topicHubFor } from "./topic-hub";
import { verifyIntent } from "./verify-intent";

/**
 * The site's own WebSub hub at /websub (when WEBSUB_OWN_HUB is "true"):
 *
 *   POST hub.mode=subscribe|unsubscribe   202, then verification of intent in the background
 *   POST hub.mode=publish, hub.url=…      202 once each named feed is queued; the queue consumer
 *                                         then delivers each one whose document changed
 *   GET  ?hub.topic=…&hub.callback=…      that subscription's state, as JSON (see TopicHub.status)
 *
 * A request the hub cannot take is answered 400 with the reason in plain text (429 with
 * Retry-After for a limit); nothing a request sends makes it answer 5xx.
 */

export interface HubDeps {
  /** The site's answer to a GET of `url`, in this isolate (the routes' own bytes, identity coding). */
  render: (url: string) => Promise<Response>;
  /** Host names to addresses: DNS over HTTPS unless a test gives its own. */
  resolve?: Resolve;
  /** The fetch that calls callbacks back; the global one unless a test gives its own. */
  send?: typeof fetch;
  now?: () => number;
}

/** Form bodies read at most: 2,000 feed URLs of a publish notification fit. */
const MAX_BODY_BYTES = 256 * 1024;

const ALLOW = "GET, HEAD, POST, OPTIONS";

function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(`${text}\n`, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The callback rules of an environment: local when SITE_ORIGIN is on a loopback host. */
export function callbackRules(origin: string, resolve: Resolve = dohResolver()): CallbackRules {
  return { local: isLoopback(new URL(origin).hostname), resolve };
}

/** Whether `url` (a request URL) is the hub's. */
export function isHubUrl(url: string, hubPath: string): boolean {
  // A cheap test first: this runs before every request the worker answers.
  if (!url.includes(hubPath)) return false;
  return new URL(url).pathname === hubPath;
}

async function readForm(request: Request): Promise<string | Response> {
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return plain(400, "Expected a form body (Content-Type: application/x-www-form-urlencoded).");
  }
  const body = await readAtMost(request, MAX_BODY_BYTES);
  return body ?? plain(400, `The form is longer than ${MAX_BODY_BYTES} bytes.`);
}

type TopicDocument =
  | { exists: false; status: number }
  | { exists: true; body: ArrayBuffer; contentType: string; version: string };

/** A topic's document as the routes serve it, when the feed exists. */
async function currentDocument(deps: HubDeps, topic: string): Promise<TopicDocument> {
  const response = await deps.render(topic);
  if (response.status !== 200) {
    await response.body?.cancel();
    return { exists: false, status: response.status };
  }
  const body = await response.arrayBuffer();
  return {
    exists: true,
    body,
    contentType: response.headers.get("Content-Type") ?? "application/octet-stream",
    version: await documentVersion(body),
  };
}

/**
 * A publish notification: one queue message per named feed, and 202 at once. Getting a feed's
 * document may mean building it (D1 reads and rendering, a few milliseconds each), and a
 * notification may name many feeds: done here, it could pass a request's CPU limit. The queue
 * consumer does it instead, a feed at a time (distributeTopic).
 */
async function publish(topics: readonly string[], env: Env): Promise<Response> {
  await queueAll(
    env.HUB_DELIVERIES,
    topics.map((topic) => ({ distribute: topic }) satisfies DistributeMessage),
  );
  return plain(
    202,
    `Accepted: ${topics.length} feed${topics.length === 1 ? "" : "s"} to fetch; subscribers get each one that changed.`,
  );
}

/**
 * The work of a publish notification for one feed (the queue consumer's): its document as the
 * routes serve it, handed to its topic's object, which queues one delivery per subscriber when the
 * document changed since the last distribution. Returns the deliveries queued.
 */
export async function distributeTopic(topic: string, env: Env, deps: HubDeps): Promise<number> {
  const document = await currentDocument(deps, topic);
  // A feed that no longer exists (its last article left it) has nothing to deliver.
  if (!document.exists) return 0;
  const result = await topicHubFor(env.TOPIC_HUB, topic).distribute(
    topic,
    document.version,
    document.contentType,
    document.body,
    (deps.now ?? Date.now)(),
  );
  return result.queued;
}

/** Verifies an intent (after the 202) and has its topic record the result. */
async function verifyAndSettle(intent: IntentRequest, env: Env, rules: CallbackRules, deps: HubDeps) {
  const now = deps.now ?? Date.now;
  const stub = topicHubFor(env.TOPIC_HUB, intent.topic);
  // Again, right before the call: the name may point elsewhere since the request (DNS rebinding).
  const unsafe = await callbackProblem(new URL(intent.callback), rules);
  const verification = unsafe
    ? ({ confirmed: false, problem: unsafe } as const)
    : await verifyIntent(intent, deps.send);
  if (verification.confirmed) await stub.confirm(intent, now());
  else {
    await stub.refused(intent, now());
    console.warn(
      `WebSub hub: ${intent.mode} of ${new URL(intent.callback).host} to ${intent.topic} not verified: ${verification.problem}`,
    );
  }
}

async function intent(
  request: IntentRequest,
  env: Env,
  ctx: ExecutionContext,
  deps: HubDeps,
  rules: CallbackRules,
): Promise<Response> {
  const now = deps.now ?? Date.now;
  const unsafe = await callbackProblem(new URL(request.callback), rules);
  if (unsafe) return plain(400, `${unsafe}.`);
  const stub = topicHubFor(env.TOPIC_HUB, request.topic);
  if (request.mode === "subscribe") {
    const document = await currentDocument(deps, request.topic);
    if (!document.exists) {
      return plain(
        400,
        `hub.topic ${request.topic} is not a feed of this site (it answers ${document.status}${document.status === 301 ? ": subscribe to the address it leads to" : ""}).`,
      );
    }
    await stub.baseline(request.topic, document.version, document.contentType, document.body);
    if (!(await stub.admits(request.callback, now()))) {
      return plain(429, "This topic has as many subscribers as the hub takes; try again later.", {
        "Retry-After": "3600",
      });
    }
  }
  const settings = hubSettings(env);
  const admission = await quotaFor(env.CALLBACK_QUOTA, request.callback).admit(
    request.mode,
    request.topic,
    request.callback,
    now(),
    settings.requestsPerMinute,
  );
  if (!admission.ok) {
    return plain(429, `${admission.reason}.`, { "Retry-After": String(admission.retryAfterSeconds) });
  }
  ctx.waitUntil(verifyAndSettle(request, env, rules, deps));
  return plain(
    202,
    `Accepted: the hub now verifies this ${request.mode} with a GET to the callback (hub.challenge).`,
  );
}

/** What a subscriber may read about its own subscription: both parameters are needed. */
async function status(url: URL, env: Env, origin: string, deps: HubDeps): Promise<Response> {
  const topicParam = url.searchParams.get("hub.topic");
  const callback = url.searchParams.get("hub.callback");
  if (topicParam === null && callback === null) {
    return plain(
      200,
      "This site's WebSub hub. POST hub.mode=subscribe with hub.topic (a feed of this site) and hub.callback; GET with both for the subscription's state.",
    );
  }
  const topic = topicParam === null ? undefined : ownTopic(topicParam, origin, standardFormats);
  if (!topic) return plain(400, "hub.topic must be a feed of this site.");
  let callbackUrl: URL;
  try {
    callbackUrl = new URL(callback ?? "");
  } catch {
    return plain(400, "hub.callback must be an absolute URL.");
  }
  const state = await topicHubFor(env.TOPIC_HUB, topic).status(callbackUrl.href, (deps.now ?? Date.now)());
  return new Response(JSON.stringify({ topic, callback: callbackUrl.href, ...state }), {
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** Answers a request to the hub's URL, with the security headers every reply of the site carries. */
export async function handleHub(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  deps: HubDeps,
): Promise<Response> {
  return withSecurityHeaders(await answerHub(request, env, ctx, deps));
}

async function answerHub(request: Request, env: Env, ctx: ExecutionContext, deps: HubDeps) {
  const config = resolveSiteConfig(env);
  const rules = callbackRules(config.origin, deps.resolve);
  const method = request.method;
  if (method === "GET" || method === "HEAD") {
    const response = await status(new URL(request.url), env, config.origin, deps);
    return method === "HEAD" ? new Response(null, response) : response;
  }
  if (method === "OPTIONS") return new Response(null, { status: 204, headers: { Allow: ALLOW } });
  if (method !== "POST") return plain(405, `Method ${method} is not allowed here.`, { Allow: ALLOW });
  const form = await readForm(request);
  if (form instanceof Response) return form;
  const parsed = parseHubRequest(form, config.origin, standardFormats);
  if (!parsed.ok) return plain(400, `${parsed.reason}.`);
  if (parsed.request.mode === "publish") return publish(parsed.request.topics, env);
  return intent(parsed.request, env, ctx, deps, rules);
}
