// A run whose inputs hash as the live release's did publishes nothing (scripts/lib/inputs.ts):
// so any change to anything a publication reads must change the hash.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { inputsHash as inputsAt, type InputParts } from '../../scripts/lib/inputs.ts';
import { codeFiles } from '../../scripts/lib/code-sources.ts';
import { ROOT, contentFolder, decisionRow, orgRow, personRow, removeFolder } from '../fixtures/unit/records.ts';

const inputsHash = async (parts: InputParts) => (await inputsAt(parts)).now();

/** A content folder and a ledger folder from file maps (relative path → bytes); removed after `t` when given. */
async function folders(content: Record<string, string>, ledger: Record<string, string>, t?: TestContext): Promise<{ root: string; parts: InputParts }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gongshi-inputs-'));
  t?.after(() => rm(root, { recursive: true, force: true }));
  for (const [base, files] of [['content', content], ['ledger', ledger]] as const) {
    await mkdir(path.join(root, base), { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, base, file)), { recursive: true });
      await writeFile(path.join(root, base, file), text);
    }
  }
  return { root, parts: { content: path.join(root, 'content'), ledgerDir: path.join(root, 'ledger'), today: '2026-12-01', signingKey: 'key-a', siteUrl: 'https://example.org' } };
}

const fileName = fc.stringMatching(/^[a-z0-9]{1,6}(\.json|\.csv|\.md)?$/);
const tree = fc.dictionary(fc.oneof(fileName, fc.tuple(fileName, fileName).map(([d, f]) => `${d}-dir/${f}`)), fc.string({ maxLength: 40 }), { minKeys: 1, maxKeys: 6 });

