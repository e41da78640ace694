import { createHash } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';

/**
 * Stand-ins for the sample articles' photos (baobabpost.example does not resolve here):
 * a 1×1 PNG whose colour comes from the URL, so thumbnails differ and nothing leaves
 * the machine. The widget scales it to its thumbnail box like any photo.
 */
export function placeholderPng(url: string): Buffer {
  const [r = 0, g = 0, b = 0] = createHash('sha256').update(url).digest();
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  // IHDR: 1×1, 8-bit RGB; one scanline: filter byte 0, then the pixel.
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, r >> 1, g >> 1, 96 + (b >> 2)]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
