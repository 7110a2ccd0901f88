// Named places where a publication can be killed on purpose, so tests can check that a
// crash at each of them leaves a consistent site and change feed (kill -9 at an exact
// moment cannot be timed from outside). Inert unless GONGSHI_FAILPOINT names the place.
/** In the order a publication passes them (publish.ts); `released` in a release only, `state-replaced` in a patch only. */
export const FAILPOINTS = ['build:read', 'build:planned', 'build:rendered', 'build:verified', 'build:sources-written', 'build:ledger-written', 'build:mid-apply', 'build:released', 'build:live', 'build:state-replaced', 'build:pruned'] as const;
export type Failpoint = (typeof FAILPOINTS)[number];

export function failpoint(name: Failpoint): void {
  if (process.env.GONGSHI_FAILPOINT === name) process.kill(process.pid, 'SIGKILL');
}

/**
 * A fault to inject rather than a kill: `build:page-unwritten` deletes one planned page after
 * the renderer ran, as a renderer that skipped a path would leave it (publish.ts must refuse).
 */
export type Fault = 'build:page-unwritten';

export function fault(name: Fault): boolean {
  return process.env.GONGSHI_FAILPOINT === name;
}
