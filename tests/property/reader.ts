// How a person reads an output file, written independently of scripts/lib so that the oracle
// does not share the bugs of the code it judges: decompress, undo the encodings a browser or
// JSON reader undoes, drop what the eye does not see, and fold what the eye does not tell
// apart. Applied to the output and to every needle alike, so a match means "a reader sees it".
import { isUtf8 } from 'node:buffer';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { isZip, readZip } from '../../scripts/lib/zip.ts';

/**
 * Simplified → traditional for exactly the characters the generated names use. Small and
 * hand-written on purpose: the code under test may convert with OpenCC, and a shared table
 * would hide a shared mistake.
 */
export const TRADITIONAL: Readonly<Record<string, string>> = {
  张: '張', 刘: '劉', 陈: '陳', 杨: '楊', 赵: '趙', 黄: '黃', 吴: '吳', 郑: '鄭', 冯: '馮', 邓: '鄧',
  许: '許', 韩: '韓', 谢: '謝', 罗: '羅', 钟: '鍾', 蒋: '蔣', 陆: '陸', 卢: '盧', 苏: '蘇', 叶: '葉',
  伟: '偉', 华: '華', 丽: '麗', 军: '軍', 红: '紅', 东: '東', 国: '國', 凤: '鳳', 龙: '龍', 宝: '寶',
  贵: '貴', 兰: '蘭', 庆: '慶', 义: '義', 荣: '榮', 顺: '順', 锋: '鋒', 鹏: '鵬', 钢: '鋼', 辉: '輝',
  杰: '傑', 进: '進', 泽: '澤', 刚: '剛', 岚: '嵐', 涛: '濤', 玮: '瑋', 颖: '穎',
};
const SIMPLIFIED = new Map(Object.entries(TRADITIONAL).map(([s, t]) => [t, s]));

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad', zwsp: '\u200b', ZeroWidthSpace: '\u200b', zwj: '\u200d', zwnj: '\u200c' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** Runs of %XX that decode as UTF-8 (URLs, hrefs); anything else stays as it is. */
function decodePercent(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** JSON and JavaScript string escapes (\u5f20, \/) as a JSON reader undoes them. */
function decodeJsonEscapes(text: string): string {
  return text.replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\([/*_\-.])/g, '$1');
}

const stripTags = (text: string) => text.replace(/<\/?[a-z][^<>]*>/gi, '');

/**
 * Separators a reader skips inside one number or code (after NFKC: NBSP and the ideographic
 * space are spaces). Letters count too: credit codes have them, and an ID ends in X.
 */
const DIGIT_JOINERS = /(?<=[0-9A-Z*])[\s\-\u2010-\u2015\u2212._\u00b7\u30fb]+(?=[0-9A-Z*])/g;

/** What a reader takes in from `text`; compare only normalised text with normalised needles. */
export function read(text: string): string {
  let t = decodePercent(decodeJsonEscapes(text));
  // Twice: once for markup, once for markup that was escaped as text (&lt;b&gt;) and shows as tags.
  for (let i = 0; i < 2; i++) t = stripTags(decodeEntities(t));
  // Markdown escapes (\*) in case sources: the rendered page shows the bare character.
  t = stripTags(t.normalize('NFKC')).replace(/\\+(?=[*_\-./])/g, '');
  t = t.replace(/[\p{Cf}\u180e\u115f\u1160\u3164\uffa0]/gu, '');
  t = Array.from(t, (ch) => SIMPLIFIED.get(ch) ?? ch).join('');
  return t.toUpperCase().replace(DIGIT_JOINERS, '');
}

/**
 * A file's text as served: gzip and brotli (precompressed files) are opened first, the parts of
 * a zip (entries.xlsx) are read one after another, and text that is not UTF-8 is read as GBK too
 * (entries.gbk.csv).
 */
export function fileText(name: string, bytes: Buffer): string {
  let raw = bytes;
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) raw = gunzipSync(bytes);
    else if (name.endsWith('.br')) raw = brotliDecompressSync(bytes);
  } catch {
    // Not really compressed: read the bytes as they are.
  }
  if (isZip(raw)) {
    try {
      return [...readZip(raw).values()].map((part) => part.toString('utf8')).join('\n');
    } catch {
      // A broken archive: read its bytes as they are.
    }
  }
  return isUtf8(raw) ? raw.toString('utf8') : `${raw.toString('utf8')}\n${new TextDecoder('gbk').decode(raw)}`;
}
