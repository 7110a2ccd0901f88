import type { APIRoute } from 'astro';
import { state } from '../../lib/state';
import { ENTRY_LABELS } from '../../../scripts/lib/schema/entry.ts';

const COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn'] as const;

function cell(value: unknown): string {
  const text = Array.isArray(value) ? value.join(';') : value === undefined || value === null ? '' : String(value);
  // Quote everything that could break a row, and defuse spreadsheet formulas.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** UTF-8 with BOM so Excel opens it correctly; Chinese labels in the header row, field names in the second. */
export const GET: APIRoute = () => {
  const { entries } = state();
  const lines = [COLUMNS.map((c) => cell(ENTRY_LABELS[c as keyof typeof ENTRY_LABELS] ?? c)).join(','), COLUMNS.join(',')];
  for (const entry of entries) lines.push(COLUMNS.map((c) => cell((entry as Record<string, unknown>)[c])).join(','));
  return new Response(`\uFEFF${lines.join('\r\n')}\r\n`, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
};
