// The columns of the entries files. A module of its own: the data page (site/) shows them,
// and whatever site/ imports makes a change a release of every page (rendererVersion), so the
// export writers (exports.ts) can change without one.
import { ENTRY_LABELS } from './schema/entry.ts';
import { PROVENANCE_FIELDS, PROVENANCE_LABELS } from './schema/provenance.ts';

/** The fields of every entries file, in this order: the entry's own, then its provenance (schema/provenance.ts). */
export const CSV_COLUMNS = ['id', 'kind', 'name', 'gender', 'age', 'idNumberMasked', 'creditCode', 'legalRepresentative', 'court', 'district', 'province', 'caseNumber', 'filedOn', 'basisDocNumber', 'basisIssuer', 'obligation', 'performance', 'performedPart', 'unperformedPart', 'behaviours', 'publishedOn', 'listingEndsOn', ...PROVENANCE_FIELDS] as const;

/** Each column's Chinese label: entries.csv's header, the XLSX's, the data page's. */
export const COLUMN_LABELS: Record<(typeof CSV_COLUMNS)[number], string> = { ...ENTRY_LABELS, ...PROVENANCE_LABELS };
