// The privacy check of the bulk exports, piece by piece (verify-output.ts calls it).
//
// entries.json, the entry CSVs and changes.json are assembled from pieces (pieces.ts): a month
// of entries or a block of change events each, kept by content hash, between a head that
// carries the date and a tail. Scanning the assembled files whole took 8–13 s of every
// publication at 100,000 entries, although a delisting changes one month. So each kept piece
// is checked once, when it is first used, and its verdict is kept beside it:
//   - the full ID numbers its text holds (keyed hashes, with the masked form for the report);
//   - which hidden parties' strings its text holds, among those hidden when it was checked
//     (keyed hashes; `epoch` says which: see the ledger below);
//   - its text's edges as a reader reads them, and its distinct words, for what follows.
// Each publication then checks, in the file as assembled:
//   - the parts made anew (head, tail, separators) and the bytes around every join, in one
//     window per run of them: the text from a few thousand characters before a join to a few
//     thousand after, read as the whole file reads there, so a number or a name that
//     straddles two pieces is found;
//   - each kept piece against the strings hidden since its verdict only (a delisting adds the
//     delisted party's few strings), in the piece's distinct words: a string with no
//     punctuation in it can only occur inside one word, so this is exact; a string with
//     punctuation is looked for in the piece's whole text when all its words are there.
// Nothing of a kept piece is read again, and the assembled file is never scanned whole.
//
// Why the parts can be read apart (the property test, tests/unit/verify-pieces.test.ts,
// compares this with scanning the assembled file whole, finding for finding): every piece but
// the last ends with `}` `]` `[` `,` or a line feed, which no decoding joins to what follows
// (JSON and URL escapes, entities, NFKC, the Han joins of reader-text.ts), and which a UTF-8
// or GB18030 decoder ends a character on. Three things would make a reading depend on the
// rest of the file, and a file with any of them is scanned whole, as before: markup (tags are
// read together at the end of the file), a space or dot beside a Han character outside the
// range reader-text's quick tests look at (whether it is joined depends on the whole file),
// and a piece that does not end as above (or is not whole GB18030 where GBK is read). So is a
// file when a hidden string is longer than the edges kept.
//
// entries.xlsx is checked the same way, its sheet read as a spreadsheet shows it (xlsx.ts
// sheetText: a row a line, cells apart; attributes, row numbers among them, are not read), a
// piece of rows at a time: a row's text does not depend on its number, so a piece's verdict
// holds wherever the piece is. A piece must hold whole rows (else the workbook is read whole).
// The rest of the archive is checked whole (workbookContainer): every other part read as
// verify-output reads it, the sheet part as stored must be the pieces' streams joined, and a
// stream not checked before is inflated and compared with its piece's rows, numbered.
//
// The ledger: the keyed hashes of the strings looked for, each with the epoch it was added in.
// A string that stops being hidden leaves the ledger, so one hidden again is new again. A
// verdict of epoch v has been checked against every string of epoch ≤ v still in the ledger.
// The ledger is written before any verdict of a new epoch, so a run killed between the two
// leaves verdicts that claim nothing they were not checked for. The key (random, kept in the
// ledger, never served) keeps the hashes from being tried against a list of names.
//
// GONGSHI_VERIFY_DEBUG=1 prints what a check did (pieces kept and made, strings looked for
// again, windows, files read whole and why) on standard error.
import { isUtf8 } from 'node:buffer';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { foldedStream, StringIndex } from './hidden-parties.ts';
import { digestOf, openPiece, plainOf, sha256Of, sizeOf, type HeldPiece, type Piece, type PieceCache } from './pieces.ts';
import { GROUP_SEPARATOR_CODES, readerTextOfFile } from './reader-text.ts';
import { NAME_DOTS } from './shared/search/normalise.ts';
import { birthDateOf, findReadableIdNumbers, idNumberProblem } from './shared/rules/id-number.ts';
import { crc32Combine, isZip, storedParts } from './zip.ts';
import { segmentText, sheetText, opensRow, type Workbook } from './xlsx.ts';
import { readerCodeVersion } from './code-sources.ts';
import { appendAll } from './arrays.ts';

/** What a match of the hidden parties' automaton carries (verify-output.ts matcherOf). */
export interface Owner {
  record: number;
  identifying: boolean;
}

/** The hidden parties' strings and the published numbers that are no ID numbers (publicNumbers), as verify-output.ts matches them. */
export interface Matcher {
  /** Each string in comparable form, with the record it is reported for. */
  owner: ReadonlyMap<string, Owner>;
  index: StringIndex<Owner>;
  /** Published credit codes and the ID-like runs of batch digests (publicNumbers), upper case, no separators: never a full ID number. */
  codes: ReadonlySet<string>;
  fold: Uint16Array;
}

