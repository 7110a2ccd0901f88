// How current the list is, in one small file at the root of the release. No page prints the
// as-of date or the build time: pages show them by reading this file in the browser
// (site/components/Freshness.astro), so a new day with no change to the list changes this
// file and nothing else. Every publication writes it.
import path from 'node:path';
import type { BuildState } from './build-state.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const FRESHNESS_FILE = 'freshness.json';

export interface Freshness {
  format: 'gongshi-freshness/1';
  /** The day the list is current as of (China time): what "名单信息截至" shows. */
  asOf: string;
  /** When this version was made (UTC, ISO 8601). */
  builtAt: string;
  /** The change feed's last seq: a client that saw it has seen every change. */
  lastChangeSeq: number;
  /** How many entries are public. */
  published: number;
}

export function freshnessOf(state: Pick<BuildState, 'asOf' | 'builtAt' | 'lastChangeSeq' | 'counts'>): Freshness {
  return { format: 'gongshi-freshness/1', asOf: state.asOf, builtAt: state.builtAt, lastChangeSeq: state.lastChangeSeq, published: state.counts.published };
}

export async function writeFreshness(dir: string, state: Pick<BuildState, 'asOf' | 'builtAt' | 'lastChangeSeq' | 'counts'>): Promise<void> {
  await writeFileAtomic(path.join(dir, FRESHNESS_FILE), `${JSON.stringify(freshnessOf(state))}\n`);
}
