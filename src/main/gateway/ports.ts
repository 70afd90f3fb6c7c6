import { createServer } from 'node:net';

/** Port checks on 127.0.0.1, injected so the state machine's tests can stage a conflict. */
export interface PortProbe {
  isFree(port: number): Promise<boolean>;
  findFree(): Promise<number>;
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

export const loopbackPorts: PortProbe = {
  async isFree(port) {
    try {
      await listenOnce(port);
      return true;
    } catch {
      return false;
    }
  },
  findFree: () => listenOnce(0),
};
