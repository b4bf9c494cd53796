import { spawn } from 'node:child_process';

/**
 * glibc raises its threshold for mapping large blocks after the first one is freed; the page-sized
 * buffers a scan is read through then stay in the heap and fragment it, and a process's peak
 * memory grows by a quarter. With the threshold fixed they are mapped, and given back when freed.
 */
export const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: String(128 * 1024) };

/**
 * The variable only counts when a process starts: on Linux without it, runs this script again
 * in a child that has it, passing signals on and ending as the child ends; returns whether it did.
 */
export function rerunWithMalloc(): boolean {
  if (process.platform !== 'linux' || process.env.MALLOC_MMAP_THRESHOLD_ !== undefined) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, ...MALLOC_ENV } });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) {
      // ended by a signal: end the same way, as a shell or a supervisor expects
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exitCode = code ?? 1;
  });
  return true;
}
