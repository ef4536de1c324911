/** A queue message: deliver `version` of `topic` to `callback` (the body stays in the topic's object: see TopicHub.deliveryFor). */
export interface DeliveryMessage {
  topic: string;
  callback: string;
  version: string;
}

/**
 * A queue message: a publish notification named this topic; get its document and, when it changed,
 * queue its deliveries (hub-handler.ts, distributeTopic).
 */
export interface DistributeMessage {
  distribute: string;
}

/** What the hub's queue carries. */
export type HubMessage = DeliveryMessage | DistributeMessage;

/** Messages per sendBatch: the Queues limit. */
const SEND_BATCH = 100;

/**
 * Puts every message on the hub's queue (HUB_DELIVERIES), a batch at a time, in order: a publish
 * notification's feeds, and a changed feed's deliveries.
 */
export async function queueAll(queue: Queue, messages: readonly HubMessage[]): Promise<void> {
  for (let start = 0; start < messages.length; start += SEND_BATCH) {
    await queue.sendBatch(
      messages.slice(start, start + SEND_BATCH).map((body) => ({ body, contentType: "json" as const })),
    );
  }
}
