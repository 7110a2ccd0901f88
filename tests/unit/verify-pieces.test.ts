// The bulk exports checked piece by piece (scripts/lib/verify-pieces.ts): what it finds must be
// what a scan of the assembled file finds, while a kept piece is never read again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { foldedStream, StringIndex, type SensitiveRecord } from '../../scripts/lib/hidden-parties.ts';
import { isInMemory, keyOf, PieceCache, pieceOf, sizeOf, type HeldPiece, type Piece } from '../../scripts/lib/pieces.ts';
import { foldTable, readerTextOfFile } from '../../scripts/lib/reader-text.ts';
import { idCheckCharacter } from '../../scripts/lib/shared/rules/id-number.ts';
import { fileScanner, matcherOf, type Finding } from '../../scripts/lib/verify-output.ts';
import { checkAssembled, refreshKeptVerdicts } from '../../scripts/lib/verify-pieces.ts';

/** Small edges, so that pieces of a few hundred characters are read apart. */
const EDGE = 24;

function validId(first17: string): string {
  return `${first17}${idCheckCharacter(first17)}`;
}
const ID = validId('21050219850315271');

async function tempCache(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'verify-pieces-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Pieces as writeExports makes them: the first and last made now, the others kept in `dir`;
 * `held`, as writeExports hands them on: all in memory, or with `letGo` every kept one let go
 * (PieceCache.hold past its limit), to be read again by the check.
 */
async function piecesOf(dir: string, texts: readonly string[], kept: (i: number) => boolean = (i) => i > 0 && i < texts.length - 1, letGo = false): Promise<{ pieces: Piece[]; held: HeldPiece[]; cache: PieceCache }> {
  const cache = new PieceCache(dir, 'test', letGo ? { holdBytes: 0 } : {});
  const pieces: Piece[] = [];
  for (const [i, text] of texts.entries()) pieces.push(kept(i) ? await cache.get(`p${i}`, keyOf(text), () => text) : pieceOf(text));
  return { pieces, held: pieces.map((p) => cache.hold(p)), cache };
}

const record = (id: string, ...strings: string[]): SensitiveRecord => ({ id, status: 'withheld', strings });

/** What a check found, comparable between the two ways: hidden strings by record, and the ID numbers. */
function summary(findings: readonly Finding[], sensitive: readonly SensitiveRecord[]): { strings: string[]; ids: string[] } {
  const strings = new Set<string>();
  const ids = new Set<string>();
  for (const f of findings) {
    if (f.what === 'sensitive') strings.add(`${sensitive[f.record]!.id} ${f.found}`);
    else ids.add(f.found);
  }
  return { strings: [...strings].sort(), ids: [...ids].sort() };
}

async function piecewise(file: string, pieces: readonly HeldPiece[], cache: PieceCache | undefined, sensitive: readonly SensitiveRecord[], codes: ReadonlySet<string> = new Set()) {
  const { found, scanned, readWhole } = await checkAssembled({ files: { [file]: pieces }, ...(cache ? { cache } : {}), edge: EDGE }, matcherOf(sensitive, codes), fileScanner(sensitive, codes));
  return { ...summary(found.get(file) ?? [], sensitive), scanned, readWhole: readWhole.length > 0 };
}

function whole(file: string, pieces: Piece[], sensitive: readonly SensitiveRecord[], codes: ReadonlySet<string> = new Set()) {
  return summary(fileScanner(sensitive, codes)(file, Buffer.concat(pieces.map((p) => p.raw))), sensitive);
}

const filler = (n: number, seed = 0) => Array.from({ length: n }, (_, i) => `{"id":"e${seed}-${i}","court":"本溪市平山区人民法院"}`).join(',');

test('a hidden party whose name is in a piece checked before the party was hidden is found, without reading the piece again', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"entries":[', `${filler(6, 1)},{"name":"周晓红"},${filler(6, 2)}`, ',', filler(12, 3), ']}'];
  const first = await piecesOf(dir, texts);
  assert.deepEqual((await piecewise('data/entries.json', first.pieces, first.cache, [record('p-1', '王建华')])).strings, []);
  const hidden = [record('p-1', '王建华'), record('p-2', '周曉紅')];
  const again = await piecesOf(dir, texts);
  const second = await piecewise('data/entries.json', again.pieces, again.cache, hidden);
  assert.deepEqual(second.strings, ['p-2 周晓红']);
  assert.deepEqual(second.strings, whole('data/entries.json', again.pieces, hidden).strings);
  assert.ok(second.scanned < again.pieces[1]!.raw.length, `read ${second.scanned} bytes; the kept piece alone has ${again.pieces[1]!.raw.length}`);
});

