// Preloaded (`node --import`) into a publication under test, and with it (stage.ts passes the
// flags on, worker threads inherit them) into every process and thread it starts: appends the
// path of each module Node loads from a file to GONGSHI_LOAD_LOG, one a line.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const log = process.env.GONGSHI_LOAD_LOG;
if (log) {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith('file:')) appendFileSync(log, `${fileURLToPath(url)}\n`);
      return nextLoad(url, context);
    },
  });
}
