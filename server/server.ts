/** Starts the app on a port (0 = any free port) and says where it answers. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError, type Warehouse } from '../warehouse/index.ts';
import { createApp, type AppOptions } from './app.ts';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(wh: Warehouse, port: number, options: AppOptions = {}): Promise<RunningServer> {
  const fundtrail = createApp(wh, options);
  const server: Server = createServer(fundtrail.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new UserError('PORT_IN_USE', `端口 ${port} 已被占用, 请用 --port 指定其他端口`, 1)
          : err,
      );
    });
    server.listen(port, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${actual}/`,
    port: actual,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => {
          fundtrail.close();
          if (err) reject(err);
          else resolve();
        });
      }),
  };
}