export type Finding = { what: 'fullIdNumber'; found: string; bornOn?: string } | { what: 'sensitive'; record: number; found: string };

/** Characters kept of each edge of a piece's reading, not counting separators between digits and the like. */
export const EDGE = 4096;

/** How a piece may end for it to be read apart from the next (see the top). */
const HARD_END = new Set(['}', ']', '[', ',', '\n']);

/**
 * Han characters that reader-text's quick tests do not look at (outside U+3400–U+9FFF, and the
 * supplementary planes), beside a space, a tab or a mark of NAME_DOTS: whether they are joined depends
 * on the rest of the file.
 */
const EXOTIC_HAN_NEAR = (() => {
  const ranges: string[] = [];
  const han = /\p{Script=Han}/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0x3400 && c <= 0x9fff) continue;
    if (!han.test(String.fromCharCode(c))) continue;
    let end = c;
    while (end + 1 < 0x10000 && !(end + 1 >= 0x3400 && end + 1 <= 0x9fff) && han.test(String.fromCharCode(end + 1))) end++;
    ranges.push(end === c ? `\\u${c.toString(16).padStart(4, '0')}` : `\\u${c.toString(16).padStart(4, '0')}-\\u${end.toString(16).padStart(4, '0')}`);
    c = end;
  }
  // Any supplementary character of planes 1–3 (Han lives in 2 and 3, and a few in plane 1): a
  // wider net than needed, which only sends more files to be scanned whole.
  const exotic = `(?:[${ranges.join('')}]|[\\uD800-\\uD8BF][\\uDC00-\\uDFFF])`;
  const gap = `[ \\t${NAME_DOTS}]`;
  return new RegExp(`${exotic}${gap}|${gap}${exotic}`);
})();

/** A piece's text as UTF-8, as GBK, or (the workbook's rows) as its sheet shows it (xlsx.ts sheetText). */
const READINGS = ['utf8', 'gbk', 'sheet'] as const;
type Reading = (typeof READINGS)[number];

/** `text` up to and including its `n`th character that is not a separator (all of it if fewer). */
function firstOf(text: string, n: number): string {
  let end = 0;
  for (let count = 0; end < text.length && count < n; end++) if (!isSeparator(text.charCodeAt(end))) count++;
  return text.slice(0, end);
}

/** `text` from its `n`th character from the end that is not a separator. */
function lastOf(text: string, n: number): string {
  let start = text.length;
  for (let count = 0; start > 0 && count < n; ) if (!isSeparator(text.charCodeAt(--start))) count++;
  return text.slice(start);
}

function decode(raw: Buffer, reading: Reading): string {
  if (reading === 'sheet') return sheetText(raw.toString('utf8'));
  return reading === 'utf8' ? raw.toString('utf8') : new TextDecoder('gbk').decode(raw);
}

function completeGbk(raw: Buffer): boolean {
  try {
    new TextDecoder('gbk', { fatal: true }).decode(raw);
    return true;
  } catch {
    return false;
  }
}

const isSeparator = (code: number) => GROUP_SEPARATOR_CODES[code] === 1;

/** Every valid-looking full ID number in `text`, at every start (whatever is published: see idNumbersOf below). */
function everyIdNumber(text: string): string[] {
  const seen: string[] = [];
  // findReadableIdNumbers asks `ignore` about each candidate that has a real province code, and
  // moves on one digit when told to ignore it: told always, it visits every start.
  const all = { has: (candidate: string) => (seen.push(candidate), true) } as unknown as ReadonlySet<string>;
  findReadableIdNumbers(text, all);
  return seen.filter((candidate) => idNumberProblem(candidate) === null);
}

/**
 * A full ID number as a finding: masked, with its birth date, which is compared with the
 * publication date when the finding is reported; without one (unknown) it is always reported.
 */
function idFinding(masked: string, bornOn: string | null | undefined): Finding {
  return { what: 'fullIdNumber', found: masked, ...(typeof bornOn === 'string' ? { bornOn } : {}) };
}