test('the head start brings kept verdicts up to the strings hidden since, so the check reads no kept piece\'s words and finds what it would have found', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"entries":[', `${filler(6, 1)},{"name":"周晓红"},${filler(6, 2)}`, ',', `${filler(6, 3)},{"case":"12,王建"},${filler(6, 4)}`, ',', filler(12, 5), ']}'];
  const first = await piecesOf(dir, texts);
  assert.deepEqual((await piecewise('data/entries.json', first.pieces, first.cache, [record('p-1', '王建华')])).strings, []);
  // Found in its piece's words; not found; and one with a break whose words are all there (a maybe: the piece's text is read).
  const hidden = [record('p-1', '王建华'), record('p-2', '周曉紅'), record('p-3', '李四光'), record('p-4', '12,王建')];
  const again = await piecesOf(dir, texts);
  assert.deepEqual(await refreshKeptVerdicts(again.cache, matcherOf(hidden, new Set())), { kept: 3, refreshed: 3, read: 1, left: 0 });
  const asked: string[] = [];
  const readSide = again.cache.readSide.bind(again.cache);
  again.cache.readSide = (id, suffix) => (asked.push(`${id.split('.')[0]} ${suffix.split('.').slice(1).join('.')}`), readSide(id, suffix));
  const second = await piecewise('data/entries.json', again.pieces, again.cache, hidden);
  assert.deepEqual(second.strings, ['p-2 周晓红', 'p-4 12,王建']);
  assert.deepEqual(second.strings, whole('data/entries.json', again.pieces, hidden).strings);
  assert.deepEqual(asked.filter((a) => a.endsWith('.words')), []);
});

test('a maybe whose piece the cache no longer holds as its verdict names it is left by the head start, and the check reads the piece and finds the string', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"entries":[', `${filler(6, 3)},{"case":"12,王建"},${filler(6, 4)}`, ']}'];
  const first = await piecesOf(dir, texts);
  assert.deepEqual((await piecewise('data/entries.json', first.pieces, first.cache, [record('p-1', '王建华')])).strings, []);
  const hidden = [record('p-1', '王建华'), record('p-4', '12,王建')];
  const again = await piecesOf(dir, texts);
  const { readdir, writeFile } = await import('node:fs/promises');
  // The piece's file, rewritten with other bytes of the same length: not what the verdict was made from.
  const kept = (await readdir(path.join(dir, 'test'))).find((f) => f.startsWith('p1.') && f.split('.').length === 2)!;
  const other = Buffer.from(again.pieces[1]!.raw.toString('utf8').replace('王建', '李四'));
  const head = Buffer.alloc(8);
  head.writeUInt32LE(other.length, 0);
  await writeFile(path.join(dir, 'test', kept), Buffer.concat([head, other]));
  assert.deepEqual(await refreshKeptVerdicts(again.cache, matcherOf(hidden, new Set())), { kept: 1, refreshed: 0, read: 0, left: 1 });
  assert.deepEqual((await piecewise('data/entries.json', again.pieces, again.cache, hidden)).strings, ['p-4 12,王建']);
});

test('a kept piece changed in place after this process hashed it, its modification time set back, is hashed again: its verdict is not taken for its new bytes', async (t) => {
  const { open, utimes } = await import('node:fs/promises');
  for (const letGo of [false, true]) {
    const dir = await tempCache(t);
    const texts = ['{"entries":[', `${filler(6, 1)},{"name":"周晓红"},${filler(6, 2)}`, ']}'];
    const hidden = [record('p-1', '王建华')];
    const first = await piecesOf(dir, texts, undefined, letGo);
    assert.deepEqual((await piecewise('data/entries.json', first.held, first.cache, hidden)).strings, []);
    const file = path.join(dir, 'test', `p1.${keyOf(texts[1]!)}`);
    const second = 1_700_000_000; // a whole second: utimes sets it back exactly
    await utimes(file, second, second);
    // Read from the cache file now, and hashed: what this process remembers of the file.
    const again = await piecesOf(dir, texts, undefined, letGo);
    assert.deepEqual((await piecewise('data/entries.json', again.held, again.cache, hidden)).strings, []);
    // The same length, inode and modification time; other bytes (the name of the hidden party).
    const handle = await open(file, 'r+');
    const raw = Buffer.from(texts[1]!);
    await handle.write(Buffer.from('王建华'), 0, Buffer.byteLength('王建华'), 8 + raw.indexOf(Buffer.from('周晓红')));
    await handle.close();
    await utimes(file, second, second);
    const edited = await piecesOf(dir, texts, undefined, letGo);
    assert.ok(edited.pieces[1]!.raw.includes('王建华'), 'the piece as read holds the new bytes');
    // Its stream still says the old bytes: the check fails rather than pass what it never read.
    await assert.rejects(piecewise('data/entries.json', edited.held, edited.cache, hidden), /压缩数据与其内容不符|被改动或删除/, `let go: ${letGo}`);
  }
});

