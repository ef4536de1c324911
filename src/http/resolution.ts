import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RetractedArticle } from "../content/schema";
import { cacheControlFor } from "../documents/cache-policy";
import type { Resolution } from "../site/resolve";
import type { AppEnv } from "./types";

/**
 * A permanent move to `path` on this site. The Location is built on the configured origin, never on
 * the request's Host: a redirect is cached publicly for a day, so one built from a forged Host would
 * send every later reader elsewhere.
 */
export function permanentRedirect(c: Context<AppEnv>, path: string): Response {
  const { site, moment } = c.var;
  const target = new URL(path, `${site.config.origin}/`);
  // A path is always site-relative here; one that would leave the origin ("//elsewhere") is refused.
  if (target.origin !== site.config.origin)
    throw new HTTPException(404, { message: "Nothing at this address." });
  c.header("Cache-Control", cacheControlFor("redirect", site.config, moment));
  return c.redirect(target.href, 301);
}

/** 410 Gone for something taken down, with the retracted article whose notice is shown, if it is one. */
export class GoneException extends HTTPException {
  constructor(
    message: string,
    readonly retracted: RetractedArticle | undefined,
  ) {
    super(410, { message });
  }
}

/**
 * The response for a resolution: `then` for what was found, 301 for a move, 410 for what was taken
 * down, 404 with the reason for nothing.
 */
export function answer<T>(
  c: Context<AppEnv>,
  resolution: Resolution<T>,
  then: (value: T) => Response | Promise<Response>,
): Response | Promise<Response> {
  switch (resolution.kind) {
    case "found":
      return then(resolution.value);
    case "moved":
      return permanentRedirect(c, resolution.path);
    case "gone":
      throw new GoneException(resolution.reason, resolution.retracted);
    case "missing":
      throw new HTTPException(404, { message: resolution.reason });
  }
}

/** The response for a resolution that can only be a move or nothing (short URLs, guesses). */
export function answerMove(c: Context<AppEnv>, resolution: Resolution<never>): Response {
  return answer(c, resolution, (nothing: never) => nothing) as Response;
}
