// Messages by code: every catalogue of the project (refusals.ts, problems.ts, the check tool's
// reasons) is an object of functions from what a message is given to its wording, and this is
// the one way a code is worded from one.

/** A catalogue: each code's wording from its parameters (none, or one object). */
export type Catalogue = Record<string, (params: never) => string>;

/** `code` worded by `catalogue` with `params`. */
export function worded<T extends Catalogue, C extends keyof T & string>(catalogue: T, code: C, params?: unknown): { code: C; message: string } {
  return { code, message: (catalogue[code] as unknown as (p?: unknown) => string)(params) };
}