test('any one changed byte, renamed file, added or removed file in content/ or the ledger changes the hash', async () => {
  await fc.assert(
    fc.asyncProperty(tree, tree, fc.nat(), fc.constantFrom('edit', 'rename', 'add', 'remove'), fc.boolean(), async (content, ledger, pick, change, inLedger) => {
      const { root, parts } = await folders(content, ledger);
      try {
        const before = await inputsHash(parts);
        assert.equal(await inputsHash(parts), before, 'the same inputs hash the same');
        const files = inLedger ? ledger : content;
        const base = inLedger ? parts.ledgerDir : parts.content;
        const names = Object.keys(files);
        const name = names[pick % names.length]!;
        const file = path.join(base, name);
        if (change === 'edit') {
          // The same length, one character different: no size or count can stand in for the bytes.
          const text = files[name]!;
          const at = pick % Math.max(1, text.length);
          await writeFile(file, text.length ? `${text.slice(0, at)}${text[at] === 'x' ? 'y' : 'x'}${text.slice(at + 1)}` : 'x');
        } else if (change === 'rename') {
          await rm(file);
          await writeFile(`${file}~`, files[name]!);
        } else if (change === 'add') {
          await writeFile(path.join(base, 'added.json'), '');
        } else {
          await rm(file);
        }
        // A file named added.json may already exist with no bytes: then nothing changed.
        if (change === 'add' && names.includes('added.json') && files['added.json'] === '') return;
        assert.notEqual(await inputsHash(parts), before, `${change} of ${inLedger ? 'ledger' : 'content'}/${name}`);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    }),
    { numRuns: 150 },
  );
});

test('the date, the signing key and the site address are inputs', async (t) => {
  const { parts } = await folders({ 'a.json': '[]' }, { 'changes.jsonl': '' }, t);
  const before = await inputsHash(parts);
  for (const changed of [{ today: '2026-12-02' }, { signingKey: 'key-b' }, { siteUrl: 'https://example.com' }]) {
    assert.notEqual(await inputsHash({ ...parts, ...changed }), before, JSON.stringify(changed));
  }
});

test('a content file reached through a symlink is read through it, as the readers read it', async (t) => {
  const { root, parts } = await folders({ 'site.json': '{}' }, {}, t);
  const outside = path.join(root, 'batch.json');
  await writeFile(outside, '[1]');
  await symlink(outside, path.join(parts.content, 'batch.json'));
  const before = await inputsHash(parts);
  await writeFile(outside, '[2]');
  assert.notEqual(await inputsHash(parts), before);
  // A link back up the tree is read once, not forever.
  await symlink(parts.content, path.join(parts.content, 'loop'));
  await inputsHash(parts);
});

test('content/ is read when the hash is begun, the change feed when it is finished: data changed in between is not taken for published', async (t) => {
  const { parts } = await folders({ 'a.json': '[1]' }, { 'changes.jsonl': '' }, t);
  const begun = await inputsAt(parts);
  await writeFile(path.join(parts.content, 'a.json'), '[2]');
  await writeFile(path.join(parts.ledgerDir, 'changes.jsonl'), '{}\n');
  // The run read [1] and wrote its events: what it records is not the hash of [2].
  assert.notEqual(await begun.now(), await inputsHash(parts));
  await writeFile(path.join(parts.content, 'a.json'), '[1]');
  assert.equal(await begun.now(), await inputsHash(parts), 'the content it read, with the feed it left');
});

test('the code that publishes is an input: a changed module it imports, page or lock file changes the hash; a benchmark or a dev tool does not, nor node_modules file by file', async (t) => {
  const { root, parts } = await folders({ 'a.json': '[]' }, {}, t);
  const code = path.join(root, 'project');
  for (const [file, text] of [['scripts/build.ts', "import { A } from './lib/rules.ts';"], ['scripts/lib/rules.ts', 'export const A = 1;'], ['scripts/bench/build.ts', "import '../build.ts';"], ['scripts/fuzz.ts', '1'], ['site/pages/index.astro', '<p/>'], ['package-lock.json', '{}'], ['node_modules/x/index.js', '1']]) {
    await mkdir(path.dirname(path.join(code, file!)), { recursive: true });
    await writeFile(path.join(code, file!), text!);
  }
  const withCode = { ...parts, codeRoot: code };
  let before = await inputsHash(withCode);
  assert.equal(await inputsHash(withCode), before, 'the same code hashes the same');
  for (const [file, text] of [['scripts/lib/rules.ts', 'export const A = 2;'], ['site/pages/index.astro', '<b/>'], ['package-lock.json', '{ }']]) {
    await writeFile(path.join(code, file!), text!);
    const after = await inputsHash(withCode);
    assert.notEqual(after, before, file);
    before = after;
  }
  for (const [file, text] of [['scripts/bench/build.ts', "import '../build.ts'; // faster"], ['scripts/fuzz.ts', '2'], ['node_modules/x/index.js', '2']]) {
    await writeFile(path.join(code, file!), text!);
    assert.equal(await inputsHash(withCode), before, `${file} is not code that publishes`);
  }
  await writeFile(path.join(code, 'scripts/build.ts'), "import { A } from './lib/rule.ts';");
  const broken = await inputsHash(withCode);
  assert.notEqual(broken, await inputsHash(withCode), 'code that imports a missing file hashes as no run before or after');
});

test('a run whose loaded code is not the code on disk, or whose code changed while it ran, leaves a hash no later run matches', async (t) => {
  const { root, parts } = await folders({ 'a.json': '[]' }, { 'changes.jsonl': '' }, t);
  const code = path.join(root, 'project');
  await mkdir(path.join(code, 'site'), { recursive: true });
  await writeFile(path.join(code, 'site', 'page.astro'), 'A');
  const withCode = { ...parts, codeRoot: code };
  const a = await inputsHash(withCode);
  // watch, started before a deployment: it loaded other code than its stages will read.
  const mixed = await (await inputsAt({ ...withCode, loadedCode: 'what watch loaded' })).now();
  assert.notEqual(mixed, a);
  assert.notEqual(mixed, await (await inputsAt({ ...withCode, loadedCode: 'what watch loaded' })).now(), 'not even the same mix twice');
  // Code B deployed while a run of A runs, then rolled back to A: the run's record must not say "A, published".
  const begun = await inputsAt(withCode);
  await writeFile(path.join(code, 'site', 'page.astro'), 'B');
  const recorded = await begun.now();
  await writeFile(path.join(code, 'site', 'page.astro'), 'A');
  assert.notEqual(recorded, await inputsHash(withCode));
  assert.equal(await inputsHash(withCode), a, 'the same code again hashes the same');
});

test('a ledger file reached through a symlink is read through it', async (t) => {
  const { root, parts } = await folders({ 'a.json': '[]' }, {}, t);
  const outside = path.join(root, 'changes.jsonl');
  await writeFile(outside, '{"seq":1}\n');
  await symlink(outside, path.join(parts.ledgerDir, 'changes.jsonl'));
  const before = await inputsHash(parts);
  await writeFile(outside, '{"seq":2}\n');
  assert.notEqual(await inputsHash(parts), before);
});

test('every module a publication loads from scripts/ and site/, in its own process, its stages and its worker threads, is among the code it hashes', { timeout: 300_000 }, async (t) => {
  const content = await contentFolder({ 'entries/a.json': [personRow(), orgRow()], 'site.json': JSON.stringify({ city: '本溪市', sampleData: true }) });
  const out = `${content}-out`;
  const loads = `${content}-loads.txt`;
  t.after(() => Promise.all([removeFolder(content), removeFolder(out), rm(loads, { force: true })]));
  const publish = (today: string) => promisify(execFile)(process.execPath, ['--import', pathToFileURL(path.join(ROOT, 'tests/helpers/record-loads.ts')).href, '--import', './scripts/lib/compile-cache.ts', 'scripts/build.ts', '--content', content, '--out', out, '--today', today], {
    cwd: ROOT,
    // A release rendered in shares (scripts/stages/astro.ts) and a check in worker threads, however small the site.
    env: { ...process.env, GONGSHI_QUIET: '1', GONGSHI_LOAD_LOG: loads, GONGSHI_RENDER_SPLIT_MIN: '1', GONGSHI_VERIFY_WORKERS: '2' },
    maxBuffer: 64 * 1024 * 1024,
  });
  await publish('2026-11-26');
  // A delisting: a patch, checked by the verify workers with the kept export pieces' head start.
  await writeFile(path.join(content, 'decisions', 'a.json'), JSON.stringify([decisionRow()]));
  await publish('2026-11-27');
  const loaded = new Set((await readFile(loads, 'utf8')).split('\n').filter((file) => /^(scripts|site)\//.test(path.relative(ROOT, file))));
  for (const entry of ['scripts/stages/astro.ts', 'scripts/stages/astro-slice.ts', 'scripts/lib/verify-worker.ts', 'scripts/lib/verify-ahead-worker.ts']) {
    assert.ok(loaded.has(path.join(ROOT, entry)), `the publications ran ${entry}`);
  }
  const hashed = new Set((await codeFiles()).keys());
  assert.deepEqual([...loaded].filter((file) => !hashed.has(file)).map((file) => path.relative(ROOT, file)), []);
});
