/**
 * The WebSub ping after `npm run publish`: once the publish has switched readers to its content,
 * every hub of the environment (the site's own hub too, when WEBSUB_OWN_HUB is on) is told, in one
 * request, about every subscribable feed the publish
 * changed (src/websub/publish-topics.ts says which). A hub that fails is retried with backoff and
 * reported; the publish stands whatever the hubs answer.
 */
import { isLoopback, resolveSiteConfig, siteSettings } from "../../src/config/site";
import { standardFormats } from "../../src/feeds/formats";
import type { PublishReport, SqlTarget } from "../../src/store/d1-publish";
import { describeOutcome, type HubOutcome, type PingOptions, pingHubs } from "../../src/websub/ping";
import { topicsChangedBy } from "../../src/websub/publish-topics";
import { PLACEHOLDER_ORIGIN } from "./deploy-check";

export interface PublishPingSettings {
  /** SITE_ORIGIN of the environment published to: the feeds' URLs are on it. */
  origin: string;
  /** WEBSUB_HUBS of that environment, parsed, after the site's own hub when it is on. */
  hubs: readonly string[];
  /** The site's own hub, when WEBSUB_OWN_HUB is on (see resolveSiteConfig). */
  ownHub?: string;
  /**
   * How long to wait after the switch before telling the hubs: until every edge location serves
   * the publish (its CONTENT_CHECK_SECONDS, and a second for the D1 round trip), so that a hub
   * fetching a feed at once gets the new one.
   */
  settleMs: number;
  /** Retries, and a test's fetch and clock. */
  ping?: PingOptions;
}

export interface PublishPings {
  /** The feeds the hubs were told about (empty: nothing visible changed). */
  topics: string[];
  /** Articles written with a publication time still to come: the worker pings when each is due. */
  scheduled: string[];
  outcomes: HubOutcome[];
  /** Why no hub was told although there was something to tell. */
  skipped?: string;
}

/**
 * The settings for an environment's variables (wrangler.toml, and .dev.vars for the local one),
 * read as the worker reads them: a bad SITE_ORIGIN or WEBSUB_HUBS throws the worker's error.
 */
export function publishPingSettings(vars: Record<string, unknown>): PublishPingSettings {
  const text = (name: string) => (typeof vars[name] === "string" ? (vars[name] as string) : undefined);
  const seconds = Number(text("CONTENT_CHECK_SECONDS") ?? Number.NaN);
  // With WEBSUB_OWN_HUB on, the site's own hub (<origin>/websub) is the first of them: locally it
  // answers while `npm run dev` runs, and is reported as unreachable otherwise, like any hub down.
  const { origin, hubs, ownHub } = resolveSiteConfig({
    SITE_ORIGIN: text("SITE_ORIGIN"),
    WEBSUB_HUBS: text("WEBSUB_HUBS"),
    WEBSUB_OWN_HUB: text("WEBSUB_OWN_HUB"),
  });
  return {
    origin,
    hubs,
    ...(ownHub ? { ownHub } : {}),
    // The worker trusts its snapshot for 5 s when the variable is unset (createApp).
    settleMs: ((Number.isFinite(seconds) && seconds >= 0 ? seconds : 5) + 1) * 1000,
  };
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Tells the hubs what `report`'s publish changed, if anything visible changed and there are hubs. */
export async function pingAfterPublish(
  target: SqlTarget,
  report: PublishReport,
  settings: PublishPingSettings,
): Promise<PublishPings> {
  if (settings.hubs.length === 0) return { topics: [], scheduled: [], outcomes: [] };
  const { topics, scheduled } = await topicsChangedBy(target, report, {
    origin: settings.origin,
    formats: standardFormats,
    defaultAuthor: siteSettings.defaultAuthor,
  });
  if (topics.length === 0) return { topics, scheduled, outcomes: [] };
  if (settings.origin === PLACEHOLDER_ORIGIN) {
    return {
      topics,
      scheduled,
      outcomes: [],
      skipped: `SITE_ORIGIN is still the example ${PLACEHOLDER_ORIGIN}: no hub is told about feeds on someone else's domain`,
    };
  }
  await (settings.ping?.sleep ?? wait)(settings.settleMs);
  return { topics, scheduled, outcomes: await pingHubs(settings.hubs, topics, settings.ping) };
}

/** Whether `hub` is the own hub of a site that runs on this machine (answered by `npm run dev`). */
function isLocalOwnHub(hub: string, settings: Pick<PublishPingSettings, "origin" | "ownHub">): boolean {
  return hub === settings.ownHub && isLoopback(new URL(settings.origin).hostname);
}

/** What the publish's output says about the hubs: nothing when no hub is configured. */
export function describePings(
  pings: PublishPings,
  settings: Pick<PublishPingSettings, "hubs" | "origin" | "ownHub">,
): string[] {
  if (settings.hubs.length === 0) return [];
  const lines: string[] = [];
  if (pings.scheduled.length > 0) {
    lines.push(
      `websub: scheduled for later, told to the hubs by the worker when each comes due: ${pings.scheduled.join(", ")}`,
    );
  }
  if (pings.skipped) lines.push(`websub: not telling the hubs: ${pings.skipped}`);
  else if (pings.topics.length === 0) lines.push("websub: no feed changed; no hub told");
  for (const outcome of pings.outcomes) {
    lines.push(
      `websub: ${pings.topics.length} feed${pings.topics.length === 1 ? "" : "s"}: ${describeOutcome(outcome)}`,
    );
    if (!outcome.ok && isLocalOwnHub(outcome.hub, settings)) {
      lines.push(
        "websub: the publish stands; the site's own hub runs in the local worker, which did not answer: with `npm run dev` running, its subscribers get each change as it is published",
      );
    } else if (!outcome.ok) {
      lines.push(
        `websub: the publish stands; subscribers of ${outcome.hub} get the change at their next poll of the feeds`,
      );
    }
  }
  return lines;
}
