// What of a validated record the public may see, and the hash of that: the change feed compares
// it with the last hash the feed holds to tell a changed entry (a MOD) from an unchanged one.
// Both are functions of the record alone, so the reader computes the hash once with the read
// (ingest/read-files.ts) and the read cache keeps it with the parse; this module is among the
// reading code whose version keys every kept read (read-cache.ts), so a change here can never
// reuse a hash made by the old code. Imported by the readers: keep it small.
import { createHash } from 'node:crypto';
import type { Entry } from './schema/entry.ts';
import { PROVENANCE_FIELDS } from './schema/provenance.ts';

/** A record as published: without the two fields that are never shown (whether to disclose, the birth date). */
export type PublicPart = Omit<Entry, 'disclose' | 'bornOn'>;

export function publishedPart(entry: Entry): PublicPart {
  const { disclose: _disclose, bornOn: _bornOn, ...published } = entry;
  return published;
}

const PROVENANCE_KEYS: ReadonlySet<string> = new Set(PROVENANCE_FIELDS);

/**
 * Hash of an entry's public data. Its provenance is left out: it follows the events this hash
 * decides (withSources, withVersions in build-state.ts), so a court sending the same record
 * again, or editing another row of its file, changes nothing of it.
 */
export function entryHash(entry: PublicPart): string {
  return createHash('sha256').update(JSON.stringify(entry, (key, value) => (PROVENANCE_KEYS.has(key) ? undefined : value))).digest('hex').slice(0, 16);
}
