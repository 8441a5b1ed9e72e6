// Just enough of the zip format to check a TorchServe `.mar` without extracting it: the central
// directory (names, sizes, offsets; zip64 included) and reading one small entry.
import { open } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(
  fd: Awaited<ReturnType<typeof open>>,
  position: number,
  length: number,
): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError('truncated archive');
  return buf;
}

/** The central directory of a zip file. Throws ZipFormatError when it is not a readable zip. */
export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  const fd = await open(file, 'r');
  try {
    const { size } = await fd.stat();
    if (size < 22) throw new ZipFormatError('too small to be a zip archive');
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = await readAt(fd, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipFormatError('no end-of-central-directory record');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if ((cdOffset === 0xffffffff || count === 0xffff) && at >= 20) {
      const loc = at - 20;
      if (tail.readUInt32LE(loc) === ZIP64_LOCATOR) {
        const z64 = await readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
        if (z64.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('bad zip64 record');
        count = Number(z64.readBigUInt64LE(32));
        cdSize = Number(z64.readBigUInt64LE(40));
        cdOffset = Number(z64.readBigUInt64LE(48));
      }
    }
    if (cdOffset + cdSize > size) throw new ZipFormatError('central directory lies outside the file');
    const cd = await readAt(fd, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL)
        throw new ZipFormatError('bad central directory entry');
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const entry: ZipEntry = {
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
        method: cd.readUInt16LE(p + 10),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
      };
      // zip64 extra field: the 0xffffffff fields, in order, as 8-byte values
      let e = p + 46 + nameLength;
      const end = e + extraLength;
      while (e + 4 <= end) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (entry.size === 0xffffffff) {
            entry.size = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (entry.compressedSize === 0xffffffff) {
            entry.compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + len;
      }
      entries.push(entry);
      p = end + commentLength;
    }
    return entries;
  } finally {
    await fd.close();
  }
}

/** The bytes of one (small) entry; stored and deflated entries only. */
export async function readZipEntry(file: string, entry: ZipEntry, maxBytes = 1 << 20): Promise<Buffer> {
  if (entry.size > maxBytes) throw new ZipFormatError(`${entry.name} is larger than ${maxBytes} bytes`);
  const fd = await open(file, 'r');
  try {
    const header = await readAt(fd, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`bad local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const raw = await readAt(fd, start, entry.compressedSize);
    if (entry.method === 0) return raw;
    if (entry.method === 8) return inflateRawSync(raw, { maxOutputLength: maxBytes });
    throw new ZipFormatError(`${entry.name} uses unsupported compression method ${entry.method}`);
  } finally {
    await fd.close();
  }
}
