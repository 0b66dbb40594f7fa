import sharp from 'sharp';
import type { ImageProcessor, StrippableImageType } from '@korevitta/domain';

/** The display size's longest side and the thumbnail's, in pixels (never enlarged). */
export const DISPLAY_MAX_PX = 1600;
export const THUMBNAIL_MAX_PX = 320;

/**
 * The image port on sharp (libvips, on libuv's thread pool: the event loop stays free). `.rotate()` applies the
 * EXIF orientation; sharp writes no metadata unless asked (no keepMetadata/withMetadata here), so EXIF, GPS,
 * XMP and IPTC are gone from both outputs. Plain libjpeg settings, not mozjpeg: mozjpeg cost 1.3× the CPU per
 * photo for the same two outputs (bench/thumbnails.ts, docs/BENCHMARKS.md).
 */
export const sharpImages: ImageProcessor = {
  async render(bytes) {
    try {
      const resize = (max: number, quality: number) =>
        sharp(bytes, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate()
          .resize({ width: max, height: max, fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality, mozjpeg: false })
          .toBuffer({ resolveWithObject: true });
      const [display, thumbnail] = await Promise.all([resize(DISPLAY_MAX_PX, 82), resize(THUMBNAIL_MAX_PX, 75)]);
      return {
        display: { bytes: new Uint8Array(display.data), width: display.info.width, height: display.info.height },
        thumbnail: { bytes: new Uint8Array(thumbnail.data) },
      };
    } catch {
      return null;
    }
  },
  async stripMetadata(bytes, contentType: StrippableImageType) {
    try {
      const image = sharp(bytes, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
      const encoded = contentType === 'image/png' ? image.png() : contentType === 'image/webp' ? image.webp({ quality: 90 }) : image.jpeg({ quality: 90, mozjpeg: false });
      return new Uint8Array(await encoded.toBuffer());
    } catch {
      return null;
    }
  },
};