test('a head start stopped half-way (killed, or its disk full) leaves verdicts of both epochs, and the check still finds what a whole scan finds', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"entries":[', `${filler(6, 1)},{"name":"周晓红"},${filler(6, 2)}`, ',', `${filler(6, 3)},{"name":"周晓红"},${filler(6, 4)}`, ',', `${filler(6, 5)},{"case":"12,王建"},${filler(6, 6)}`, ']}'];
  const first = await piecesOf(dir, texts);
  await piecewise('data/entries.json', first.pieces, first.cache, [record('p-1', '王建华')]);
  const hidden = [record('p-1', '王建华'), record('p-2', '周曉紅'), record('p-4', '12,王建')];
  const again = await piecesOf(dir, texts);
  // The ledger and the first verdict are written; the second write of a verdict fails.
  let verdicts = 0;
  const writeSide = again.cache.writeSide.bind(again.cache);
  again.cache.writeSide = async (id, suffix, bytes) => {
    if (suffix.endsWith('.utf8.json') && ++verdicts > 1) throw new Error('ENOSPC');
    return writeSide(id, suffix, bytes);
  };
  await assert.rejects(refreshKeptVerdicts(again.cache, matcherOf(hidden, new Set())), /ENOSPC/);
  const after = await piecesOf(dir, texts);
  const checked = await piecewise('data/entries.json', after.pieces, after.cache, hidden);
  assert.deepEqual(checked.strings, ['p-2 周晓红', 'p-4 12,王建']);
  assert.deepEqual(checked.strings, whole('data/entries.json', after.pieces, hidden).strings);
});

test('verdicts made under a ledger that is gone are made again, not trusted', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"entries":[', `${filler(6, 1)},{"name":"周晓红"},${filler(6, 2)}`, ']}'];
  const first = await piecesOf(dir, texts);
  assert.deepEqual((await piecewise('data/entries.json', first.pieces, first.cache, [record('p-1', '王建华')])).strings, []);
  const { readdir, rm: remove } = await import('node:fs/promises');
  for (const file of await readdir(path.join(dir, 'test'))) if (file.endsWith('.ledger.json')) await remove(path.join(dir, 'test', file));
  const again = await piecesOf(dir, texts);
  assert.deepEqual((await piecewise('data/entries.json', again.pieces, again.cache, [record('p-2', '周晓红')])).strings, ['p-2 周晓红']);
});

test('a full ID number and a masked one split between two pieces are found', async (t) => {
  const dir = await tempCache(t);
  const rows = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `e${seed}-${i},本溪市平山区人民法院,2026-11-01\r\n`).join('');
  const split = (a: string, b: string) => ['id,court,date\r\n', `${rows(4, 1)}e1-x,${a}\r\n`, `${b},本溪市\r\n${rows(4, 2)}`, ''];
  const full = await piecesOf(dir, split(ID.slice(0, 10), ID.slice(10)));
  assert.deepEqual(whole('data/entries.csv', full.pieces, []).ids, [ID[0] + '*'.repeat(16) + ID[17]]);
  assert.deepEqual((await piecewise('data/entries.csv', full.pieces, full.cache, [])).ids, [ID[0] + '*'.repeat(16) + ID[17]]);
  const masked = await piecesOf(dir, split('2105021985**', '**2715'));
  const hidden = [record('p-1', '2105021985****2715')];
  assert.deepEqual(whole('data/entries.csv', masked.pieces, hidden).strings, ['p-1 2105021985****2715']);
  assert.deepEqual((await piecewise('data/entries.csv', masked.pieces, masked.cache, hidden)).strings, ['p-1 2105021985****2715']);
});

test('separators at a piece\'s edges that the file reads inside a number are not read as text of their own', async (t) => {
  const dir = await tempCache(t);
  const rows = (n: number, seed: number) => Array.from({ length: n }, (_, i) => `e${seed}-${i},本溪市平山区人民法院,2026-11-01\r\n`).join('');
  // 2026-11-01, a line feed, -12…: one run of digits to a reader, so neither "01-" nor "-12" is there.
  const texts = ['id,court,date\r\n', `${rows(4, 1)}x,2026-11-01-\r\n`, `-12,${rows(4, 2)}`, ''];
  const hidden = [record('p-1', '-12'), record('p-2', '01-')];
  const { pieces, cache } = await piecesOf(dir, texts);
  assert.deepEqual(whole('data/entries.csv', pieces, hidden).strings, []);
  assert.deepEqual((await piecewise('data/entries.csv', pieces, cache, hidden)).strings, []);
});