/** A piece's reading, as kept beside it (one per reading: UTF-8, and GBK where the file is read so). */
export interface PartVerdict {
  v: 1;
  /** The piece's length and SHA-256 (hex), and the edges kept: a verdict for other bytes or edges is not used. */
  bytes: number;
  sha256: string;
  edge: number;
  /** The ledger it was checked under (its key's hash): epochs and hashes of another ledger mean nothing here. */
  ledger: string;
  epoch: number;
  /** Whether the piece's bytes are UTF-8 (the file is read as GBK too when one is not). */
  utf8: boolean;
  /** The conditions at the top: markup, an exotic Han join, how it ends. */
  markup: boolean;
  exotic: boolean;
  hardEnd: boolean;
  /** GB18030 reading: the bytes are whole characters. Sheet reading: the rows are whole (xlsx.ts opensRow). */
  complete: boolean;
  /** Short: `head` is the whole reading, and the piece is read again with the joins around it. */
  whole: boolean;
  head: string;
  tail: string;
  /**
   * Full ID numbers anywhere in it: [keyed hash, masked form, birth date]. The birth date is
   * compared with the publication date when the verdict is used, not when it is made, so a
   * verdict kept for days stays right. (Verdicts from before it was kept have none: a leak.)
   */
  ids: [string, string, string?][];
  /** Keyed hashes of the hidden strings found inside it (not at its edges: the joins' windows see those). */
  found: string[];
}

interface Analysis {
  verdict: PartVerdict;
  /** The folded stream of the piece's inside (without the separators at its edges). */
  core: string;
}

/** Reads one part (a piece, or a head, tail or separator made now) and finds what it holds. */
function analyse(raw: Buffer, reading: Reading, matcher: Matcher, hash: (s: string) => string, ledger: string, epoch: number, edge: number): Analysis {
  const decoded = decode(raw, reading);
  const text = readerTextOfFile(decoded, { fold: false });
  let first = 0;
  while (first < text.length && isSeparator(text.charCodeAt(first))) first++;
  let last = text.length - 1;
  while (last >= 0 && isSeparator(text.charCodeAt(last))) last--;
  // The edges: EDGE characters that are not separators, from each end.
  let headEnd = 0;
  for (let n = 0; headEnd < text.length && n < edge; headEnd++) if (!isSeparator(text.charCodeAt(headEnd))) n++;
  let tailStart = text.length;
  for (let n = 0; tailStart > 0 && n < edge; ) if (!isSeparator(text.charCodeAt(--tailStart))) n++;
  const whole = headEnd >= tailStart;
  const lastByte = raw.length ? raw[raw.length - 1]! : 0x0a;
  const verdict: PartVerdict = {
    v: 1,
    bytes: raw.length,
    sha256: sha256Of(raw),
    edge,
    ledger,
    epoch,
    utf8: isUtf8(raw),
    markup: text.includes('<'),
    exotic: EXOTIC_HAN_NEAR.test(text),
    // The decoder ends a character on this byte, and nothing reads across the character.
    hardEnd: lastByte < 0x80 && !(lastByte >= 0x30 && lastByte <= 0x39) && HARD_END.has(decoded.at(-1) ?? '\n'),
    complete: reading === 'utf8' || (reading === 'gbk' ? completeGbk(raw) : !opensRow(raw.toString('utf8'))),
    whole,
    head: whole ? text : text.slice(0, headEnd),
    tail: whole ? '' : text.slice(tailStart),
    ids: [],
    found: [],
  };
  const stream = foldedStream(text, matcher.fold);
  const core = first > last ? '' : stream.slice(first, stream.length - (text.length - 1 - last));
  if (!whole) {
    verdict.ids = [...new Set(everyIdNumber(text))].map((id) => [hash(id), redact(id), birthDateOf(id) ?? undefined]);
    const found = new Set<string>();
    matcher.index.scan(core, (_at, s) => found.add(s));
    verdict.found = [...found].map(hash);
  }
  return { verdict, core };
}

/**
 * A raw-deflate stream inflated, in one buffer of the size it should have: zlib's default 16 KB
 * chunks, each a new buffer, took 7 s of a delisting's verify at 300,000 entries (the workbook's
 * renumbered streams, a few hundred MB, inflated to be compared with their rows).
 */
function inflatedTo(deflated: Buffer, size: number): Buffer {
  return inflateRawSync(deflated, { chunkSize: Math.max(size + 64, 1024) });
}


/** A found string as a report shows it: first and last character. The report itself must not leak. */
export function redact(text: string): string {
  const chars = Array.from(text);
  if (chars.length <= 2) return `${chars[0]}*`;
  return chars.map((c, i) => (i === 0 || i === chars.length - 1 ? c : '*')).join('');
}

