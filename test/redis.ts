/**
 * A Redis server of the tests' and benches' own (Debian's redis-server), on a loopback port,
 * its data kept on disk in `dir` so that a restart keeps the queue.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { queueStatus } from '../src/queue/index.js';

/** redis-server's path, or null where it is not installed. */
export const redisServer = (() => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
})();

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
  /** Stopped and started again on the same port and data, as an operator's restart would. */
  restart(): Promise<void>;
}

export async function startRedis(dir: string): Promise<RedisServer> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess;
  const start = async () => {
    server = spawn(redisServer!, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        await queueStatus({ redis: url });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stop = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  await start();
  return { url, stop, restart: async () => (await stop(), await start()) };
}
