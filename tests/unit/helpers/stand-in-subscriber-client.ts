/** The stand-in subscriber (stand-in-subscriber.ts) from any runtime with fetch: Node or workerd. */

export interface SubscriberConfig {
  /** The hub.secret the deliveries' X-Hub-Signature is checked against. */
  secret?: string;
  /** How verifications are answered: the exact challenge, another string, or a redirect. */
  answer?: "echo" | "wrong" | "redirect";
  /** Statuses the next deliveries get, in order (204 after). */
  statuses?: number[];
}

export type SubscriberEvent =
  | {
      kind: "verify";
      mode: string | null;
      topic: string | null;
      challenge: string;
      leaseSeconds: string | null;
      query: string;
    }
  | {
      kind: "delivery";
      contentType: string | undefined;
      link: string | undefined;
      signature: string | undefined;
      /** Checked with node:crypto; null when no secret was configured. */
      signatureValid: boolean | null;
      bodyBase64: string;
    };

export function subscriberClient(origin: string) {
  return {
    callback: (name: string) => `${origin}/cb/${name}`,
    async configure(name: string, config: SubscriberConfig): Promise<void> {
      await fetch(`${origin}/config/${name}`, { method: "PUT", body: JSON.stringify(config) });
    },
    async events(name: string): Promise<SubscriberEvent[]> {
      return (await (await fetch(`${origin}/log/${name}`)).json()) as SubscriberEvent[];
    },
  };
}
