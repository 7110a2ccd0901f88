// npm run delist -- <entryId> --type 屏蔽|撤销|删除 --reason <ground> --doc <决定书文号> --court <法院> [--date YYYY-MM-DD] [--no-build]
// Records a court's decision in content/decisions/ after validating it against the list,
// then rebuilds so the entry leaves every public file.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decisionInputSchema, DECISION_LABELS } from './lib/schema/decision.ts';
import { loadPublishState } from './lib/publish-state.ts';
import { buildSite, BuildFailure } from './build.ts';
import { todayInChina } from './lib/shared/dates.ts';
import { DELISTING_GROUNDS } from './lib/rules/delisting-grounds.ts';
import { layoutOf, readLiveEntries } from './lib/release.ts';
import { writeFileAtomic } from './lib/atomic-write.ts';
import { idKey, normaliseId } from './lib/schema/fields.ts';
import { formatProblem, UnreadableDecisionsError } from './lib/report.ts';
import type { PublishMode } from './lib/publish.ts';
import { refusal, RefusalError, type Refusal } from './lib/refusals.ts';

/** A decision not recorded: a refusal with its code (refusals.ts Delist*). */
export class DelistError extends RefusalError {}

export interface DelistRequest {
  entryId: string;
  type: string;
  reason: string;
  docNumber: string;
  court: string;
  decidedOn: string;
}

/**
 * Validates a decision against the content and writes it as its own file. Returns the file.
 * Recording the same decision again is not an error: a `delist` killed after writing the file
 * is re-run to finish publishing it.
 */
export async function recordDecision(contentDir: string, request: DelistRequest, options: { out?: string } = {}): Promise<string> {
  const id = `D-${request.entryId}-${request.decidedOn.replace(/-/g, '')}`;
  const parsed = decisionInputSchema.safeParse({ id, entryId: request.entryId, type: request.type, decidedOn: request.decidedOn, court: request.court, docNumber: request.docNumber, reason: request.reason });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return `  ${field}（${DECISION_LABELS[field as keyof typeof DECISION_LABELS] ?? ''}）：${i.message}`;
    });
    throw new DelistError(refusal('DelistInvalid', { fields: lines.join('\n') }));
  }
  // An entry the live site publishes is known without validating 100,000 rows again (the
  // usual case, and the one that must be fast); anything else is checked against content/.
  const key = idKey(request.entryId);
  // Read from the chunks the id would be in (state-files.ts), as typed and as normalised.
  const live = options.out ? await readLiveEntries(layoutOf(path.resolve(options.out)), [...new Set([request.entryId, normaliseId(request.entryId), key])]) : null;
  if (!live?.some((e) => idKey(e.id) === key)) {
    const { state, sensitive } = await loadPublishState(contentDir, request.decidedOn);
    const known = [...state.entries, ...state.gone, ...sensitive].some((e) => idKey(e.id) === key);
    if (!known) throw new DelistError(refusal('DelistUnknownEntry', { entryId: request.entryId }));
    const already = state.gone.find((g) => idKey(g.id) === key && g.cause === 'decided' && g.decisionId !== id);
    if (already) throw new DelistError(refusal('DelistAlreadyDecided', { entryId: request.entryId, date: already.date, type: String(already.type), decisionId: String(already.decisionId) }));
  }
  const file = path.join(contentDir, 'decisions', `${id}.json`);
  const text = `${JSON.stringify([parsed.data], null, 2)}\n`;
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing === text) return file;
  if (existing !== null) throw new DelistError(refusal('DelistFileDiffers', { file }));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
  return file;
}

export const PUBLISH_MODE_LABEL: Record<PublishMode, string> = { patch: '增量发布', release: '完整发布', current: '此前的发布已上线，无需再做' };

/**
 * Publishes new decisions: the one pipeline (scripts/lib/publish.ts), which renders and
 * replaces only what the removal touches. Used by `npm run delist`, watch mode and the
 * benchmark. `ms`: until everything is done; `liveMs`: until the site was live and verified.
 */
export async function publishDecisions(options: { content: string; out: string; today: string; log?: (line: string) => void; quiet?: boolean }): Promise<{ mode: PublishMode; ms: number; liveMs: number; why?: Refusal }> {
  const started = performance.now();
  const report = await buildSite({ content: options.content, out: options.out, today: options.today, strict: false, quiet: options.quiet ?? true });
  if (report.why) options.log?.(`完整发布：${report.why.message}。`);
  return { mode: report.mode, ms: performance.now() - started, liveMs: report.liveAt - started, ...(report.why ? { why: report.why } : {}) };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      type: { type: 'string' },
      reason: { type: 'string' },
      doc: { type: 'string' },
      court: { type: 'string' },
      date: { type: 'string' },
      content: { type: 'string', default: 'content' },
      out: { type: 'string', default: 'dist' },
      today: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
    },
  });
  const [entryId] = positionals;
  if (!entryId || !values.type || !values.reason || !values.doc || !values.court) {
    throw new DelistError(refusal('DelistUsage', { grounds: Object.entries(DELISTING_GROUNDS).map(([code, g]) => `  ${code.padEnd(20)} ${g.label}（${g.types.join('/')}）`).join('\n') }));
  }
  const today = values.today ?? todayInChina();
  const file = await recordDecision(path.resolve(values.content!), { entryId, type: values.type, reason: values.reason, docNumber: values.doc, court: values.court, decidedOn: values.date ?? today }, { out: values.out });
  console.log(`已记录决定：${path.relative(process.cwd(), file)}`);
  if (values['no-build']) return;
  const { mode, ms } = await publishDecisions({ content: values.content!, out: values.out!, today, log: (line) => console.log(line), quiet: false });
  console.log(`记录 ${entryId} 已撤下并上线（${PUBLISH_MODE_LABEL[mode]}），用时 ${(ms / 1000).toFixed(1)} 秒。`);
}

if (import.meta.main) {
  main().catch((error) => {
    if (error instanceof UnreadableDecisionsError) for (const problem of error.problems) console.error(formatProblem(problem));
    if (error instanceof DelistError || error instanceof BuildFailure || error instanceof UnreadableDecisionsError) console.error(`✖ ${error.message}`);
    else console.error(error);
    process.exit(1);
  });
}
