/** Servers on 127.0.0.1: the load and network tests, and the local tools, reach nothing else. */
import { createServer, type Server } from "node:net";

/** Starts `server` listening on 127.0.0.1 (any free port unless given), and says on which port. */
export function listenOnLoopback(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      if (address === null || typeof address === "string") reject(new Error("127.0.0.1: no port"));
      else resolve(address.port);
    });
  });
}

/** A port the OS reports free on 127.0.0.1 now, so that a URL can name it before anything binds it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
