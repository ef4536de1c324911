import type { FeedLinks } from "../feeds/feed-model";

/** The feeds a page offers: a family's title and its document in every format. */
export interface FeedSet {
  title: string;
  links: FeedLinks;
}
