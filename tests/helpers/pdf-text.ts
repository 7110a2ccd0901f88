// The text of a PDF that Chromium printed (page.pdf()), enough to ask "does this printout
// show that number?". Chromium's PDFs (Skia) draw text with Type0 fonts whose glyph codes map
// to Unicode through each font's ToUnicode CMap; this reads those maps and the page content
// streams, nothing more. Tests pair every "is not there" with an "is there" on the same
// printout, so an extraction that silently found nothing would fail them.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  for (let m = header.exec(raw); m; m = header.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endobj', start);
    const streamAt = raw.indexOf('stream', start);
    if (streamAt === -1 || streamAt > end) {
      objects.set(Number(m[1]), { dict: raw.slice(start, end) });
      continue;
    }
    const dict = raw.slice(start, streamAt);
    let dataStart = streamAt + 'stream'.length;
    if (raw[dataStart] === '\r') dataStart++;
    if (raw[dataStart] === '\n') dataStart++;
    const length = Number(/\/Length (\d+)(?! \d+ R)/.exec(dict)?.[1] ?? raw.indexOf('endstream', dataStart) - dataStart);
    let stream = pdf.subarray(dataStart, dataStart + length);
    if (/\/FlateDecode/.test(dict)) stream = inflateSync(stream);
    objects.set(Number(m[1]), { dict, stream });
    header.lastIndex = dataStart + length;
  }
  return objects;
}

const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));

function readCMap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(from!, 16), utf16(to!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, to, list] of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:<([0-9a-fA-F]+)>|\[([^\]]*)\])/g)) {
      const first = parseInt(lo!, 16);
      const last = parseInt(hi!, 16);
      if (to !== undefined) {
        const base = parseInt(to, 16);
        for (let code = first; code <= last; code++) map.set(code, String.fromCharCode(base + code - first));
      } else {
        const targets = [...list!.matchAll(/<([0-9a-fA-F]*)>/g)].map((t) => utf16(t[1]!));
        targets.forEach((t, i) => map.set(first + i, t));
      }
    }
  }
  return map;
}

/** All text drawn on all pages, each show-text operation on its own line. */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  const cmapOfFont = new Map<number, Map<number, string>>();
  for (const [num, obj] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(obj.dict)?.[1];
    const cmap = ref ? objects.get(Number(ref))?.stream : undefined;
    if (cmap) cmapOfFont.set(num, readCMap(cmap.toString('latin1')));
  }
  // Font resource names (`/F4 12 0 R` inside a /Font dictionary) to their font's map.
  const fontByName = new Map<string, Map<number, string>>();
  for (const obj of objects.values()) {
    for (const fonts of obj.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const [, name, ref] of fonts[1]!.matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) {
        const cmap = cmapOfFont.get(Number(ref));
        if (cmap) fontByName.set(name!, cmap);
      }
    }
  }
  const lines: string[] = [];
  for (const obj of objects.values()) {
    if (!obj.stream || !/\bBT\b/.test(obj.stream.toString('latin1', 0, Math.min(obj.stream.length, 1 << 20)))) continue;
    const content = obj.stream.toString('latin1');
    let cmap: Map<number, string> | undefined;
    const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((h) => cmap?.get(parseInt(h, 16)) ?? '').join('');
    for (const op of content.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ/g)) {
      if (op[1] !== undefined) cmap = fontByName.get(op[1]);
      else if (op[2] !== undefined) lines.push(decode(op[2]));
      else lines.push([...op[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => decode(h[1]!)).join(''));
    }
  }
  return lines.join('\n');
}
