import { isSubscriptionFeedPath } from "../urls/url-map";
import { grantedLease, MAX_CALLBACK_LENGTH, MAX_PUBLISH_TOPICS, MAX_SECRET_BYTES } from "./policy";

/**
 * Reading a request to the hub (W3C WebSub 5.1, and the publish notification common hubs accept):
 * a form of `hub.*` parameters, checked here for what can be told from the form alone. Whether the
 * topic's feed exists and whether the callback's host is safe to call are asked afterwards.
 */

export interface IntentRequest {
  mode: "subscribe" | "unsubscribe";
  /** The feed's URL as the site spells it: origin and path. */
  topic: string;
  /** The callback as the URL parser writes it. */
  callback: string;
  /** The lease granted (requested, clamped to the hub's bounds, or the default). */
  leaseSeconds: number;
  /** Set only when the subscriber gave a non-empty secret. */
  secret?: string;
}

export interface PublishRequest {
  mode: "publish";
  /** The feeds said to have changed, each once, as the site spells them. */
  topics: string[];
}

export type HubRequest = IntentRequest | PublishRequest;

export type ParsedHubRequest = { ok: true; request: HubRequest } | { ok: false; reason: string };

const refuse = (reason: string): ParsedHubRequest => ({ ok: false, reason });

/** The one value of a parameter that must appear at most once. */
function single(form: URLSearchParams, name: string): { value?: string; reason?: string } {
  const values = form.getAll(name);
  if (values.length > 1) return { reason: `${name} must be given once, found ${values.length} values` };
  return values[0] === undefined ? {} : { value: values[0] };
}

/**
 * The topic `text` names when it is one of this site's subscription feeds ("origin/path", no query
 * or fragment), or undefined. The scheme alone decides here; the routes say whether the feed exists.
 */
export function ownTopic(text: string, origin: string, formats: readonly { fileName: string }[]) {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.origin !== origin || url.search !== "" || url.hash !== "" || url.username || url.password) {
    return undefined;
  }
  return isSubscriptionFeedPath(url.pathname, formats) ? url.origin + url.pathname : undefined;
}

function parseIntent(
  form: URLSearchParams,
  mode: IntentRequest["mode"],
  origin: string,
  formats: readonly { fileName: string }[],
): ParsedHubRequest {
  const topicParam = single(form, "hub.topic");
  const callbackParam = single(form, "hub.callback");
  const leaseParam = single(form, "hub.lease_seconds");
  const secretParam = single(form, "hub.secret");
  const repeated = [topicParam, callbackParam, leaseParam, secretParam].find((param) => param.reason);
  if (repeated?.reason) return refuse(repeated.reason);
  if (!topicParam.value) return refuse("hub.topic is missing");
  if (!callbackParam.value) return refuse("hub.callback is missing");
  const topic = ownTopic(topicParam.value, origin, formats);
  if (!topic) {
    return refuse(
      `hub.topic ${JSON.stringify(topicParam.value)} is not a feed of this site: this hub serves the subscription feeds on ${origin} only`,
    );
  }
  if (callbackParam.value.length > MAX_CALLBACK_LENGTH) {
    return refuse(`hub.callback is longer than ${MAX_CALLBACK_LENGTH} characters`);
  }
  let callback: URL;
  try {
    callback = new URL(callbackParam.value);
  } catch {
    return refuse(`hub.callback ${JSON.stringify(callbackParam.value)} is not an absolute URL`);
  }
  if (callback.hash !== "") return refuse("hub.callback must not have a fragment");
  let requestedLease: number | undefined;
  if (leaseParam.value !== undefined && leaseParam.value !== "") {
    if (!/^[0-9]{1,10}$/.test(leaseParam.value)) {
      return refuse(
        `hub.lease_seconds must be a whole number of seconds, found ${JSON.stringify(leaseParam.value)}`,
      );
    }
    requestedLease = Number(leaseParam.value);
  }
  const secret = secretParam.value;
  if (secret !== undefined && new TextEncoder().encode(secret).byteLength > MAX_SECRET_BYTES) {
    return refuse(`hub.secret is longer than ${MAX_SECRET_BYTES} bytes`);
  }
  return {
    ok: true,
    request: {
      mode,
      topic,
      callback: callback.href,
      leaseSeconds: grantedLease(requestedLease),
      ...(mode === "subscribe" && secret ? { secret } : {}),
    },
  };
}

function parsePublish(
  form: URLSearchParams,
  origin: string,
  formats: readonly { fileName: string }[],
): ParsedHubRequest {
  // hub.url is what common hubs read; hub.topic is accepted as a synonym.
  const urls = [...form.getAll("hub.url"), ...form.getAll("hub.topic")];
  if (urls.length === 0) return refuse("hub.url is missing: name the feeds that changed");
  if (urls.length > MAX_PUBLISH_TOPICS) {
    return refuse(`at most ${MAX_PUBLISH_TOPICS} hub.url values per notification, found ${urls.length}`);
  }
  const topics = new Set<string>();
  for (const url of urls) {
    const topic = ownTopic(url, origin, formats);
    if (!topic) return refuse(`hub.url ${JSON.stringify(url)} is not a feed of this site`);
    topics.add(topic);
  }
  return { ok: true, request: { mode: "publish", topics: [...topics] } };
}

/** Reads the form body of a POST to the hub. */
export function parseHubRequest(
  body: string,
  origin: string,
  formats: readonly { fileName: string }[],
): ParsedHubRequest {
  const form = new URLSearchParams(body);
  const mode = single(form, "hub.mode");
  if (mode.reason) return refuse(mode.reason);
  if (mode.value === "subscribe" || mode.value === "unsubscribe") {
    return parseIntent(form, mode.value, origin, formats);
  }
  if (mode.value === "publish") return parsePublish(form, origin, formats);
  return refuse(
    mode.value === undefined
      ? "hub.mode is missing: expected subscribe, unsubscribe or publish"
      : `hub.mode must be subscribe, unsubscribe or publish, found ${JSON.stringify(mode.value)}`,
  );
}
