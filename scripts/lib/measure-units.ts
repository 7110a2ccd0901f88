// The responsible units of the measures catalog, each with a stable URL slug for its page
// /measures/unit/<slug>/. The slug is the unit's name in toneless pinyin, so it is derived
// from the name alone: a unit keeps its URL when units are added or removed around it.
import { pinyin } from 'pinyin-pro';
import type { MeasureCatalog } from './schema/measure.ts';
import { debtorKinds } from './shared/measure-filter.ts';

export interface ResponsibleUnit {
  name: string;
  slug: string;
  /** Measure ids assigned to the unit, in catalog order. */
  measureIds: string[];
}

/** "市财政局" → "shi-cai-zheng-ju"; anything that is not a Han character or a letter/digit is dropped. */
export function unitSlug(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  return syllables
    .map((s) => s.toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]/g, ''))
    .filter(Boolean)
    .join('-');
}

/** Every unit named by any measure, sorted as a Chinese reader expects; fails on a slug collision. */
export function responsibleUnits(catalog: MeasureCatalog): ResponsibleUnit[] {
  const byName = new Map<string, string[]>();
  for (const group of catalog.groups) {
    for (const m of group.measures) {
      for (const unit of m.responsibleUnits) byName.set(unit, [...(byName.get(unit) ?? []), m.id]);
    }
  }
  const units = [...byName].map(([name, measureIds]) => ({ name, slug: unitSlug(name), measureIds }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const seen = new Map<string, string>();
  for (const u of units) {
    const other = seen.get(u.slug);
    if (other) throw new Error(`责任单位“${u.name}”与“${other}”的网址名相同（${u.slug}）：请在 scripts/lib/measure-units.ts 中区分。`);
    seen.set(u.slug, u.name);
  }
  return units;
}


/**
 * How many measures reach a person, an organisation, and (of the latter) also the people behind it
 * (§三(七): 法定代表人、主要负责人、实际控制人、影响债务履行的直接责任人员); what an entry page says.
 */
export function measureCounts(catalog: MeasureCatalog): { person: number; org: number; orgPeople: number } {
  const all = catalog.groups.flatMap((g) => g.measures);
  const reaching = (kind: 'person' | 'org') => all.filter((m) => debtorKinds(m.appliesTo).includes(kind));
  const org = reaching('org');
  return { person: reaching('person').length, org: org.length, orgPeople: org.filter((m) => m.appliesTo.includes('法定代表人等相关人员')).length };
}
