// Reading a JSON export too large to be one string. At 1,000,000 entries entries.json is 952 MB;
// V8 cannot hold it as one string (RangeError: Invalid string length), so `JSON.parse` of the
// file as text fails however much memory there is. The exports are one object whose bulk is an
// array (entries, events, cases): these read the array an element at a time and the rest of the
// object apart, with stream-json, so memory holds one element, not the file.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import chain from 'stream-chain';
import { parser } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { replace } from 'stream-json/filters/replace.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { streamValues } from 'stream-json/streamers/stream-values.js';

/** Where a JSON document is read from: a file, or bytes already in memory (a download). */
export type JsonSource = string | Uint8Array;

const CHUNK = 1 << 20;

function readableOf(source: JsonSource): Readable {
  if (typeof source === 'string') return createReadStream(source);
  return Readable.from((function* () {
    for (let at = 0; at < source.byteLength; at += CHUNK) yield source.subarray(at, at + CHUNK);
  })());
}

// Tokens carry whole strings, keys and numbers only (not also their pieces): about twice as fast.
const tokens = () => parser({ streamValues: false });

/** Whether a token opens an array that is a member of the top-level object named in `keys`. */
const opensMemberArray = (keys: ReadonlySet<string>) => (stack: (string | number | null)[], token: { name: string }) =>
  stack.length === 1 && keys.has(String(stack[0])) && token.name === 'startArray';

/** The elements of the array under `key` of the top-level object, in order. Breaking out of the
 *  loop stops the reading. A `key` that is not there, or not an array, yields nothing. */
export async function* arrayItems(source: JsonSource, key: string): AsyncGenerator<unknown> {
  const pipeline = chain([readableOf(source), tokens(), pick({ filter: opensMemberArray(new Set([key])), once: true }), streamArray()]);
  try {
    for await (const { value } of pipeline as AsyncIterable<{ value: unknown }>) yield value;
  } finally {
    pipeline.destroy();
  }
}

const EMPTY_ARRAY = [{ name: 'startArray' }, { name: 'endArray' }];

/** The whole document, read to its end (a syntax error anywhere throws), with the arrays under
 *  `keys` of the top-level object left empty (never assembled). A member named in `keys` that is
 *  not an array is kept as it is. */
export async function withArraysEmptied(source: JsonSource, keys: readonly string[]): Promise<unknown> {
  const pipeline = chain([readableOf(source), tokens(), replace({ filter: opensMemberArray(new Set(keys)), replacement: EMPTY_ARRAY }), streamValues()]);
  const values: unknown[] = [];
  for await (const { value } of pipeline as AsyncIterable<{ value: unknown }>) values.push(value);
  if (values.length !== 1) throw new SyntaxError(`expected one JSON value, found ${values.length}`);
  return values[0];
}
