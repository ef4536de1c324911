import type { TestProject } from "vitest/node";
import { downHubUrl, startStandInHub } from "../../unit/helpers/stand-in-hub";
import { startStandInSubscriber } from "../../unit/helpers/stand-in-subscriber";

declare module "vitest" {
  export interface ProvidedContext {
    /** The stand-in hub's origin, http://127.0.0.1:<port> (see tests/unit/helpers/stand-in-hub.ts). */
    hubOrigin: string;
    /** A hub URL on 127.0.0.1 where nothing listens. */
    downHub: string;
    /** The stand-in subscriber's origin (see tests/unit/helpers/stand-in-subscriber.ts). */
    subscriberOrigin: string;
  }
}

/**
 * The stand-in WebSub hub and subscriber for the workerd tests: a Node server on 127.0.0.1, which the worker's
 * fetch reaches as it would reach a real hub (workerd's outbound network, no mock in between).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const hub = await startStandInHub();
  project.provide("hubOrigin", hub.origin);
  project.provide("downHub", await downHubUrl());
  const subscriber = await startStandInSubscriber();
  project.provide("subscriberOrigin", subscriber.origin);
  return async () => {
    await hub.close();
    await subscriber.close();
  };
}