test('what a reader joins across a join the pieces cannot be read apart at (escapes, markup, a rare Han character beside a space) is found as the whole file reads it', async (t) => {
  const dir = await tempCache(t);
  const cases: [string, string[], string][] = [
    // 王建华 in URL escapes, cut inside a character: no piece ends as a join must.
    ['escapes', ['{"entries":[', `${filler(8, 1)},{"n":"%E7%8E%8B%E5%BB%BA%E5`, `%8D%8E"},${filler(8, 2)}`, ']}'], '王建华'],
    // An inline tag from one piece to the next: the file reads 王建华.
    ['markup', ['{"entries":[', `${filler(8, 1)},{"n":"王<b title="\n`, `">建华"},${filler(8, 2)}`, ']}'], '王建华'],
    // ⺁ is Han, outside the quick tests' range: the space after it is dropped when the file has 王 建 anywhere.
    ['rare Han', ['{"entries":[', `${filler(8, 1)},{"n":"⺁ 王"},${filler(8, 2)}`, ',', `${filler(8, 3)},{"m":"王 建"},${filler(8, 4)}`, ']}'], '⺁王'],
  ];
  for (const [what, texts, name] of cases) {
    const hidden = [record('p-1', name)];
    const { pieces, cache } = await piecesOf(dir, texts);
    assert.deepEqual(whole('data/entries.json', pieces, hidden).strings, [`p-1 ${name}`], what);
    const got = await piecewise('data/entries.json', pieces, cache, hidden);
    assert.deepEqual(got.strings, [`p-1 ${name}`], what);
    assert.ok(got.readWhole, what);
  }
});

test('digits at the edge of the text kept of a piece are not read as a number of their own', async (t) => {
  const dir = await tempCache(t);
  // The last 24 characters kept of the piece start at the ID number, which follows a 9: to the
  // file, 19 digits and no ID number.
  const texts = ['{"entries":[', `${filler(8, 1)},{"n":"9${ID}",x:1}`, ',', `{"n":1,${filler(8, 2)}`, ']}'];
  const { pieces, cache } = await piecesOf(dir, texts);
  assert.deepEqual(whole('data/entries.json', pieces, []).ids, []);
  assert.deepEqual((await piecewise('data/entries.json', pieces, cache, [])).ids, []);
});

test('a full ID number in a file\'s head is found, and a published credit code of the same digits is not', async (t) => {
  const dir = await tempCache(t);
  const { pieces, cache } = await piecesOf(dir, [`{"note":"${ID}","entries":[`, filler(12, 1), ']}']);
  assert.equal((await piecewise('data/entries.json', pieces, cache, [])).ids.length, 1);
  assert.equal((await piecewise('data/entries.json', pieces, cache, [], new Set([ID]))).ids.length, 0);
});

test('a clean publication reads the heads and the joins, not the kept pieces', async (t) => {
  const dir = await tempCache(t);
  const texts = ['{"asOf":"2026-12-01","entries":[', filler(20, 1), ',', filler(20, 2), ']}'];
  const hidden = [record('p-1', '王建华', '2105021985****2715')];
  const first = await piecesOf(dir, texts);
  const made = await piecewise('data/entries.json', first.pieces, first.cache, hidden);
  const kept = first.pieces[1]!.raw.length + first.pieces[3]!.raw.length;
  assert.ok(made.scanned >= kept);
  const nextDay = await piecesOf(dir, ['{"asOf":"2026-12-02","entries":[', ...texts.slice(1)]);
  const again = await piecewise('data/entries.json', nextDay.pieces, nextDay.cache, hidden);
  assert.deepEqual(again.strings, []);
  assert.ok(again.scanned < kept / 2, `read ${again.scanned} bytes of ${kept} kept`);
});

test('a piece whose compressed stream does not say its bytes fails the check', async (t) => {
  const dir = await tempCache(t);
  const { pieces, cache } = await piecesOf(dir, ['{"entries":[', filler(12, 1), ']}']);
  pieces[1] = { ...pieces[1]!, deflated: pieceOf(filler(12, 2)).deflated };
  await assert.rejects(piecewise('data/entries.json', pieces, cache, []), /压缩数据与其内容不符/);
});

test('the folded stream is what the matcher reads: a string occurs in it exactly when the scan finds it', () => {
  const fold = foldTable();
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'12 -.*xX王建華华\n\r,·a') , maxLength: 40 }), fc.string({ unit: fc.constantFrom(...'12*x王建华a-'), minLength: 2, maxLength: 5 }), (text, wanted) => {
      const index = new StringIndex<null>();
      index.add(wanted, null);
      let found = false;
      index.scan(text, () => (found = true), fold);
      assert.equal(foldedStream(text, fold).includes(wanted), found);
    }),
    { numRuns: 500 },
  );
});

