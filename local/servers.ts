// Listening and closing the plane's own servers (ARM, admin, the registry fronts) the same way:
// loopback only, the port used last time when it is still free (clients that kept the old address
// keep working across a restart), any free port otherwise; closing drops idle keep-alive sockets.
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';

type Server = HttpServer | HttpsServer;

export function listen(server: Server, preferred: number, host = '127.0.0.1'): Promise<number> {
  const attempt = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as { port: number }).port);
      });
    });
  return attempt(preferred).catch(() => attempt(0));
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
