/**
 * Issue 10: the generate_thumbnail work (sharp, the same ImageProcessor the job uses) on a 12-MP JPEG with EXIF
 * orientation and GPS tags: photos per second on ONE core (libvips' own threads pinned to 1 and the libuv pool of
 * this process too), and mozjpeg on vs off for the same outputs.
 *
 *   UV_THREADPOOL_SIZE=1 npx tsx bench/thumbnails.ts [photos=20]
 */
import os from 'node:os';
import sharp from 'sharp';
import { DISPLAY_MAX_PX, sharpImages, THUMBNAIL_MAX_PX } from '@korevitta/platform';

sharp.concurrency(1);
const photos = Number(process.argv[2] ?? 20);

async function twelveMegapixelJpeg(): Promise<Uint8Array> {
  // Noise-like content (not a flat colour) so the encoder does real work, as on a camera photo.
  const width = 4000;
  const height = 3000;
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).blur(1.5).jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 }).withExif({ IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '23/1 33/1 0/1' } }).toBuffer());
}

async function timed(label: string, run: () => Promise<unknown>): Promise<number> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < photos; i++) await run();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`${label.padEnd(34)} ${photos} photos  wall ${wall.toFixed(2)} s  CPU ${cpuS.toFixed(2)} s  → ${(cpuS / photos).toFixed(3)} CPU-s/photo, ${(photos / cpuS).toFixed(2)} photos/s per core`);
  return cpuS / photos;
}

const input = await twelveMegapixelJpeg();
console.log(`input: 4000×3000 JPEG, ${(input.length / 1e6).toFixed(1)} MB; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(default 4)'}`);
await sharpImages.render(input); // warm-up
const plain = await timed('job (libjpeg, as shipped)', () => sharpImages.render(input));
const moz = await timed('same outputs with mozjpeg', () => Promise.all([DISPLAY_MAX_PX, THUMBNAIL_MAX_PX].map((max) =>
  sharp(input).rotate().resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 82, mozjpeg: true }).toBuffer())));
console.log(`mozjpeg costs ${(moz / plain).toFixed(1)}× the CPU`);