// ------------------------------------------------------------------ property
// Files cut into pieces from generated runs of text: names (some in traditional characters,
// with spaces, dots or zero-width spaces inside), full and masked ID numbers (some with
// separators, some split over two pieces), escapes, markup, exotic Han, JSON and CSV joins.
const HAN = '王建华張伟周晓红李明';
const token = fc.oneof(
  { arbitrary: fc.constantFrom('},{', ',', '\r\n', '"', ':', '}', '[', ' ', '·', '-', '\u200b', '%E5%BC%A0', '\\u5f20', '&amp;', 'x', '*', '張', '　'), weight: 6 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...HAN), minLength: 1, maxLength: 4 }), weight: 4 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }), weight: 4 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...'abcxyz'), minLength: 1, maxLength: 6 }), weight: 2 },
  { arbitrary: fc.constantFrom(ID, `${ID.slice(0, 6)} ${ID.slice(6, 14)}-${ID.slice(14)}`, '2105021985****2715', validId('11010519491231002')), weight: 2 },
  { arbitrary: fc.constant('filler'), weight: 2 },
);
const pieceText = fc.array(token, { minLength: 1, maxLength: 40 }).chain((tokens) =>
  fc.oneof({ arbitrary: fc.constantFrom('}', ',', '\r\n', '\n', '['), weight: 40 }, { arbitrary: fc.constantFrom('a', '5', '"'), weight: 1 }).map((end) => tokens.map((t) => (t === 'filler' ? filler(2) : t)).join('') + end),
);
// Markup and Han outside the quick tests' range (the file is then read whole), in a few files.
const rare = fc.oneof({ arbitrary: fc.constant(null), weight: 6 }, { arbitrary: fc.tuple(fc.constantFrom('<b>', '𠀀 ', '⺁·', '<!--'), fc.nat()), weight: 1 });
const file = fc
  .record({ name: fc.constantFrom('data/entries.json', 'data/entries.csv'), texts: fc.array(pieceText, { minLength: 2, maxLength: 6 }), rare })
  .map(({ name, texts, rare }) => ({ name, texts: rare ? texts.map((t, i) => (i === rare[1] % texts.length ? rare[0] + t : t)) : texts }));
const hiddenStrings = fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...HAN), minLength: 2, maxLength: 4 }), fc.constantFrom('2105021985****2715', ID, 'abc', 'xyz', '王 建', '0315', '华}', '-12', '5 ', '\n1', '王\r\n', '华},{王', '12,王建', '"王:张伟')), { maxLength: 5 });

test('property: piece by piece, held in memory or let go, a file is found to hold exactly what a scan of it whole finds, before and after more parties are hidden', async () => {
  const ways = { apart: 0, whole: 0, found: 0, letGo: 0 };
  await fc.assert(
    fc.asyncProperty(file, hiddenStrings, hiddenStrings, fc.boolean(), fc.option(fc.option(fc.nat({ max: 3 }))), fc.option(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 2, max: 12 }))), fc.boolean(), async ({ name, texts }, before, after, published, ahead, cut, letGo) => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'verify-pieces-'));
      try {
        const codes = published ? new Set([ID]) : new Set<string>();
        // And at times a string cut from a piece's own text, so that one with breaks in it is there to be found.
        const taken = cut ? texts[cut[0] % texts.length]!.slice(cut[1] % texts[cut[0] % texts.length]!.length).slice(0, cut[2]) : '';
        const runs = [before.map((s, i) => record(`a${i}`, s)), [...before, ...after, ...(taken.length >= 2 ? [taken] : [])].map((s, i) => record(`a${i}`, s))];
        for (const [run, sensitive] of runs.entries()) {
          const { pieces, held, cache } = await piecesOf(dir, texts, undefined, letGo);
          if (held.some((p) => !isInMemory(p))) ways.letGo++;
          // The publication's head start, before the check of the day after: whole, or stopped after `stop` verdicts.
          if (ahead !== null && run > 0) {
            // In its own thread the head start opens the cache anew.
            const early = new PieceCache(dir, 'test');
            const stop = ahead;
            if (stop !== null) {
              let written = 0;
              const writeSide = early.writeSide.bind(early);
              early.writeSide = async (id, suffix, bytes) => {
                if (!suffix.endsWith('.ledger.json') && ++written > stop) throw new Error('stopped');
                return writeSide(id, suffix, bytes);
              };
            }
            await refreshKeptVerdicts(early, matcherOf(sensitive, codes)).catch(() => {});
          }
          const expected = whole(name, pieces, sensitive, codes);
          const got = await piecewise(name, held, cache, sensitive, codes);
          assert.deepEqual(got.strings, expected.strings, `texts ${JSON.stringify(texts)}`);
          // A scan of the whole file reads on after a number it found; the pieces report every number there is.
          assert.equal(got.ids.length > 0, expected.ids.length > 0, `texts ${JSON.stringify(texts)}`);
          for (const id of expected.ids) assert.ok(got.ids.includes(id));
          ways[got.readWhole ? 'whole' : 'apart']++;
          if (!got.readWhole && (got.strings.length || got.ids.length)) ways.found++;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 400 },
  );
  // Most generated files must be read apart, and some of those hold something, or the property says little.
  assert.ok(ways.apart > ways.whole && ways.found > 20 && ways.letGo > 100, JSON.stringify(ways));
});

test('the reading of a piece joined after a line feed or a brace is the reading of the file there', () => {
  // The premise of reading pieces apart (verify-pieces.ts, at the top), on the transforms alone.
  const a = '张 伟%E5%BC\n';
  const b = '%A0\u0301x';
  assert.equal(readerTextOfFile(a + b, { fold: false }), readerTextOfFile(a, { fold: false }) + readerTextOfFile(b, { fold: false }));
});

