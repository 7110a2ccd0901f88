// Characters a reader does not see: format characters (zero-width space and joiners, bidi
// controls, soft hyphen, word joiner, BOM, tag characters…), the Hangul fillers, variation
// selectors and the combining grapheme joiner. An id, a typed query or a name with one of them
// inside reads exactly like the one without, so they are removed before comparing anything.
// Runs in the browser too: no dependencies.
export const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}
