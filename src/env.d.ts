// Lets `exports` from "cloudflare:workers" (used by the workerd tests) know the worker's own exports.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import("./index");
  }
}