for (const [holding, holdBytes] of [['held in memory', undefined], ['let go and read again', 0]] as const) test(`through writeExports and verifyOutput, pieces ${holding}: a name hidden after its month was kept is reported in every export that shows it, GBK included, as a whole scan reports it`, async (t) => {
  const dir = await tempCache(t);
  const { writeExports, exportPieceCache } = await import('../../scripts/lib/exports.ts');
  const { verifyOutput } = await import('../../scripts/lib/verify-output.ts');
  const entry = (i: number, month: number, obligation: string) =>
    ({ id: `p-${i}`, kind: 'person', name: `李明${i}`, court: '本溪市平山区人民法院', behaviours: [1], obligation, publishedOn: `2026-0${month}-1${i % 9}` }) as unknown as import('../../scripts/lib/publish-state.ts').PublishedEntry;
  const entries = [
    ...Array.from({ length: 6 }, (_, i) => entry(i, 3, '偿还借款')),
    ...Array.from({ length: 6 }, (_, i) => entry(10 + i, 2, i === 3 ? '向王建华支付货款' : '偿还借款')),
    ...Array.from({ length: 6 }, (_, i) => entry(20 + i, 1, '偿还借款')),
  ];
  const state = { entries, asOf: '2026-11-26', builtAt: '2026-11-26T02:00:00.000Z', site: { city: '本溪市', sampleData: true } };
  const check = async (out: string, sensitive: SensitiveRecord[]) => {
    const cache = await exportPieceCache(path.join(dir, 'pieces'), holdBytes === undefined ? {} : { holdBytes });
    const written = await writeExports(out, state, [], cache);
    if (holdBytes === 0) assert.ok(cache.released.pieces > 0);
    const apart = await verifyOutput(out, sensitive, new Set(), { assembled: { files: written.assembled, cache, edge: EDGE } });
    const wholeScan = await verifyOutput(out, sensitive);
    return { apart, wholeScan };
  };
  const first = await check(path.join(dir, 'day1'), []);
  assert.deepEqual(first.apart.leaks, []);
  const hidden = [record('h-1', '王建华')];
  const { apart, wholeScan } = await check(path.join(dir, 'day2'), hidden);
  const where = (leaks: typeof apart.leaks) => leaks.map((l) => `${path.basename(l.file)} ${l.entryId} ${l.found}`).sort();
  assert.deepEqual(where(apart.leaks), where(wholeScan.leaks));
  assert.deepEqual([...new Set(where(apart.leaks).map((l) => l.split(' ')[0]))], ['entries.csv', 'entries.en.csv', 'entries.gbk.csv', 'entries.json', 'entries.xlsx']);
  assert.ok(apart.scannedBytes < wholeScan.scannedBytes);
});

test('a piece\'s verdict kept from an earlier day compares its numbers\' birth dates with the day it is used on', async (t) => {
  const dir = await tempCache(t);
  const { writeExports, exportPieceCache } = await import('../../scripts/lib/exports.ts');
  const { verifyOutput } = await import('../../scripts/lib/verify-output.ts');
  const { idNumber } = await import('../fixtures/unit/records.ts');
  // Digits that read as the number of someone born on 2051-01-05: no one's on 2026-12-03.
  const future = idNumber('210502', '20510105', '123');
  // Obligations long enough that the kept pieces, not the sheet heads made anew on every run
  // (one a month), are most of what a first check reads.
  const entries = Array.from({ length: 12 }, (_, i) =>
    ({ id: `p-${i}`, kind: 'person', name: `李明${i}`, court: '本溪市平山区人民法院', behaviours: [1], obligation: i === 5 ? `支付款项，单号 ${future}` : '偿还借款及其利息、违约金'.repeat(8), publishedOn: `2026-0${1 + (i % 3)}-1${i % 9}` }) as unknown as import('../../scripts/lib/publish-state.ts').PublishedEntry);
  const check = async (out: string, asOf: string) => {
    const cache = await exportPieceCache(path.join(dir, 'pieces'));
    const written = await writeExports(out, { entries, asOf, builtAt: `${asOf}T02:00:00.000Z`, site: { city: '本溪市', sampleData: true } }, [], cache);
    return verifyOutput(out, [], new Set(), { assembled: { files: written.assembled, cache, edge: EDGE }, asOf });
  };
  const first = await check(path.join(dir, 'day1'), '2026-12-03');
  assert.deepEqual(first.leaks, []);
  // The same pieces, their verdicts kept (so the pieces are not read again): on the birth date the number is one.
  const later = await check(path.join(dir, 'day2'), '2051-01-05');
  assert.ok(later.scannedBytes < first.scannedBytes / 2, `${later.scannedBytes} bytes read again of ${first.scannedBytes}`);
  assert.deepEqual([...new Set(later.leaks.map((l) => `${path.basename(l.file)} ${l.what}`))].sort(), ['entries.csv fullIdNumber', 'entries.en.csv fullIdNumber', 'entries.gbk.csv fullIdNumber', 'entries.json fullIdNumber', 'entries.xlsx fullIdNumber']);
});

