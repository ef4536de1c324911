/**
 * Telling WebSub hubs that feeds changed: one POST per hub, form-encoded, `hub.mode=publish` and one
 * `hub.url` per feed (the publish notification common hubs accept; W3C WebSub leaves its form to
 * the hub). The hub then fetches each feed and delivers what is new to its subscribers. Runs in
 * Node (after `npm run publish`) and in the worker (the scheduled handler).
 */

export interface PingOptions {
  /** The fetch to use; the global one unless a test replaces it. */
  fetch?: typeof fetch;
  /** Waits between attempts; setTimeout unless a test records the delays instead. */
  sleep?: (ms: number) => Promise<void>;
  /** Attempts per hub, the first included. */
  attempts?: number;
  /** The wait before the second attempt; each later wait doubles it. */
  firstDelayMs?: number;
  /** How long one attempt may take before it counts as a network failure. */
  timeoutMs?: number;
}

/** What one hub made of the notification, after every attempt it took. */
export type HubOutcome =
  | { hub: string; ok: true; status: number; attempts: number }
  | { hub: string; ok: false; attempts: number; problem: string };

const DEFAULTS = { attempts: 3, firstDelayMs: 1_000, timeoutMs: 10_000 };

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The body of the notification: `hub.mode=publish`, then one `hub.url` per feed, in the order given. */
export function publishNotification(topics: readonly string[]): string {
  return new URLSearchParams([
    ["hub.mode", "publish"],
    ...topics.map((topic): [string, string] => ["hub.url", topic]),
  ]).toString();
}

/** A hub's answer worth trying again: it is overloaded or failing (5xx) or asks us to slow down (429). */
function isTransient(status: number): boolean {
  return status >= 500 || status === 429;
}

/** The start of a response's text on one line, for a report; the body is read so nothing leaks. */
async function excerpt(response: Response): Promise<string> {
  const text = (await response.text()).replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Tells `hub` that `topics` changed. A network failure, a timeout, a 5xx or a 429 is tried again
 * after 1 s, then 2 s (by default); any other answer but a 2xx is final. Never rejects: the outcome
 * says what happened. Redirects are not followed, since following one would turn the POST into a GET.
 */
export async function pingHub(
  hub: string,
  topics: readonly string[],
  options: PingOptions = {},
): Promise<HubOutcome> {
  const send = options.fetch ?? fetch;
  const sleep = options.sleep ?? wait;
  const attempts = options.attempts ?? DEFAULTS.attempts;
  const firstDelayMs = options.firstDelayMs ?? DEFAULTS.firstDelayMs;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const body = publishNotification(topics);
  let problem = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(firstDelayMs * 2 ** (attempt - 2));
    let response: Response;
    try {
      response = await send(hub, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      problem = `could not be reached (${error instanceof Error ? error.message : String(error)})`;
      continue;
    }
    const text = await excerpt(response);
    if (response.status >= 200 && response.status < 300) {
      return { hub, ok: true, status: response.status, attempts: attempt };
    }
    problem = `answered ${response.status}${text ? `: ${text}` : ""}`;
    if (!isTransient(response.status)) return { hub, ok: false, attempts: attempt, problem };
  }
  return { hub, ok: false, attempts, problem };
}

/** Tells every hub at once; one outcome per hub, in the order given. */
export function pingHubs(
  hubs: readonly string[],
  topics: readonly string[],
  options: PingOptions = {},
): Promise<HubOutcome[]> {
  return Promise.all(hubs.map((hub) => pingHub(hub, topics, options)));
}

/** One line per hub for a person reading a log: which hub, what it answered, after how many tries. */
export function describeOutcome(outcome: HubOutcome): string {
  const tries = `${outcome.attempts} attempt${outcome.attempts === 1 ? "" : "s"}`;
  return outcome.ok
    ? `${outcome.hub} accepted (${outcome.status}, ${tries})`
    : `${outcome.hub} FAILED after ${tries}: ${outcome.problem}`;
}

/**
 * The fetch for pinging the hubs from the worker: the own hub (`ownHub`) is answered by `handle` in
 * this isolate, every other hub over the network.
 */
export function ownHubFetch(
  ownHub: string | undefined,
  handle: (request: Request) => Promise<Response>,
  send: typeof fetch = fetch,
): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    return ownHub !== undefined && request.url === ownHub ? handle(request) : send(request);
  };
}
