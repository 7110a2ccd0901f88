// npm run watch -- [--content content] [--out dist] [--port 4321] [--debounce 500]
// Keeps the site live and current: watches content/, rebuilds on every change (debounced;
// changes that arrive during a build are picked up by the next one) and switches the
// served release atomically; and publishes again when the day in China turns, with or
// without a change, since the day itself changes the list: listing periods end and entries
// held back until their publication date become public. Also serves the site unless --no-serve.
import { watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildSite, BuildFailure, type BuildReport } from './build.ts';
import { msUntilNextDayInChina, todayInChina } from './lib/shared/dates.ts';
import { terminalSafe } from './lib/report.ts';
import { startServer } from './serve.ts';
import { PUBLISH_MODE_LABEL } from './delist.ts';

export interface Watcher {
  close(): void;
  /** Resolves when no build is running or pending. */
  idle(): Promise<void>;
}

/** After midnight, so that the clock has surely turned the day: a publication is the same day's again otherwise. */
const DAY_TURN_MARGIN_MS = 5_000;

export function watchContent(options: {
  content: string;
  out: string;
  debounceMs: number;
  today?: () => string;
  /** How long until the next publication for the new day (default: the next midnight in China, and a margin). */
  msUntilNextDay?: () => number;
  log?: (line: string) => void;
  /** Each publication's report, once it is live. */
  onPublished?: (report: BuildReport) => void;
}): Watcher {
  const log = options.log ?? ((line: string) => console.log(line));
  const today = options.today ?? todayInChina;
  const msUntilNextDay = options.msUntilNextDay ?? (() => msUntilNextDayInChina() + DAY_TURN_MARGIN_MS);
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let dayTimer: NodeJS.Timeout | undefined;
  let newDay = false;
  let closed = false;
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
    const files = [...changed].map((f) => terminalSafe(path.join(path.basename(options.content), f)));
    changed.clear();
    const day = today();
    if (newDay) files.unshift(`新的一天 ${day}`);
    newDay = false;
    const firstChange = performance.now();
    log(`变更：${files.join('、') || '（启动）'}，开始构建…`);
    building = (async () => {
      try {
        // One pipeline for every change: it renders and replaces only what the change touches;
        // this process publishes again, so it keeps the content files' reads in memory (resident).
        const report = await buildSite({ content: options.content, out: options.out, today: day, strict: false, quiet: true, resident: true });
        options.onPublished?.(report);
        const c = report.counts;
        log(`已上线（${PUBLISH_MODE_LABEL[report.mode]}，${((performance.now() - firstChange) / 1000).toFixed(1)} 秒）：公开 ${c.published}，暂缓 ${c.withheld}，期满 ${c.expired}，撤下 ${c.decided}；新增变更事件 ${report.newEvents} 条。`);
      } catch (error) {
        log(`✖ 构建失败，旧站点继续服务：${terminalSafe(error instanceof BuildFailure ? error.message : String((error as Error).stack))}`);
      } finally {
        building = null;
        // The day turned while this one published: the new day's publication follows at once.
        if (today() !== day) newDay = true;
        if (changed.size || newDay) schedule();
        else armDayTurn();
        settle();
      }
    })();
  };

  function schedule() {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => void rebuild(), options.debounceMs);
  }

  // Armed after each publication. Should it fire early (a clock set back), the publication
  // finds the same day's inputs and does nothing (the pipeline's "current").
  function armDayTurn() {
    clearTimeout(dayTimer);
    if (closed) return;
    dayTimer = setTimeout(() => {
      newDay = true;
      schedule();
    }, msUntilNextDay());
  }

  const watcher = watch(options.content, { recursive: true }, (_event, file) => {
    if (file && /(^|[\\/])\./.test(file)) return; // editor swap files, .DS_Store
    changed.add(file ?? '?');
    schedule();
  });
  schedule();
  return {
    close() {
      closed = true;
      watcher.close();
      clearTimeout(timer);
      clearTimeout(dayTimer);
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
