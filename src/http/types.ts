import type { Site, SiteView } from "./site";

/** The request's time and what is published at that time. */
export interface Moment {
  nowMs: number;
  /** When the next scheduled article appears, if one is scheduled. */
  nextPublication: string | undefined;
  view: SiteView;
}

export type AppEnv = {
  Bindings: { SITE_ORIGIN?: string };
  Variables: { site: Site; moment: Moment };
};
