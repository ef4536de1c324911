import type { TestProject } from "vitest/node";
import { downHubUrl, startStandInHub } from "../../unit/helpers/stand-in-hub";

declare module "vitest" {
  export interface ProvidedContext {
    /** The stand-in hub's origin, http://127.0.0.1:<port> (see tests/unit/helpers/stand-in-hub.ts). */
    hubOrigin: string;
    /** A hub URL on 127.0.0.1 where nothing listens. */
    downHub: string;
  }
}

/**
 * The stand-in WebSub hub for the workerd tests: a Node server on 127.0.0.1, which the worker's
 * fetch reaches as it would reach a real hub (workerd's outbound network, no mock in between).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const hub = await startStandInHub();
  project.provide("hubOrigin", hub.origin);
  project.provide("downHub", await downHubUrl());
  return () => hub.close();
}
