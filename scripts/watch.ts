// npm run watch -- [--content content] [--out dist] [--port 4321] [--debounce 500]
// Keeps the site live and current: watches content/, rebuilds on every change (debounced;
// changes that arrive during a build are picked up by the next one) and switches the
// served release atomically. Also serves the site unless --no-serve.
import { watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, BuildFailure } from './build.ts';
import { todayInChina } from './lib/shared/dates.ts';
import { terminalSafe } from './lib/report.ts';
import { startServer } from './serve.ts';
import { PUBLISH_MODE_LABEL } from './delist.ts';

export interface Watcher {
  close(): void;
  /** Resolves when no build is running or pending. */
  idle(): Promise<void>;
}

export function watchContent(options: { content: string; out: string; debounceMs: number; today?: () => string; log?: (line: string) => void }): Watcher {
  const log = options.log ?? ((line: string) => console.log(line));
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> | null = null;
  let idleWaiters: (() => void)[] = [];

  const settle = () => {
    if (!building && !timer && changed.size === 0) {
      idleWaiters.forEach((resolve) => resolve());
      idleWaiters = [];
    }
  };

  const rebuild = async () => {
    timer = undefined;
    if (building) return; // the running build's finally{} starts the next one
    const files = [...changed];
    changed.clear();
    const firstChange = performance.now();
    log(`变更：${files.map((f) => terminalSafe(path.join(path.basename(options.content), f))).join('、') || '（启动）'}，开始构建…`);
    building = (async () => {
      try {
        const today = (options.today ?? todayInChina)();
        // One pipeline for every change: it renders and replaces only what the change touches.
        const report = await buildSite({ content: options.content, out: options.out, today, strict: false, quiet: true });
        const c = report.counts;
        log(`已上线（${PUBLISH_MODE_LABEL[report.mode]}，${((performance.now() - firstChange) / 1000).toFixed(1)} 秒）：公开 ${c.published}，暂缓 ${c.withheld}，期满 ${c.expired}，撤下 ${c.decided}；新增变更事件 ${report.newEvents} 条。`);
      } catch (error) {
        log(`✖ 构建失败，旧站点继续服务：${terminalSafe(error instanceof BuildFailure ? error.message : String((error as Error).stack))}`);
      } finally {
        building = null;
        if (changed.size) schedule();
        settle();
      }
    })();
  };

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => void rebuild(), options.debounceMs);
  }

  const watcher = watch(options.content, { recursive: true }, (_event, file) => {
    if (file && /(^|[\\/])\./.test(file)) return; // editor swap files, .DS_Store
    changed.add(file ?? '?');
    schedule();
  });
  schedule();
  return {
    close() {
      watcher.close();
      clearTimeout(timer);
    },
    idle: () => new Promise<void>((resolve) => {
      idleWaiters.push(resolve);
      settle();
    }),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      port: { type: 'string', default: '4321' },
      debounce: { type: 'string', default: '500' },
      'no-serve': { type: 'boolean', default: false },
    },
  });
  watchContent({ content: path.resolve(values.content!), out: values.out!, debounceMs: Number(values.debounce) });
  if (!values['no-serve']) {
    const server = await startServer(values.out!, Number(values.port));
    console.log(`gongshi 已启动：http://127.0.0.1:${(server.address() as { port: number }).port}/ ，正在监视 ${values.content}/`);
  }
}
