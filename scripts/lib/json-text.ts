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
