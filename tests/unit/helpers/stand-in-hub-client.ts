/** The stand-in hub (stand-in-hub.ts) from any runtime with fetch: Node or workerd. */

export interface RecordedPing {
  method: string;
  contentType: string | undefined;
  body: string;
}

/** The client side, from any runtime with fetch: a hub's URL, its script, its log. */
export function hubClient(origin: string) {
  return {
    url: (name: string) => `${origin}/hub/${name}`,
    async script(name: string, statuses: readonly number[]): Promise<void> {
      await fetch(`${origin}/script/${name}`, { method: "PUT", body: JSON.stringify(statuses) });
    },
    async pings(name: string): Promise<RecordedPing[]> {
      return (await (await fetch(`${origin}/log/${name}`)).json()) as RecordedPing[];
    },
  };
}

/** The feed URLs of a recorded notification, after checking it is one (hub.mode=publish first). */
export function notifiedUrls(ping: RecordedPing): string[] {
  const form = new URLSearchParams(ping.body);
  if (ping.method !== "POST" || form.get("hub.mode") !== "publish") {
    throw new Error(`not a publish notification: ${ping.method} ${ping.body}`);
  }
  return form.getAll("hub.url");
}
