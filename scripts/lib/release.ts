// Output folder layout and the atomic switch between releases.
//
//   <out>/site            symlink → releases/<stamp>: the live site, what servers serve
//   <out>/releases/<stamp> one complete, verified build each
//   <out>/ledger/changes.jsonl  the append-only change feed, kept across builds
//   <out>/.work/<stamp>    state and sensitive data of a build (never served)
//   <out>/.astro-cache     Astro's incremental render cache (pages keyed by their data)
//
// A build writes a new release beside the live one and only then renames a fresh symlink
// over `site`. rename(2) is atomic, so a reader sees the old site or the new one, never a
// half-built one, and a build killed at any moment leaves the old site serving.
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ChangeEvent } from './build-state.ts';

export interface OutputLayout {
  out: string;
  live: string;
  releases: string;
  ledger: string;
  work: string;
  astroCache: string;
}

export function layoutOf(out: string): OutputLayout {
  return {
    out,
    live: path.join(out, 'site'),
    releases: path.join(out, 'releases'),
    ledger: path.join(out, 'ledger', 'changes.jsonl'),
    work: path.join(out, '.work'),
    astroCache: path.join(out, '.astro-cache'),
  };
}

export function newStamp(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\..*/, '')}-${String(now.getMilliseconds()).padStart(3, '0')}-${process.pid}`;
}

export async function liveRelease(layout: OutputLayout): Promise<string | null> {
  try {
    return path.basename(await readlink(layout.live));
  } catch {
    return null;
  }
}

export async function switchLive(layout: OutputLayout, stamp: string): Promise<void> {
  const temp = `${layout.live}.next-${process.pid}`;
  await rm(temp, { force: true });
  await symlink(path.join('releases', stamp), temp);
  await rename(temp, layout.live);
}

/** Removes releases other than the live one and the newest `keep`, and stale work folders. */
export async function pruneReleases(layout: OutputLayout, keep = 2): Promise<void> {
  const live = await liveRelease(layout);
  const stamps = (await readdir(layout.releases).catch(() => [] as string[])).sort().reverse();
  for (const stamp of stamps.slice(keep)) if (stamp !== live) await rm(path.join(layout.releases, stamp), { recursive: true, force: true });
  for (const stamp of await readdir(layout.work).catch(() => [] as string[])) {
    if (stamp !== live && !stamps.slice(0, keep).includes(stamp)) await rm(path.join(layout.work, stamp), { recursive: true, force: true });
  }
}

export async function readLedger(layout: OutputLayout): Promise<ChangeEvent[]> {
  let text: string;
  try {
    text = await readFile(layout.ledger, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as ChangeEvent);
}

export async function writeLedger(layout: OutputLayout, events: readonly ChangeEvent[]): Promise<void> {
  await mkdir(path.dirname(layout.ledger), { recursive: true });
  const temp = `${layout.ledger}.tmp-${process.pid}`;
  await writeFile(temp, events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : ''));
  await rename(temp, layout.ledger);
}
