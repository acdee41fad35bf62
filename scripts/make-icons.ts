/**
 * Draws Backstory's toolbar/store icon (a page of text with one highlighted line) at every size the
 * manifest needs and writes them to public/icon/<size>.png. Run with `npm run icons`; the PNGs are
 * committed, so this only runs when the design changes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZES = [16, 32, 48, 96, 128];
const SUPERSAMPLE = 4; // 4×4 samples per pixel gives smooth edges without a graphics library

type Rgba = [number, number, number, number];
const BACKGROUND: Rgba = [29, 53, 87, 255]; // deep blue
const TEXT_LINE: Rgba = [241, 245, 249, 255]; // off-white
const HIGHLIGHT: Rgba = [250, 204, 21, 255]; // marker yellow

/** Colour of the design at a point in the unit square, or undefined where it is transparent. */
function colourAt(x: number, y: number): Rgba | undefined {
  if (!insideRoundedRect(x, y, 0, 0, 1, 1, 0.2)) return undefined;
  const bars: [number, number, number, Rgba][] = [
    [0.24, 0.76, 0.22, TEXT_LINE],
    [0.24, 0.76, 0.44, HIGHLIGHT],
    [0.24, 0.6, 0.66, TEXT_LINE],
  ];
  for (const [left, right, top, colour] of bars) {
    if (insideRoundedRect(x, y, left, top, right, top + 0.12, 0.05)) return colour;
  }
  return BACKGROUND;
}

function insideRoundedRect(x: number, y: number, l: number, t: number, r: number, b: number, radius: number) {
  if (x < l || x > r || y < t || y > b) return false;
  const cx = Math.min(Math.max(x, l + radius), r - radius);
  const cy = Math.min(Math.max(y, t + radius), b - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function renderPixels(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt(
            (px + (sx + 0.5) / SUPERSAMPLE) / size,
            (py + (sy + 0.5) / SUPERSAMPLE) / size,
          );
          if (!colour) continue;
          // Premultiply so edge pixels blend towards transparency, not black.
          sum[0]! += colour[0];
          sum[1]! += colour[1];
          sum[2]! += colour[2];
          sum[3]! += 255;
        }
      }
      const covered = sum[3]! / 255;
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(sum[0]! / covered);
        pixels[offset + 1] = Math.round(sum[1]! / covered);
        pixels[offset + 2] = Math.round(sum[2]! / covered);
      }
      pixels[offset + 3] = Math.round(sum[3]! / SUPERSAMPLE ** 2);
    }
  }
  return pixels;
}

function encodePng(size: number, rgba: Buffer): Buffer {
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

mkdirSync('public/icon', { recursive: true });
for (const size of SIZES) {
  writeFileSync(`public/icon/${size}.png`, encodePng(size, renderPixels(size)));
  console.log(`public/icon/${size}.png`);
}
