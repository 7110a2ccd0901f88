import { readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
const blank = (t: string) => t.replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+Z)?/g, '<time>').replace(/"sha256": ?"[0-9a-f]{64}"/g, '<hash>');
async function snap(out: string) {
  const root = await realpath(path.join(out, 'site'));
  const m = new Map<string, string>();
  for (const f of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const rel = path.relative(root, path.join(f.parentPath, f.name));
    if (rel.startsWith('data/index.json.sig') || rel.startsWith('search/i/')) continue;
    const b = await readFile(path.join(root, rel));
    m.set(rel, blank((rel.endsWith('.gz') ? gunzipSync(b) : rel.endsWith('.br') ? brotliDecompressSync(b) : b).toString('utf8')));
  }
  return m;
}
const [a, b] = await Promise.all([snap(process.argv[2]!), snap(process.argv[3]!)]);
let bad = 0;
for (const k of new Set([...a.keys(), ...b.keys()])) if (a.get(k) !== b.get(k)) { bad++; if (bad < 20) console.log('DIFF', k, a.has(k), b.has(k)); }
console.log('files', a.size, b.size, 'differ', bad);