// ------------------------------------------------------------------ the workbook
// entries.xlsx: its sheet's rows are checked piece by piece (the rows' text, as a spreadsheet
// shows it), its archive and each new stream against them.
import { sheetRowsXml, sheetStream, workbookOfStreams, type SheetSegment, type XlsxCell } from '../../scripts/lib/xlsx.ts';

const XLSX_LAYOUT = { name: '表', widths: [10, 10, 10, 10] };

/**
 * A workbook of `pieces` (rows each), the pieces and their streams kept in `dir` as writeExports
 * keeps them; with `letGo`, the rows let go. A new sheet starts at each piece in `sheetStarts`
 * (its rows numbered from 2 again), as a new month's does.
 */
async function workbookIn(dir: string, pieces: readonly (readonly (readonly XlsxCell[])[])[], letGo = false, sheetStarts: ReadonlySet<number> = new Set()) {
  const cache = new PieceCache(dir, 'test', letGo ? { holdBytes: 0 } : {});
  const sheets: { name: string; rows: SheetSegment[] }[] = [];
  let first = 2;
  for (const [i, piece] of pieces.entries()) {
    if (i === 0 || sheetStarts.has(i)) {
      sheets.push({ name: `表${sheets.length + 1}`, rows: [] });
      first = 2;
    }
    const xml = sheetRowsXml(piece);
    const key = keyOf(xml);
    const kept = await cache.get(`x${i}`, key, () => xml, false);
    const at = first;
    first += piece.length;
    const stream = await cache.stream(`s${i}`, `${key}-${at}`, () => sheetStream(kept.raw, at));
    sheets.at(-1)!.rows.push({ rows: cache.hold(kept), first: at, stream, streamId: stream.id });
  }
  return { workbook: workbookOfStreams(XLSX_LAYOUT, ['编号', '姓名', '义务', '年龄'], sheets, '2026-12-01'), cache };
}

async function workbookPiecewise(dir: string, pieces: readonly (readonly (readonly XlsxCell[])[])[], sensitive: readonly SensitiveRecord[], codes: ReadonlySet<string> = new Set(), letGo = false, sheetStarts?: ReadonlySet<number>) {
  const { workbook, cache } = await workbookIn(dir, pieces, letGo, sheetStarts);
  const file = 'data/entries.xlsx';
  const { found, scanned, readWhole } = await checkAssembled({ files: { [file]: workbook }, cache, edge: EDGE }, matcherOf(sensitive, codes), fileScanner(sensitive, codes));
  const expected = summary(fileScanner(sensitive, codes)(file, workbook.bytes), sensitive);
  return { got: { ...summary(found.get(file) ?? [], sensitive), scanned, readWhole: readWhole.length > 0 }, expected, workbook };
}

test('a hidden party\'s name in a kept piece of the workbook\'s rows, XML-escaped, is found without reading the piece again, and one with an XML-escaped character as a scan of the workbook finds it', async (t) => {
  const dir = await tempCache(t);
  const rows = (n: number, seed: number) => Array.from({ length: n }, (_, i) => [`e${seed}-${i}`, '李明', '偿还借款', 40]);
  const pieces = [rows(8, 1), [...rows(20, 2), ['e-x', 'A&B 王建华', '向周晓红&公司支付 &gt;', 41], ...rows(20, 3)], rows(8, 4)];
  const first = await workbookPiecewise(dir, pieces, [record('p-1', '李建华')]);
  assert.deepEqual([first.got.strings, first.expected.strings], [[], []]);
  const hidden = [record('p-1', '李建华'), record('p-3', '周曉紅')];
  const again = await workbookPiecewise(dir, pieces, hidden);
  assert.deepEqual(again.expected.strings, ['p-3 周晓红']);
  assert.deepEqual(again.got.strings, again.expected.strings);
  assert.equal(again.got.readWhole, false);
  const middle = sizeOf(again.workbook.sheets[0]!.segments[2]!.rows);
  assert.ok(again.got.scanned < middle, `read ${again.got.scanned} bytes; the kept piece alone has ${middle}`);
  // A name with an escaped character in it (a string with punctuation is looked for in the piece's text).
  const escaped = await workbookPiecewise(dir, pieces, [...hidden, record('p-2', 'a&b 王建华')]);
  assert.deepEqual(escaped.expected.strings, ['p-2 a&b 王建华', 'p-3 周晓红']);
  assert.deepEqual(escaped.got.strings, escaped.expected.strings);
});

test('a full ID number split over two rows of two pieces of the workbook is found, and numbers in neighbouring cells are not joined', async (t) => {
  const dir = await tempCache(t);
  const rows = (n: number, seed: number) => Array.from({ length: n }, (_, i) => [`e${seed}-${i}`, '李明', ID.slice(0, 10), 40]);
  const split = [[...rows(6, 1), ['e-x', '李明', null, ID.slice(0, 10)]], [[ID.slice(10), '本溪'], ...rows(6, 2)]];
  const { got, expected } = await workbookPiecewise(dir, split, []);
  assert.deepEqual(expected.ids, [ID[0] + '*'.repeat(16) + ID[17]]);
  assert.deepEqual(got.ids, expected.ids);
  const apart = await workbookPiecewise(dir, [rows(6, 1), rows(6, 2)], []);
  assert.deepEqual([apart.got.ids, apart.expected.ids], [[], []]);
});

