import { readAtMost } from "../lib/read-at-most";
import { type CallbackRules, callbackProblem } from "./callback-safety";
import type { DeliveryMessage, HubMessage } from "./hub-queue";
import { CALLBACK_TIMEOUT_MS, type HubSettings, retryDelaySeconds } from "./policy";
import { hubSignature } from "./signature";
import { type DeliveryOutcome, type TopicHub, topicHubFor } from "./topic-hub";

/**
 * The queue consumer: one message per subscriber and change (queued by TopicHub.distribute). Each
 * delivery is a POST of the topic's whole document, with its Content-Type, a Link header naming the
 * hub and the topic (rel="hub", rel="self"), and X-Hub-Signature when the subscriber gave a secret.
 * A 2xx delivers; a 410 ends the subscription; anything else (another status, a redirect, no
 * answer within CALLBACK_TIMEOUT_MS, a callback that is no longer safe to call) is tried again
 * after retryDelaySeconds, and after settings.deliveryAttempts failed attempts the subscriber is
 * given up: its subscription is removed and the reason kept in its status, and a line is logged.
 */

export interface DeliveryContext {
  namespace: DurableObjectNamespace<TopicHub>;
  /** A publish notification's work for one feed: its deliveries queued when it changed. */
  distribute: (topic: string) => Promise<number>;
  hub: string;
  rules: CallbackRules;
  settings: HubSettings;
  send?: typeof fetch;
  now?: () => number;
}

/** Bytes of a subscriber's answer read (and then discarded): enough for an error's first words. */
const ANSWER_EXCERPT_BYTES = 512;

/** POSTs the document; what the subscriber made of it. */
async function post(
  message: DeliveryMessage,
  delivery: { body: ArrayBuffer; contentType: string; secret?: string },
  context: DeliveryContext,
): Promise<{ status: number } | { problem: string }> {
  const problem = await callbackProblem(new URL(message.callback), context.rules);
  if (problem) return { problem };
  const headers = new Headers({
    "Content-Type": delivery.contentType,
    Link: `<${context.hub}>; rel="hub", <${message.topic}>; rel="self"`,
  });
  if (delivery.secret) headers.set("X-Hub-Signature", await hubSignature(delivery.secret, delivery.body));
  try {
    const response = await (context.send ?? fetch)(message.callback, {
      method: "POST",
      headers,
      body: delivery.body,
      redirect: "manual",
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    await readAtMost(response, ANSWER_EXCERPT_BYTES);
    return { status: response.status };
  } catch (error) {
    return { problem: `could not be reached (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** Delivers one message, and acks it or asks for it again. */
export async function deliverOne(message: Message<DeliveryMessage>, context: DeliveryContext): Promise<void> {
  const now = context.now ?? Date.now;
  const { topic, callback, version } = message.body;
  const stub = topicHubFor(context.namespace, topic);
  const delivery = await stub.deliveryFor(callback, version, now());
  if (delivery.kind === "skip") {
    message.ack();
    return;
  }
  const answer = await post(message.body, delivery, context);
  let outcome: DeliveryOutcome;
  if ("status" in answer && answer.status >= 200 && answer.status <= 299) {
    outcome = { kind: "delivered", status: answer.status };
  } else if ("status" in answer && answer.status === 410) {
    outcome = { kind: "gone" };
  } else {
    const problem = "status" in answer ? `the callback answered ${answer.status}` : answer.problem;
    const gaveUp = message.attempts >= context.settings.deliveryAttempts;
    outcome = { kind: "failed", attempt: message.attempts, problem, gaveUp };
  }
  await stub.recordDelivery(topic, callback, outcome, now());
  if (outcome.kind === "failed" && !outcome.gaveUp) {
    message.retry({ delaySeconds: retryDelaySeconds(message.attempts, context.settings) });
    return;
  }
  if (outcome.kind !== "delivered") {
    // One JSON line per subscription the hub ended, for `wrangler tail` and the logs.
    console.error(
      JSON.stringify({
        event: outcome.kind === "gone" ? "websub.subscription.gone" : "websub.subscription.given-up",
        topic,
        callbackHost: new URL(callback).host,
        ...(outcome.kind === "failed" ? { attempts: outcome.attempt, lastError: outcome.problem } : {}),
      }),
    );
  }
  message.ack();
}

/**
 * The queue handler's work: every message of the batch at once, whether a feed to distribute or a
 * delivery. A message whose work fails in the hub itself (its Durable Object unreachable, the
 * feed not built, say) is tried again on its own, later: were the error to escape, the queue would
 * deliver the whole batch again, the messages already delivered too.
 */
export async function deliverBatch(batch: MessageBatch<HubMessage>, context: DeliveryContext): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const body = message.body;
      try {
        if ("distribute" in body) {
          await context.distribute(body.distribute);
          message.ack();
        } else {
          await deliverOne(message as Message<DeliveryMessage>, context);
        }
      } catch (error) {
        console.error(
          JSON.stringify({
            event: "websub.hub-error",
            topic: "distribute" in body ? body.distribute : body.topic,
            attempt: message.attempts,
            error: error instanceof Error ? error.message : String(error),
          }),
        );
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts, context.settings) });
      }
    }),
  );
}
