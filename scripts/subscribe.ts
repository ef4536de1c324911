/**
 * `npm run subscribe -- <feed URL> [--port N] [--lease SECONDS]`: a WebSub subscriber on this
 * machine that knows only a feed's URL. It finds the feed's hub (its Link header, or the feed's own
 * hub links), listens on 127.0.0.1, subscribes with a fresh secret, answers the hub's verification,
 * and prints each delivery with whether its X-Hub-Signature verifies. Ctrl-C unsubscribes (and
 * waits a few seconds for the hub to verify that) before it stops.
 *
 * With `npm run dev` running: `npm run subscribe -- http://localhost:8787/feed.xml`, then edit an
 * article in content/ and watch the delivery arrive.
 */
import { parseArgs } from "node:util";
import { discover, newestTitle, type SubscriberEvent, startSubscriber } from "./lib/websub-subscriber";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string" }, lease: { type: "string" } },
});
const feedUrl = positionals[0];
if (!feedUrl || positionals.length > 1) {
  console.error("usage: npm run subscribe -- <feed URL> [--port N] [--lease SECONDS]");
  process.exit(2);
}

let unsubscribed: (() => void) | undefined;

function show(event: SubscriberEvent): void {
  const time = new Date().toISOString();
  if (event.kind === "verified") {
    console.log(
      `${time} hub verified the ${event.mode}${event.leaseSeconds ? ` (lease ${event.leaseSeconds} s)` : ""}`,
    );
    if (event.mode === "unsubscribe") unsubscribed?.();
  } else if (event.kind === "denied") {
    console.log(`${time} hub denied the subscription: ${event.reason || "no reason given"}`);
  } else {
    const { body, contentType, signatureValid } = event.delivery;
    const title = newestTitle(body, contentType);
    console.log(
      `${time} delivery: ${body.length} bytes of ${contentType}, signature ${signatureValid ? "verified" : "INVALID (ignored)"}${title ? `; newest: ${title}` : ""}`,
    );
  }
}

const found = await discover(feedUrl);
console.log(`hub ${found.hub}, topic ${found.topic}`);
const subscriber = await startSubscriber({
  ...found,
  ...(values.port ? { port: Number(values.port) } : {}),
  onEvent: show,
});
console.log(`listening for the hub at ${subscriber.callback}`);
const answer = await subscriber.subscribe(values.lease ? Number(values.lease) : undefined);
console.log(`subscribe: the hub answered ${answer.status}${answer.text ? `: ${answer.text}` : ""}`);
if (answer.status !== 202 && answer.status !== 204) {
  await subscriber.close();
  process.exit(1);
}

async function stop(): Promise<never> {
  const done = new Promise<void>((resolve) => {
    unsubscribed = resolve;
  });
  const leaving = await subscriber.unsubscribe();
  console.log(`unsubscribe: the hub answered ${leaving.status}`);
  if (leaving.status === 202)
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  await subscriber.close();
  process.exit(0);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stop());
