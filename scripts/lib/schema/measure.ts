// The joint punishment catalog of the source document §三: eleven groups of measures,
// each with its responsible units (责任单位). Extracted from the seed, never retyped.
import { z } from 'zod';

const APPLIES_TO = ['失信被执行人', '自然人', '法人或其他组织', '法定代表人等相关人员'] as const;

const measureSchema = z.object({
  /** Group and item, e.g. "7.1" for §三(七)1. */
  id: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/),
  /** The item's heading, e.g. 乘坐火车、飞机限制; the group's heading where it has no items. */
  title: z.string().min(1),
  /** The measure's text as in the source document. */
  text: z.string().min(1),
  /** Who it reaches: all debtors, only persons, only organisations, and/or their legal representatives etc. */
  appliesTo: z.array(z.enum(APPLIES_TO)).min(1),
  /**
   * 责任单位, one unit per item, each once. A unit printed as "市国资委等有关单位" or
   * "…等具有…职能的单位" is filed here under the unit it names (市国资委); the class of further
   * units it adds is kept in unitsAsPrinted. Empty only where the document names none (§三(十一)).
   */
  responsibleUnits: z.array(z.string().min(1)),
  /** Each (责任单位：…) list of the measure exactly as printed, in order; what a reader is shown. */
  unitsAsPrinted: z.array(z.string().min(1)),
});

const measureGroupSchema = z.object({
  /** 1–11, as (一)–(十一) in §三. */
  number: z.number().int().min(1).max(11),
  /** Chinese numeral as printed: 一 … 十一. */
  numeral: z.string().min(1),
  /** The group's heading, e.g. 限制高消费及有关消费. */
  title: z.string().min(1),
  measures: z.array(measureSchema).min(1),
});

export const measureCatalogSchema = z.object({
  /** Where the catalog comes from. */
  source: z.string(),
  groups: z.array(measureGroupSchema).length(11),
});

export type MeasureCatalog = z.output<typeof measureCatalogSchema>;
