import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { layoutOf, withPublishLock } from '../../scripts/lib/release.ts';

async function outFolder(t: TestContext) {
  const out = await mkdtemp(path.join(os.tmpdir(), 'gongshi-lock-'));
  t.after(() => rm(out, { recursive: true, force: true }));
  return layoutOf(out);
}

test('a second publisher to the same folder waits until the first is done, and is told who it waits for', async (t) => {
  const layout = await outFolder(t);
  const order: string[] = [];
  let finishFirst!: () => void;
  const first = withPublishLock(layout, async () => {
    order.push('first starts');
    await new Promise<void>((resolve) => (finishFirst = resolve));
    order.push('first ends');
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const waitedFor: number[] = [];
  const second = withPublishLock(layout, async () => order.push('second starts'), (pid) => waitedFor.push(pid));
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.deepEqual(order, ['first starts']);
  finishFirst();
  await Promise.all([first, second]);
  assert.deepEqual(order, ['first starts', 'first ends', 'second starts']);
  assert.deepEqual(waitedFor, [process.pid]);
});

test('a lock left by a process that died is taken over at once', async (t) => {
  const layout = await outFolder(t);
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  await writeFile(path.join(layout.out, '.publish.lock'), String(dead));
  let waited = false;
  assert.equal(await withPublishLock(layout, async () => 'ran', () => (waited = true)), 'ran');
  assert.equal(waited, false);
});

test('the lock is released when the work fails', async (t) => {
  const layout = await outFolder(t);
  await assert.rejects(withPublishLock(layout, async () => { throw new Error('build failed'); }), /build failed/);
  await assert.rejects(access(path.join(layout.out, '.publish.lock')));
  assert.equal(await withPublishLock(layout, async () => 'next'), 'next');
});