/** Characters that split words for the re-check: ASCII that is not a digit, a lower-case letter or `*` (the stream is folded). */
const isWordBreak = (code: number) => code < 0x80 && !((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || code === 0x2a);
const WORD_BREAK = /[\x00-\x29\x2b-\x2f\x3a-\x60\x7b-\x7f]/;

/** The distinct words of a folded stream, each between NULs: `\0word\0word\0`. */
function wordsOf(stream: string): string {
  const words = new Set<string>();
  let start = 0;
  for (let i = 0; i <= stream.length; i++) {
    if (i === stream.length || isWordBreak(stream.charCodeAt(i))) {
      if (i > start) words.add(stream.slice(start, i));
      start = i + 1;
    }
  }
  return `\0${[...words].join('\0')}\0`;
}

/**
 * What the words of a text (wordsOf) must hold for `s` to occur in the text: `s` itself for a
 * string without word breaks (it can only occur inside one word, and is found exactly); for one
 * with breaks, each of its words (the first as a word's end, the last as a word's start), and
 * then a yes is only a maybe.
 */
function needlesOf(s: string): { needles: string[]; exact: boolean } {
  if (!WORD_BREAK.test(s)) return { needles: [s], exact: true };
  const parts = s.split(WORD_BREAK_GLOBAL);
  const needles: string[] = [];
  for (let i = 0; i < parts.length; i++) if (parts[i]) needles.push(`${i > 0 ? '\0' : ''}${parts[i]}${i < parts.length - 1 ? '\0' : ''}`);
  return { needles, exact: false };
}
const WORD_BREAK_GLOBAL = new RegExp(WORD_BREAK.source, 'g');

/** The strings hidden since a verdict's epoch, each with what a piece's words must hold (needlesOf), and an automaton of all those needles: a piece's words are read once. */
interface Fresh {
  strings: { h: string; s: string; needles: string[]; exact: boolean }[];
  needles: StringIndex<string>;
}

/** A kept JSON file, or null when it cannot be read (cut off, or not ours): then it is made again. */
function readJson<T>(bytes: Buffer): T | null {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch {
    return null;
  }
}

interface Ledger {
  key: string;
  epoch: number;
  strings: Record<string, number>;
}

/** The checking code: these modules and what they import. */
export const CHECKING_CODE = [import.meta.url, new URL('./verify-output.ts', import.meta.url).href].map((url) => new URL(url).pathname);

let verifyVersion: Promise<string> | undefined;
/** The checking code's version: verdicts made by other code are never used. */
function checkingCode(): Promise<string> {
  return (verifyVersion ??= readerCodeVersion(CHECKING_CODE).then((v) => v.slice(0, 16)));
}

export interface AssembledCheck {
  /**
   * Each assembled file (path under the staged folder) with its pieces, in memory or let go
   * (PieceCache.hold: read again here, one at a time); a workbook (xlsx.ts) as written, with the
   * pieces its sheet was joined from.
   */
  files: Record<string, readonly HeldPiece[] | Workbook>;
  /** Where the pieces are kept, with their verdicts; without it every piece is read now (and none can have been let go). */
  cache?: PieceCache;
  /** Characters kept of each edge (EDGE); smaller in tests, so that small pieces are read apart. */
  edge?: number;
}

/** The ledger as a check uses it: brought up to the strings looked for now (and written), with the hashes keyed by it. */
interface OpenLedger {
  hash: (s: string) => string;
  /** Its key's hash: what each verdict made under it names. */
  ledgerId: string;
  epoch: number;
  /** The strings looked for now, by keyed hash. */
  current: ReadonlyMap<string, string>;
  /** Whether some of them were not looked for before. */
  added: boolean;
  /** The strings hidden since `epoch` with their needles, worked out once per epoch. */
  freshSince: (epoch: number) => Fresh;
}

/**
 * Opens the ledger kept in `cache` for this code `version` and brings it up to `matcher`'s
 * strings: new ones get the next epoch, gone ones leave. Written before any verdict of a new
 * epoch can be (see the top). Without a cache, a new one for this check alone.
 */
async function openLedger(cache: PieceCache | undefined, version: string, matcher: Matcher): Promise<OpenLedger> {
  const ledgerName = `${version}.ledger.json`;
  let ledger: Ledger = { key: randomBytes(32).toString('base64'), epoch: 0, strings: {} };
  const kept = cache ? await cache.readSide('verify', ledgerName) : null;
  // A ledger that cannot be read is a new one: every verdict, made under another, is made again.
  const read = kept ? readJson<Ledger>(kept) : null;
  if (read) ledger = read;
  // A KeyObject, made once: given the raw bytes, createHmac imports them at every call (ten
  // times the cost of the hash itself, for the tens of thousands of strings hashed each run).
  const key = createSecretKey(Buffer.from(ledger.key, 'base64'));
  const hash = (s: string) => createHmac('sha256', key).update(s).digest('base64url').slice(0, 24);
  const ledgerId = createHmac('sha256', key).update('ledger').digest('base64url').slice(0, 16);
  const current = new Map<string, string>();
  for (const s of matcher.owner.keys()) current.set(hash(s), s);
  const strings: Record<string, number> = {};
  let added = false;
  for (const h of current.keys()) {
    const since = ledger.strings[h];
    if (since === undefined) added = true;
    strings[h] = since ?? ledger.epoch + 1;
  }
  const removed = Object.keys(ledger.strings).some((h) => !current.has(h));
  ledger = { key: ledger.key, epoch: added ? ledger.epoch + 1 : ledger.epoch, strings };
  if (cache && (added || removed || !read)) await cache.writeSide('verify', ledgerName, JSON.stringify(ledger));
  // The strings hidden since each epoch a kept verdict was made in, worked out once per epoch:
  // after a day that hides a few dozen parties, thousands of kept pieces are asked about the
  // same strings (a search of each piece's words per string took 4.6 s at 100,000 entries).
  const freshByEpoch = new Map<number, Fresh>();
  const freshSince = (epoch: number): Fresh => {
    let fresh = freshByEpoch.get(epoch);
    if (!fresh) {
      fresh = { strings: [...current].filter(([h]) => strings[h]! > epoch).map(([h, s]) => ({ h, s, ...needlesOf(s) })), needles: new StringIndex<string>() };
      for (const { needles } of fresh.strings) for (const needle of needles) fresh.needles.add(needle, needle);
      freshByEpoch.set(epoch, fresh);
    }
    return fresh;
  };
  return { hash, ledgerId, epoch: ledger.epoch, current, added, freshSince };
}

/**
 * Whether a kept piece's words (wordsOf; undefined when they are not kept) hold each of
 * `fresh`'s strings: `exact` when the words can tell. A string with word breaks whose words are
 * all there may or may not be in the piece's text (then it is read again); one that is not
 * there is known not to be, whatever its breaks.
 */
function askWords(words: Buffer | undefined, fresh: Fresh): { h: string; s: string; found: boolean; exact: boolean }[] {
  const inside = new Set<string>();
  if (words) fresh.needles.scan(words.toString('utf8'), (_at, needle) => inside.add(needle));
  return fresh.strings.map(({ h, s, needles, exact }) => {
    const found = words === undefined || needles.every((needle) => inside.has(needle));
    return { h, s, found, exact: words !== undefined && (exact || !found) };
  });
}


/** Kept verdicts of this code and ledger (short pieces, read again each time, aside), those brought up to now (`read`: of which the piece's text was read), and those left for checkAssembled. */
export interface Refreshed {
  kept: number;
  refreshed: number;
  read: number;
  left: number;
}

/**
 * A head start on checkAssembled, for a thread of its own while a publication plans and writes
 * its exports: brings every verdict kept in `cache` (made by this checking code, under the
 * current ledger) up to the strings hidden now, asking each piece's words what checkAssembled
 * would ask them (askWords), so that checkAssembled then finds the verdicts current and reads
 * no words. A delisting or a new day hides a few parties, and every kept piece's words (180 MB
 * at 100,000 entries) were read for them on the publication's critical path. Where the answer is
 * only a maybe (an obligation's text with an amount in it, on a new day: a hundred pieces at
 * 100,000 entries), the piece's text is read here too, as checkAssembled reads it, from the
 * cache's bytes when they are still those the verdict names; else the verdict is left. Verdicts of
 * pieces the publication then does not use are brought up too (harmless; pruned with them).
 * Must finish before checkAssembled starts: both write the ledger and the verdicts.
 */
export async function refreshKeptVerdicts(cache: PieceCache, matcher: Matcher): Promise<Refreshed> {
  const version = await checkingCode();
  const { hash, ledgerId, epoch, current, freshSince } = await openLedger(cache, version, matcher);
  const counts = { kept: 0, refreshed: 0, read: 0, left: 0 };
  for (const reading of READINGS) {
    const name = `${version}.${reading}`;
    for (const id of await cache.pieceIdsWithSide(`${name}.json`)) {
      const verdict = readJson<PartVerdict>((await cache.readSide(id, `${name}.json`)) ?? Buffer.alloc(0));
      if (!verdict || verdict.v !== 1 || verdict.ledger !== ledgerId || verdict.whole) continue;
      counts.kept++;
      if (verdict.epoch >= epoch) continue;
      const answers = askWords((await cache.readSide(id, `${name}.words`)) ?? undefined, freshSince(verdict.epoch));
      let found = answers.filter((a) => a.exact && a.found).map((a) => a.h);
      if (answers.some((a) => !a.exact)) {
        // A maybe: the piece's text is read, as checkAssembled would read it, if it is still the one the verdict is for.
        const raw = await cache.keptBytes(id);
        if (!raw || raw.length !== verdict.bytes || sha256Of(raw) !== verdict.sha256) {
          counts.left++;
          continue;
        }
        const { core } = analyse(raw, reading, matcher, hash, ledgerId, epoch, verdict.edge);
        found = answers.filter((a) => (a.exact ? a.found : core.includes(a.s))).map((a) => a.h);
        counts.read++;
      }
      verdict.found = [...new Set([...verdict.found, ...found])].filter((h) => current.has(h));
      verdict.epoch = epoch;
      await cache.writeSide(id, `${name}.json`, JSON.stringify(verdict));
      counts.refreshed++;
    }
  }
  return counts;
}

/**
 * Checks each assembled file piece by piece; returns what was found in each (as a scan of the
 * file would report it, masked ID numbers and hidden strings) and the bytes read to find it.
 */
export async function checkAssembled(check: AssembledCheck, matcher: Matcher, scanWhole: (file: string, bytes: Buffer) => Finding[]): Promise<{ found: Map<string, Finding[]>; scanned: number; readWhole: { file: string; why: string }[] }> {
  const { cache, edge = EDGE } = check;
  const version = await checkingCode();
  const { hash, ledgerId, epoch, current, added, freshSince } = await openLedger(cache, version, matcher);
  let longest = 18;
  for (const s of matcher.owner.keys()) longest = Math.max(longest, s.length);
  // How far into a kept piece a window reads: past the longest string, and one character more
  // for what precedes or follows a number (EDGE are kept; fewer are read).
  const reach = longest + 2;
  const codes = new Set([...matcher.codes].map(hash));

  const debug = process.env.GONGSHI_VERIFY_DEBUG ? (line: string) => console.error(`[verify-pieces] ${line}`) : undefined;
  const started = performance.now();
  const counts = { kept: 0, made: 0, madeBytes: 0, fresh: 0, exact: 0, maybe: 0, rescans: 0, windows: 0, windowChars: 0 };
  let scanned = 0;
  const found = new Map<string, Finding[]>();
  const readWhole: { file: string; why: string }[] = [];
  const sensitiveFinding = (s: string): Finding => ({ what: 'sensitive', record: matcher.owner.get(s)!.record, found: s });

  for (const [file, assembled] of Object.entries(check.files)) {
    const findings: Finding[] = [];
    const workbook = isWorkbook(assembled) ? assembled : undefined;
    // A workbook's sheet is read from the rows its pieces hold (xlsx.ts sheetText); each
    // piece's stream is checked against its rows apart (workbookContainer).
    const pieces: readonly HeldPiece[] = workbook ? workbook.sheets.flatMap((sheet) => sheet.segments.map((s) => s.rows)) : (assembled as readonly HeldPiece[]);
    const head = pieces[0] ? (await openPiece(pieces[0], cache)).raw : Buffer.alloc(0);
    // What verify-output's readableTexts would decompress or unpack first: never ours, but then whole.
    let why = longest >= edge ? 'a hidden string longer than the edges kept' : '';
    if (workbook) {
      const container = await workbookContainer(file, workbook, scanWhole, cache, version);
      why ||= container.why;
      appendAll(findings, container.findings);
    } else {
      why ||= head[0] === 0x1f && head[1] === 0x8b ? 'gzip' : isZip(head) ? 'zip' : '';
    }
    const parts: { piece: HeldPiece; readings: Partial<Record<Reading, PartVerdict>> }[] = pieces.map((piece) => ({ piece, readings: {} }));
    const verdictOf = async (held: HeldPiece, reading: Reading): Promise<PartVerdict> => {
      const name = `${version}.${reading}`;
      // A kept verdict is matched by length and SHA-256, which a piece let go carries: it is not read again for that.
      if (cache && held.id) {
        const kept = await cache.readSide(held.id, `${name}.json`);
        if (kept) {
          const verdict = readJson<PartVerdict>(kept);
          if (verdict && verdict.v === 1 && verdict.bytes === sizeOf(held) && verdict.sha256 === digestOf(held) && verdict.edge === edge && verdict.ledger === ledgerId) {
            cache.keepSide(held.id, `${name}.words`);
            counts.kept++;
            return verdict;
          }
        }
      }
      // A piece let go is read again here, and let go again once its verdict is in hand.
      const piece: Piece = await openPiece(held, cache);
      scanned += piece.raw.length;
      if (piece.id) {
        counts.made++;
        counts.madeBytes += piece.raw.length;
      }
      const { verdict, core } = analyse(piece.raw, reading, matcher, hash, ledgerId, epoch, edge);
      if (cache && piece.id) {
        // The .gz of the file is joined from the pieces' deflate streams: a piece is verified
        // only with a stream that says exactly its bytes. (A workbook's streams: workbookContainer.)
        if (!workbook && !inflatedTo(Buffer.concat([piece.deflated, Buffer.from([0x03, 0x00])]), piece.raw.length).equals(piece.raw)) {
          throw new Error(`导出文件的分片 ${piece.id} 的压缩数据与其内容不符：隐私检查不能替压缩副本作保。请删除输出目录下的 .pieces 文件夹后重新发布。`);
        }
        await cache.writeSide(piece.id, `${name}.words`, wordsOf(core));
        await cache.writeSide(piece.id, `${name}.json`, JSON.stringify(verdict));
      }
      return verdict;
    };
    const readings: Reading[] = [workbook ? 'sheet' : 'utf8'];
    if (!why) {
      for (const part of parts) part.readings[readings[0]!] = await verdictOf(part.piece, readings[0]!);
      if (!workbook && parts.some((p) => !p.readings.utf8!.utf8)) {
        readings.push('gbk');
        for (const part of parts) part.readings.gbk = await verdictOf(part.piece, 'gbk');
      }
      for (const reading of readings) {
        for (const [i, { readings: { [reading]: v } }] of parts.entries()) {
          why ||= v!.markup ? 'markup' : v!.exotic ? 'a space or dot beside a rare Han character' : !v!.complete ? (reading === 'sheet' ? 'a row left open at the end of a piece' : 'not whole GB18030') : i < parts.length - 1 && !v!.hardEnd ? `piece ${i} ends where a reading may join it to the next` : '';
        }
      }
    }
    const apart = !why;
    if (!apart) {
      const bytes = workbook ? workbook.bytes : await plainOf(pieces, cache);
      scanned += bytes.length;
      readWhole.push({ file, why });
      const findings = scanWhole(file, bytes);
      if (findings.length) found.set(file, findings);
      continue;
    }
    for (const reading of readings) {
      let window = '';
      let fromStart = true;
      const windows: { text: string; fromStart: boolean; toEnd: boolean }[] = [];
      for (const part of parts) {
        const verdict = part.readings[reading]!;
        if (verdict.whole) {
          window += verdict.head;
          continue;
        }
        windows.push({ text: window + firstOf(verdict.head, reach), fromStart, toEnd: false });
        window = lastOf(verdict.tail, reach);
        fromStart = false;
        // Strings hidden since the verdict: in the piece's words.
        const fresh = freshSince(verdict.epoch);
        if (fresh.strings.length && cache && part.piece.id) {
          const name = `${version}.${reading}`;
          const answers = askWords((await cache.readSide(part.piece.id, `${name}.words`)) ?? undefined, fresh);
          let core: string | undefined;
          for (const answer of answers) {
            counts.fresh++;
            counts[answer.exact ? 'exact' : 'maybe']++;
            let found = answer.found;
            if (!answer.exact) {
              if (core === undefined) {
                scanned += sizeOf(part.piece);
                counts.rescans++;
                core = analyse((await openPiece(part.piece, cache)).raw, reading, matcher, hash, ledgerId, epoch, edge).core;
              }
              found = core.includes(answer.s);
            }
            if (found) verdict.found.push(answer.h);
          }
          verdict.found = [...new Set(verdict.found)].filter((h) => current.has(h));
          verdict.epoch = epoch;
          await cache.writeSide(part.piece.id, `${name}.json`, JSON.stringify(verdict));
        }
        for (const h of verdict.found) {
          const s = current.get(h);
          if (s !== undefined) findings.push(sensitiveFinding(s));
        }
        for (const [h, masked, bornOn] of verdict.ids) if (!codes.has(h)) findings.push(idFinding(masked, bornOn));
      }
      windows.push({ text: window, fromStart, toEnd: true });
      for (const { text, fromStart: start, toEnd: end } of windows) {
        scanned += Buffer.byteLength(text);
        counts.windows++;
        counts.windowChars += text.length;
        matcher.index.scan(foldedStream(text, matcher.fold), (_at, s) => findings.push(sensitiveFinding(s)));
        // A window begins and ends inside a piece: a number at its very edge is that piece's
        // (found in its verdict), so a digit either side stops it from being read as one here.
        const padded = `${start ? '' : '0'}${text}${end ? '' : '0'.repeat(19)}`;
        for (const id of everyIdNumber(padded)) if (!matcher.codes.has(id)) findings.push(idFinding(redact(id), birthDateOf(id)));
      }
    }
    if (findings.length) found.set(file, findings);
  }
  debug?.(`${Object.keys(check.files).length} files in ${(performance.now() - started).toFixed(0)} ms, ledger epoch ${epoch} (${current.size} strings, ${added ? 'some new' : 'none new'}): ${JSON.stringify(counts)}; read whole: ${JSON.stringify(readWhole)}`);
  return { found, scanned, readWhole };
}


function isWorkbook(assembled: readonly HeldPiece[] | Workbook): assembled is Workbook {
  return !Array.isArray(assembled);
}

const SHEET_NAME = /^xl\/worksheets\/[^/]+\.xml$/;

/**
 * A workbook's archive, all but its sheets' rows: every other part read whole, as
 * verify-output's workbookTexts reads it; each sheet part, as stored, must be its segments'
 * streams joined with their CRC-32 and length, and each stream must say its segment's rows
 * (inflated and compared once, when the stream is new; that it did is kept beside it). So the
 * rows checked piece by piece are what the archive shows. Returns the findings of the other
 * parts, or why the workbook must be read whole.
 */
async function workbookContainer(
  file: string,
  workbook: Workbook,
  scanWhole: (file: string, bytes: Buffer) => Finding[],
  cache: PieceCache | undefined,
  version: string,
): Promise<{ findings: Finding[]; why: string }> {
  const parts = storedParts(workbook.bytes);
  const sheets = workbook.sheets.map((sheet) => ({ ...sheet, stored: parts.find((p) => p.name === sheet.part) }));
  const ours = new Set(sheets.map((s) => s.stored));
  if (sheets.some((s) => !s.stored) || parts.some((p) => !ours.has(p) && (SHEET_NAME.test(p.name) || p.name === 'xl/sharedStrings.xml'))) return { findings: [], why: 'a sheet or shared strings not made of the pieces' };
  if (parts.some((p) => p.method !== 0 && p.method !== 8)) return { findings: [], why: 'a part compressed otherwise than by deflate' };
  const mismatch = (what: string) => new Error(`导出文件 ${file} 的${what}与其分片不符：隐私检查不能替它作保。请删除输出目录下的 .pieces 文件夹后重新发布。`);
  for (const { segments, stored } of sheets) {
    const sheet = stored!;
    let crc = 0;
    let size = 0;
    let at = 0;
    for (const { stream } of segments) {
      crc = crc32Combine(crc, stream.crc, stream.size);
      size += stream.size;
      if (!stream.deflated.equals(sheet.data.subarray(at, at + stream.deflated.length))) throw mismatch('工作表');
      at += stream.deflated.length;
    }
    if (sheet.method !== 8 || sheet.crc !== crc || sheet.size !== size || at !== sheet.data.length) throw mismatch('工作表');
    for (const [i, segment] of segments.entries()) {
      const { stream, streamId } = segment;
      const says = JSON.stringify({ rows: digestOf(segment.rows), first: segment.first ?? null, stream: sha256Of(stream.deflated), size: stream.size, crc: stream.crc });
      if (cache && streamId && (await cache.readSide(streamId, `${version}.says`))?.toString('utf8') === says) continue;
      // Rows let go (PieceCache.hold) are read again, one segment at a time, only when their stream has not been checked against them.
      const plain = segmentText((await openPiece(segment.rows, cache)).raw, segment.first);
      // Every stream but a sheet's last ends on a full flush, without a last block: one is added to read it.
      const inflated = inflatedTo(i === segments.length - 1 ? stream.deflated : Buffer.concat([stream.deflated, Buffer.from([0x03, 0x00])]), stream.size);
      if (!inflated.equals(plain) || plain.length !== stream.size) throw mismatch(`工作表分片 ${streamId ?? i} 的压缩数据`);
      if (cache && streamId) await cache.writeSide(streamId, `${version}.says`, says);
    }
  }
  const findings = parts.filter((p) => !ours.has(p)).flatMap((p) => scanWhole(p.name, p.method === 8 ? inflateRawSync(p.data) : p.data));
  return { findings, why: '' };
}
