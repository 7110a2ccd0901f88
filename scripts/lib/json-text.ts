// JSON text of the published state's parts, made once. The state's chunks (state-files.ts) write
// every entry as JSON, and the planner's keys (pages.ts outputKey) hash the JSON of what each
// output reads, which for most outputs is an entry or a page of them: at 100,000 entries,
// stringifying the same records again for each took seconds of every publication.
//
// `jsonText(value)` is exactly `JSON.stringify(value)`: the keys the live release was planned
// from stay valid, and tests/unit/json-text.test.ts holds the two equal for any JSON value.

/**
 * Each entry's JSON by the very object: entries are never changed in place (publish-state.ts
 * LoadResult), so the text made when the state's chunks are written serves the planner too.
 */
let entryTexts = new WeakMap<object, string>();

/** Lets the texts go while their entries live on (a publication's later stages): at a million entries they are a gigabyte. */
export function forgetEntryTexts(): void {
  entryTexts = new WeakMap();
}

/**
 * A resident publisher's entries as it last published them, by id (watch mode, a bench's runs).
 * internEntries gives an entry equal field for field to the one kept under its id as that very
 * object, frozen, so that the digests of groups of entries (groupDigest: the state's chunks, the
 * planner's units, the export pieces) are made once across publications, and an unchanged
 * group's entries are never stringified. At 100,000 entries a delisting stringified every entry
 * and hashed its text three times.
 */
export type KeptEntries = Map<string, object & { id: string }>;

/**
 * `entries`, each one equal to the kept entry of its id replaced by that entry; all frozen, and
 * kept in place of what was kept. Equal: the same keys in the same order, and values that are
 * the same primitives or arrays of the same primitives (JSON.stringify then writes the same
 * text). An entry holding any other object is never taken for another.
 */
export function internEntries<E extends object & { id: string }>(entries: readonly E[], kept: KeptEntries): E[] {
  const interned = entries.map((entry) => {
    const known = kept.get(entry.id);
    if (known !== undefined && known !== entry && sameFields(entry as Record<string, unknown>, known as Record<string, unknown>)) return known as E;
    if (!Object.isFrozen(entry)) {
      for (const value of Object.values(entry)) if (Array.isArray(value)) Object.freeze(value);
      Object.freeze(entry);
    }
    return entry;
  });
  kept.clear();
  for (const entry of interned) kept.set(entry.id, entry);
  return interned;
}

function sameFields(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== others[i]) return false;
    const x = a[key];
    const y = b[key];
    if (typeof x !== 'object' || x === null) {
      if (x !== y) return false;
    } else if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    else for (let j = 0; j < x.length; j++) if (x[j] !== y[j] || (typeof x[j] === 'object' && x[j] !== null)) return false;
  }
  return true;
}

/** Each group's entries (by identity), what else its digest was made of, and the digest. */
const groupDigests = new Map<string, { entries: readonly object[]; extra: string; digest: string }>();

/**
 * `make()`, the digest of `entries`' texts and `extra`, remembered under `name` (named by its
 * maker: `unit:…`, `run:…`) while the entries are the very same objects in the same order and
 * `extra` the same. Only frozen entries (internEntries') are remembered: an object that can
 * change could hold another text under the same identity.
 */
export function groupDigest(name: string, entries: readonly object[], extra: string, make: () => string): string {
  const known = groupDigests.get(name);
  if (known && known.extra === extra && known.entries.length === entries.length && known.entries.every((e, i) => e === entries[i])) return known.digest;
  const digest = make();
  if (entries.every((e) => Object.isFrozen(e))) groupDigests.set(name, { entries: [...entries], extra, digest });
  return digest;
}

/** `JSON.stringify(entry)`, made once per entry object. */
export function entryJson(entry: object): string {
  let text = entryTexts.get(entry);
  if (text === undefined) {
    text = JSON.stringify(entry);
    entryTexts.set(entry, text);
  }
  return text;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * `JSON.stringify(value)`, taking entries' text from entryJson and stringifying any other object
 * met again (a court's contact, the measure counts that every entry page reads) once for all the
 * values one writer is given. The top value and arrays are not kept (each output makes its own),
 * and the objects must not change while the writer is used.
 */
export function jsonWriter(): (value: unknown) => string | undefined {
  const seen = new Map<object, string>();
  const textOf = (value: unknown, nested: boolean): string | undefined => {
    if (typeof value !== 'object' || value === null) return JSON.stringify(value);
    const known = entryTexts.get(value) ?? seen.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      let text = '[';
      for (let i = 0; i < value.length; i++) text += `${i ? ',' : ''}${textOf(value[i], true) ?? 'null'}`;
      return `${text}]`;
    }
    if (!isPlainObject(value)) return JSON.stringify(value);
    let text = '{';
    for (const key of Object.keys(value)) {
      const member = textOf(value[key], true);
      if (member !== undefined) text += `${text.length > 1 ? ',' : ''}${JSON.stringify(key)}:${member}`;
    }
    text += '}';
    if (nested) seen.set(value, text);
    return text;
  };
  return (value) => textOf(value, false);
}

/** `JSON.stringify(value)` (see jsonWriter). */
export function jsonText(value: unknown): string | undefined {
  return jsonWriter()(value);
}
