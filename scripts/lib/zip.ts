// The little of the zip format the build needs for XLSX files (a zip of XML parts): reading
// every part back (the privacy check must read what a spreadsheet shows) and setting every
// part's time, so the same list gives the same bytes whoever builds it and when.
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

/**
 * The archive with every part dated `date` (YYYY-MM-DD, 00:00), in place: writers stamp parts
 * with the time of writing, which would make every build's XLSX differ from the last.
 */
export function setZipDates(bytes: Uint8Array, date: string): Uint8Array {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const dosDate = ((Math.max(year, 1980) - 1980) << 9) | (month << 5) | day;
  for (const entry of centralEntries(zip)) {
    zip.writeUInt16LE(0, entry.central + 12);
    zip.writeUInt16LE(dosDate, entry.central + 14);
    zip.writeUInt16LE(0, entry.local + 10);
    zip.writeUInt16LE(dosDate, entry.local + 12);
  }
  return bytes;
}