test('a workbook whose sheet, as stored, is not the streams of its pieces, or whose kept stream does not say its rows, fails the check', async (t) => {
  const dir = await tempCache(t);
  const pieces = [[['a', '李明']], [['b', '王建华']]];
  const { workbook, cache } = await workbookIn(dir, pieces);
  const check = (w: typeof workbook) => checkAssembled({ files: { 'data/entries.xlsx': w }, cache, edge: EDGE }, matcherOf([], new Set()), fileScanner([], new Set()));
  // Rows that the stream does not say: the stream is of the other piece's rows.
  const [sheet] = workbook.sheets;
  const swapped = { ...workbook, sheets: [{ ...sheet!, segments: sheet!.segments.map((s, i) => (i === 2 ? { ...s, rows: sheet!.segments[1]!.rows } : s)) }] };
  await assert.rejects(check(swapped), /工作表分片 .* 的压缩数据与其分片不符/);
  // Segments other than what the archive holds.
  const other = await workbookIn(path.join(dir, 'other'), [[['a', '李明']], [['c', '赵建国']]]);
  await assert.rejects(check({ ...workbook, sheets: other.workbook.sheets }), /工作表与其分片不符/);
  await check(workbook);
});

// Characters XML escapes; `<` rarely, since a reading with markup in it is read whole.
const escaped = fc.oneof({ arbitrary: fc.constantFrom('&', '>', 'A&B', '&amp;', '"', "'"), weight: 30 }, { arbitrary: fc.constantFrom('<', '<张>'), weight: 1 });
const cellText = fc.array(fc.oneof({ arbitrary: token, weight: 8 }, { arbitrary: escaped, weight: 2 }), { maxLength: 6 }).map((tokens) => tokens.map((t) => (t === 'filler' ? '李明' : t)).join(''));
const cell = fc.oneof({ arbitrary: cellText, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.nat({ max: 99999 }), weight: 1 });
const sheetRows = fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 14 });
const workbookHidden = fc.array(fc.oneof(fc.string({ unit: fc.constantFrom(...HAN), minLength: 2, maxLength: 4 }), fc.constantFrom('2105021985****2715', ID, 'a&b', 'x&y', '王&建', '华\n王', '王 建', '0315', '-12', '\n1', '<张>')), { maxLength: 5 });

test('property: piece by piece, its rows held in memory or let go, the workbook is found to hold exactly what a scan of it whole finds, however its rows are cut, before and after more parties are hidden', async () => {
  const ways = { apart: 0, whole: 0, found: 0, letGo: 0, sheets: 0 };
  await fc.assert(
    fc.asyncProperty(sheetRows, fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 2 }), workbookHidden, workbookHidden, fc.boolean(), fc.boolean(), fc.boolean(), async (rows, cuts, sheetCuts, before, after, published, ahead, letGo) => {
      const at = [...new Set(cuts.map((c) => 1 + (c % (rows.length - 1))))].sort((a, b) => a - b);
      const pieces = [0, ...at].map((start, i) => rows.slice(start, at[i] ?? rows.length));
      // Pieces that begin a sheet of their own (a new month's).
      const sheetStarts = new Set(sheetCuts.map((c) => c % pieces.length));
      const dir = await mkdtemp(path.join(os.tmpdir(), 'verify-pieces-'));
      try {
        const codes = published ? new Set([ID]) : new Set<string>();
        for (const [run, sensitive] of [before.map((s, i) => record(`a${i}`, s)), [...before, ...after].map((s, i) => record(`a${i}`, s))].entries()) {
          if (ahead && run > 0) await refreshKeptVerdicts(new PieceCache(dir, 'test'), matcherOf(sensitive, codes));
          const { got, expected, workbook } = await workbookPiecewise(dir, pieces, sensitive, codes, letGo, sheetStarts);
          if (workbook.sheets.some((sheet) => sheet.segments.some((s) => !isInMemory(s.rows)))) ways.letGo++;
          if (workbook.sheets.length > 1) ways.sheets++;
          assert.deepEqual(got.strings, expected.strings, `rows ${JSON.stringify(pieces)}`);
          assert.equal(got.ids.length > 0, expected.ids.length > 0, `rows ${JSON.stringify(pieces)}`);
          for (const id of expected.ids) assert.ok(got.ids.includes(id));
          ways[got.readWhole ? 'whole' : 'apart']++;
          if (!got.readWhole && (got.strings.length || got.ids.length)) ways.found++;
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(ways.apart > ways.whole && ways.found > 20 && ways.letGo > 100 && ways.sheets > 50, JSON.stringify(ways));
});
