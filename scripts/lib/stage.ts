// Runs one build stage in its own process, so each stage's time and peak memory can be
// measured, and a stage that crashes cannot leave the build half-done in memory.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

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
    const child = fork(script, args, { execArgv: stageExecArgv(process.execArgv), env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], signal, killSignal: 'SIGKILL' });
    child.on('message', (m) => (message = m as typeof message));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const ms = performance.now() - started;
      if (code === 0 && message) resolve({ stage: name, ms, maxRssMb: message.maxRssKb / 1024, result: message.result });
      else reject(new StageError(name, signal ? `stopped by ${signal}` : `exited with code ${code}`));
    });
  });
}

/**
 * The Node flags a stage runs with: its parent's, with a preloaded module's relative path
 * (`--import ./scripts/lib/compile-cache.ts`, package.json) made absolute. Relative, it is
 * resolved against the working folder, which the Astro stage changes before it forks a stage of
 * its own (scripts/stages/astro.ts): that stage could not start.
 */
export function stageExecArgv(execArgv: readonly string[], cwd = process.cwd()): string[] {
  const absolute = (specifier: string) => (/^\.\.?\//.test(specifier) ? pathToFileURL(path.resolve(cwd, specifier)).href : specifier);
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i]!;
    const joined = /^(--import|--require|-r)=(.*)$/.exec(flag);
    if (joined) out.push(`${joined[1]}=${absolute(joined[2]!)}`);
    else if ((flag === '--import' || flag === '--require' || flag === '-r') && i + 1 < execArgv.length) out.push(flag, absolute(execArgv[++i]!));
    else out.push(flag);
  }
  return out;
}

/** Called by a stage script at its end: sends its result and its peak memory to the parent. */
export function reportStage(result: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send({ result, maxRssKb: process.resourceUsage().maxRSS }, () => resolve());
  });
}
