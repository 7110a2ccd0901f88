// The little of the zip format the build needs for XLSX files (a zip of XML parts): reading
// every part back (the privacy check must read what a spreadsheet shows) and writing parts
// already deflated (xlsx.ts joins the sheet's stream from pieces), dated by the content.
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** True when the bytes start as a zip archive does. */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface CentralEntry {
  /** Offset of its central directory header. */
  central: number;
  name: string;
  method: number;
  compressedSize: number;
  /** Offset of its local header. */
  local: number;
}

function centralEntries(zip: Buffer): CentralEntry[] {
  // The end record is the last 22 bytes unless the archive has a comment (up to 64 KiB).
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === EOCD) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  const entries: CentralEntry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('not a zip archive: broken central directory');
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      central: at,
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      local: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Every part of a zip archive, inflated: stored and deflated parts (what XLSX writers use). */
export function readZip(bytes: Uint8Array): Map<string, Buffer> {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts = new Map<string, Buffer>();
  for (const entry of centralEntries(zip)) {
    if (zip.readUInt32LE(entry.local) !== LOCAL) throw new Error(`not a zip archive: broken local header of ${entry.name}`);
    const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) parts.set(entry.name, Buffer.from(data));
    else if (entry.method === 8) parts.set(entry.name, inflateRawSync(data));
    else throw new Error(`zip part ${entry.name}: compression method ${entry.method} is not read`);
  }
  return parts;
}

/** A part to write: its plain size and CRC-32, and its raw-deflate stream (in one buffer or several joined). */
export interface ZipPart {
  name: string;
  size: number;
  crc: number;
  deflated: readonly Buffer[];
}

/**
 * An archive of deflated parts, every part dated `date` (YYYY-MM-DD, 00:00): dated by the
 * content, not the clock, so the same content gives the same bytes whoever writes it and when.
 * No ZIP64: a part stays under 4 GB (the sheet of a million entries is about 1.5 GB).
 */
export function zipOf(parts: readonly ZipPart[], date: string): Buffer {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const dosDate = ((Math.max(year, 1980) - 1980) << 9) | (month << 5) | day;
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const compressed = part.deflated.reduce((n, b) => n + b.length, 0);
    if (part.size >= 2 ** 32 || compressed >= 2 ** 32) throw new Error(`zip part ${part.name}: 4 GB or more needs ZIP64`);
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed: 2.0 (deflate)
      header.writeUInt16LE(0x0800, at + 2); // names are UTF-8
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt16LE(0, at + 6); // 00:00
      header.writeUInt16LE(dosDate, at + 8);
      header.writeUInt32LE(part.crc >>> 0, at + 10);
      header.writeUInt32LE(compressed, at + 14);
      header.writeUInt32LE(part.size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    fields(local, 4);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0
    fields(entry, 6);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);
    chunks.push(local, name, ...part.deflated);
    offset += local.length + name.length + compressed;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

// CRC-32 of joined data from the CRCs of its parts (zlib's crc32_combine, which Node does not
// expose): the sheet's CRC from its pieces' without reading their plain bytes again. Arithmetic
// modulo the CRC's polynomial, bit-reflected as CRC-32 is.
const POLY = 0xedb88320;

/** a × b modulo the polynomial. */
function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return p >>> 0;
}

/** x^(2^k) modulo the polynomial, k = 0…31. */
const X2N = (() => {
  const table = new Array<number>(32);
  let p = 0x40000000; // x^1
  table[0] = p;
  for (let n = 1; n < 32; n++) table[n] = p = multModP(p, p);
  return table;
})();

/** CRC-32 of A followed by B, from CRC-32 of A, CRC-32 of B and B's length in bytes. */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  // x^(8 × lengthB) modulo the polynomial, times crcA.
  let p = 0x80000000; // x^0
  for (let n = lengthB, k = 3; n > 0; n = Math.floor(n / 2), k++) if (n % 2) p = multModP(X2N[k & 31]!, p);
  return (multModP(p, crcA >>> 0) ^ crcB) >>> 0;
}

/** A part of an archive as stored: compressed bytes, method, and what its headers say. */
export interface StoredPart {
  name: string;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

/** Every part of a zip archive as stored, not inflated; the local header must agree with the central directory. */
export function storedParts(bytes: Uint8Array): StoredPart[] {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return centralEntries(zip).map((entry) => {
    if (zip.readUInt32LE(entry.local) !== LOCAL) throw new Error(`not a zip archive: broken local header of ${entry.name}`);
    const nameLength = zip.readUInt16LE(entry.local + 26);
    const local = { method: zip.readUInt16LE(entry.local + 8), crc: zip.readUInt32LE(entry.local + 14), compressed: zip.readUInt32LE(entry.local + 18), size: zip.readUInt32LE(entry.local + 22), name: zip.toString('utf8', entry.local + 30, entry.local + 30 + nameLength) };
    const central = { crc: zip.readUInt32LE(entry.central + 16), size: zip.readUInt32LE(entry.central + 24) };
    if (local.name !== entry.name || local.method !== entry.method || local.compressed !== entry.compressedSize || local.crc !== central.crc || local.size !== central.size) {
      throw new Error(`zip part ${entry.name}: its local header and the central directory disagree`);
    }
    const start = entry.local + 30 + nameLength + zip.readUInt16LE(entry.local + 28);
    return { name: entry.name, method: entry.method, crc: central.crc, size: central.size, data: zip.subarray(start, start + entry.compressedSize) };
  });
}
