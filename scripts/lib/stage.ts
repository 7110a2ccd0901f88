// Runs one build stage in its own process, so each stage's time and peak memory can be
// measured, and a stage that crashes cannot leave the build half-done in memory.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface StageResult<T = unknown> {
  stage: string;
  ms: number;
  maxRssMb: number;
  result: T;
}

export class StageError extends Error {
  stage: string;
  constructor(stage: string, message: string) {
    super(message);
    this.stage = stage;
  }
}

/** Forks `scripts/stages/<name>.ts`, which must call `reportStage(result)` before exiting. `signal` stops it: SIGKILL, because a stage may be
 * blocked waiting for its input (site/lib/state.ts) where no signal handler can run. */
export function runStage<T>(name: string, args: string[], env: Record<string, string> = {}, signal?: AbortSignal): Promise<StageResult<T>> {
  const started = performance.now();
  const script = fileURLToPath(new URL(`../stages/${name}.ts`, import.meta.url));
  return new Promise((resolve, reject) => {
    let message: { result: T; maxRssKb: number } | undefined;
    const child = fork(script, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], signal, killSignal: 'SIGKILL' });
    child.on('message', (m) => (message = m as typeof message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      if (code === 0 && message) resolve({ stage: name, ms, maxRssMb: message.maxRssKb / 1024, result: message.result });
      else reject(new StageError(name, signal ? `stopped by ${signal}` : `exited with code ${code}`));
    });
  });
}

/** Called by a stage script at its end: sends its result and its peak memory to the parent. */
export function reportStage(result: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send({ result, maxRssKb: process.resourceUsage().maxRSS }, () => resolve());
  });
}
