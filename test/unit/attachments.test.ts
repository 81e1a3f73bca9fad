import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import sharp, { type Sharp } from 'sharp';
import {
  DEFAULT_UPLOAD_LIMITS,
  InvalidStorageKey,
  UploadRejected,
  resolveStoredFile,
  sanitiseUpload,
  storeFile,
  type UploadLimits,
} from '../../server/modules/complaints/attachments';

// ---------------------------------------------------------------------------
// Fixture helpers (everything is generated in memory; no binary files in the repo)

const u16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** Solid image of the given size. */
function solid(width: number, height: number, background: string, channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background } });
}

/** 40×20 JPEG, left half red, right half blue. */
async function leftRedRightBlue(): Promise<Sharp> {
  const blue = await solid(20, 20, '#0000ff').png().toBuffer();
  const img = await solid(40, 20, '#ff0000').composite([{ input: blue, left: 20, top: 0 }]).png().toBuffer();
  return sharp(img);
}

const GPS_EXIF = {
  IFD0: { Make: 'SecretCamCo', Model: 'Spy-9000' },
  IFD3: {
    GPSLatitudeRef: 'S',
    GPSLatitude: '6/1 10/1 30/1',
    GPSLongitudeRef: 'E',
    GPSLongitude: '106/1 49/1 40/1',
  },
};
const XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>XmpReporterName</dc:creator>' +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';

/** JPEG marker segment. */
function jpegSegment(marker: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0xff, marker]), u16(payload.length + 2), payload]);
}

/** APP13 Photoshop IRB carrying an IPTC By-line (2:80) record. */
function iptcApp13(byline: string): Buffer {
  const ds = Buffer.concat([Buffer.from([0x1c, 0x02, 0x50]), u16(byline.length), Buffer.from(byline, 'latin1')]);
  const irb = Buffer.concat([
    Buffer.from('8BIM'),
    Buffer.from([0x04, 0x04]), // IPTC-NAA resource
    Buffer.from([0, 0]), // empty pascal name, padded
    u32(ds.length),
    ds,
    ds.length % 2 ? Buffer.from([0]) : Buffer.alloc(0),
  ]);
  return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), irb]));
}

/** Insert segments right after the JPEG SOI marker. */
function insertAfterSoi(jpeg: Buffer, ...segments: Buffer[]): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

const crc32: (data: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => (zlib as unknown as { crc32: (d: Buffer) => number }).crc32(data)
    : (data) => {
        let c = 0xffffffff;
        for (const byte of data) {
          c ^= byte;
          for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
        }
        return (c ^ 0xffffffff) >>> 0;
      };

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), typeAndData, u32(crc32(typeAndData))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Syntactically valid PNG whose IHDR claims the given size (RGB, 8 bit); tiny IDAT. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(1024))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** ISO-BMFF box. */
function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
function fullBox(type: string, version: number, ...parts: Buffer[]): Buffer {
  return box(type, Buffer.from([version, 0, 0, 0]), ...parts);
}

/** Header of an MP4-family file: ftyp + free + tiny mdat. */
function ftypFile(brand: string, compatible = 'isommp41'): Buffer {
  return Buffer.concat([
    box('ftyp', Buffer.from(brand, 'latin1'), u32(0x200), Buffer.from(compatible, 'latin1')),
    box('free'),
    box('mdat', Buffer.alloc(32)),
  ]);
}

/**
 * Structurally valid HEIC container (ftyp heic, meta with one 64×64 'hvc1' item, hvcC +
 * ispe properties) whose payload is not a real HEVC stream.
 */
function heicContainer(): Buffer {
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
  const hdlr = fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), Buffer.from([0]));
  const pitm = fullBox('pitm', 0, u16(1));
  const infe = fullBox('infe', 2, u16(1), u16(0), Buffer.from('hvc1', 'latin1'), Buffer.from([0]));
  const iinf = fullBox('iinf', 0, u16(1), infe);
  const hvcC = box(
    'hvcC',
    Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5a, 0xf0, 0x00, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]),
  );
  const ispe = fullBox('ispe', 0, u32(64), u32(64));
  const ipma = fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02]));
  const iprp = box('iprp', box('ipco', hvcC, ispe), ipma);
  const payload = Buffer.from([0, 0, 0, 4, 0x26, 0x01, 0xaf, 0x00]);
  const iloc = (offset: number) =>
    fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(1), u16(0), u16(1), u32(offset), u32(payload.length));
  const metaLen = fullBox('meta', 0, hdlr, pitm, iloc(0), iinf, iprp).length;
  const meta = fullBox('meta', 0, hdlr, pitm, iloc(ftyp.length + metaLen + 8), iinf, iprp);
  return Buffer.concat([ftyp, meta, box('mdat', payload)]);
}

/** Minimal EBML header with the given DocType ("webm" / "matroska"). */
function ebmlHeader(docType: string): Buffer {
  const dt = Buffer.from(docType, 'latin1');
  const body = Buffer.concat([
    Buffer.from([0x42, 0x86, 0x81, 0x01]), // EBMLVersion 1
    Buffer.from([0x42, 0xf7, 0x81, 0x01]), // EBMLReadVersion 1
    Buffer.from([0x42, 0xf2, 0x81, 0x04]), // EBMLMaxIDLength 4
    Buffer.from([0x42, 0xf3, 0x81, 0x08]), // EBMLMaxSizeLength 8
    Buffer.from([0x42, 0x82, 0x80 | dt.length]),
    dt,
    Buffer.from([0x42, 0x87, 0x81, 0x04]), // DocTypeVersion
    Buffer.from([0x42, 0x85, 0x81, 0x02]), // DocTypeReadVersion
  ]);
  return Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x80 | body.length]), body, Buffer.alloc(64)]);
}

/** Minimal local-file-header ZIP (one stored file "a.txt"). */
function minimalZip(): Buffer {
  const name = Buffer.from('a.txt');
  const content = Buffer.from('hello');
  const lfh = Buffer.alloc(30);
  lfh.write('PK\x03\x04', 0, 'latin1');
  lfh.writeUInt16LE(10, 4); // version needed
  lfh.writeUInt32LE(crc32(content), 14);
  lfh.writeUInt32LE(content.length, 18);
  lfh.writeUInt32LE(content.length, 22);
  lfh.writeUInt16LE(name.length, 26);
  return Buffer.concat([lfh, name, content]);
}

const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n' +
    '1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n' +
    '2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

async function rejection(p: Promise<unknown>): Promise<UploadRejected> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(UploadRejected);
    return err as UploadRejected;
  }
  throw new Error('expected the upload to be rejected');
}

async function pixelAt(img: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(img).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i]!, data[i + 1]!, data[i + 2]!];
}

function expectReddish([r, g, b]: number[]): void {
  expect(r).toBeGreaterThan(200);
  expect(g).toBeLessThan(60);
  expect(b).toBeLessThan(60);
}
function expectBluish([r, g, b]: number[]): void {
  expect(r).toBeLessThan(60);
  expect(g).toBeLessThan(60);
  expect(b).toBeGreaterThan(200);
}

// ---------------------------------------------------------------------------

describe('sanitiseUpload – images', () => {
  it('removes EXIF (GPS, camera make) and XMP from a JPEG', async () => {
    const input = await solid(64, 48, '#336699').jpeg().withExif(GPS_EXIF).withXmp(XMP).toBuffer();

    // The fixture really carries the data we want gone.
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(before.exif!.toString('latin1')).toContain('SecretCamCo');
    expect(input.includes('XmpReporterName')).toBe(true);

    const out = await sanitiseUpload(input);
    expect(out.kind).toBe('image');
    expect(out.contentType).toBe('image/jpeg');
    expect(out.extension).toBe('jpg');
    expect(out.width).toBe(64);
    expect(out.height).toBe(48);

    const after = await sharp(out.data).metadata();
    expect(after.format).toBe('jpeg');
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    for (const needle of ['SecretCamCo', 'Spy-9000', 'XmpReporterName', 'Exif\0\0']) {
      expect(out.data.includes(needle)).toBe(false);
    }
  });

  it('removes IPTC, JPEG comments and the ICC profile', async () => {
    const base = await solid(32, 32, '#808080').jpeg().withIccProfile('p3').toBuffer();
    const input = insertAfterSoi(
      base,
      iptcApp13('IptcReporterName'),
      jpegSegment(0xfe, Buffer.from('pelapor: Budi, Jl. Merdeka 1')),
    );
    const before = await sharp(input).metadata();
    expect(before.iptc).toBeDefined();
    expect(before.icc).toBeDefined();
    expect(input.includes('Jl. Merdeka')).toBe(true);

    const out = await sanitiseUpload(input);
    const after = await sharp(out.data).metadata();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.hasProfile).toBe(false);
    expect(out.data.includes('IptcReporterName')).toBe(false);
    expect(out.data.includes('Jl. Merdeka')).toBe(false);
    expect(out.data.includes('Photoshop 3.0')).toBe(false);
  });

  it('applies the EXIF orientation before dropping it', async () => {
    // Stored 40×20 (red left, blue right) with Orientation=6 (display rotated 90° CW).
    const input = await (await leftRedRightBlue()).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);

    const out = await sanitiseUpload(input);
    expect(out.width).toBe(20);
    expect(out.height).toBe(40);
    const meta = await sharp(out.data).metadata();
    expect(meta.orientation).toBeUndefined();
    expect(meta.width).toBe(20);
    expect(meta.height).toBe(40);
    // After a 90° clockwise rotation the left (red) half ends up on top.
    expectReddish(await pixelAt(out.data, 10, 5));
    expectBluish(await pixelAt(out.data, 10, 35));
  });

  it('keeps PNG as PNG (with alpha) and strips its EXIF/XMP/text chunks', async () => {
    const png = await solid(24, 16, '#00ff0080', 4).png().withExif(GPS_EXIF).withXmp(XMP).toBuffer();
    // add a tEXt chunk right after IHDR (8-byte signature + 25-byte IHDR chunk)
    const input = Buffer.concat([
      png.subarray(0, 33),
      pngChunk('tEXt', Buffer.from('Author\0PngReporterName', 'latin1')),
      png.subarray(33),
    ]);
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(before.comments?.length).toBeGreaterThan(0);

    const out = await sanitiseUpload(input);
    expect(out.contentType).toBe('image/png');
    expect(out.extension).toBe('png');
    const after = await sharp(out.data).metadata();
    expect(after.format).toBe('png');
    expect(after.hasAlpha).toBe(true);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.comments).toBeUndefined();
    expect(out.data.includes('SecretCamCo')).toBe(false);
    expect(out.data.includes('PngReporterName')).toBe(false);
  });

  it('keeps WebP as WebP and strips its EXIF', async () => {
    const input = await solid(30, 10, '#ff8800').webp().withExif(GPS_EXIF).toBuffer();
    expect((await sharp(input).metadata()).exif).toBeDefined();

    const out = await sanitiseUpload(input);
    expect(out.contentType).toBe('image/webp');
    expect(out.extension).toBe('webp');
    expect(out.width).toBe(30);
    expect(out.height).toBe(10);
    const after = await sharp(out.data).metadata();
    expect(after.format).toBe('webp');
    expect(after.exif).toBeUndefined();
    expect(out.data.includes('SecretCamCo')).toBe(false);
  });

  it('keeps an animated GIF animated (all frames re-encoded)', async () => {
    const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map((c) => solid(30, 20, c).png().toBuffer()));
    const input = await sharp(frames, { join: { animated: true } }).gif({ delay: [100, 200, 300], loop: 0 }).toBuffer();

    const out = await sanitiseUpload(input);
    expect(out.contentType).toBe('image/gif');
    expect(out.extension).toBe('gif');
    expect(out.width).toBe(30);
    expect(out.height).toBe(20); // height of one frame
    const meta = await sharp(out.data, { animated: true }).metadata();
    expect(meta.format).toBe('gif');
    expect(meta.pages).toBe(3);
    expect(meta.delay).toEqual([100, 200, 300]);
  });

  it('counts all frames of an animation against maxImagePixels', async () => {
    const frames = await Promise.all(['#ff0000', '#00ff00', '#0000ff'].map((c) => solid(30, 20, c).png().toBuffer()));
    const input = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, maxImagePixels: 30 * 20 * 2 };
    expect((await rejection(sanitiseUpload(input, limits))).code).toBe('image_too_large');
  });

  it('refuses HEIC with a clear message when this sharp build cannot decode HEVC', async () => {
    const heic = heicContainer();
    expect((await sharp(heic).metadata()).compression).toBe('hevc');
    let decodable = true;
    try {
      await sharp(heic).raw().toBuffer();
    } catch (err) {
      decodable = !/has not been built in|decoder plugin/i.test((err as Error).message);
    }

    const err = await rejection(sanitiseUpload(heic));
    if (decodable) {
      // libvips with libde265: the container decodes but our payload is not real HEVC.
      expect(err.code).toBe('corrupt_image');
    } else {
      // Prebuilt sharp (AVIF-only libheif): refused as unsupported, with a HEIC hint.
      expect(err.code).toBe('unsupported_type');
      expect(err.message).toMatch(/HEIC/);
      expect(err.message).toMatch(/JPEG/);
      expect(err.messageId).toMatch(/HEIC/);
    }
  });

  it('refuses a decompression bomb (PNG header claiming 60000×60000) as image_too_large', async () => {
    const bomb = pngClaiming(60_000, 60_000);
    expect(bomb.length).toBeLessThan(200);
    expect((await rejection(sanitiseUpload(bomb))).code).toBe('image_too_large');
  });

  it('enforces the default 40 MP limit and a custom maxImagePixels', async () => {
    // 7000×7000 = 49 MP: below libvips' own default limit, above ours.
    expect((await rejection(sanitiseUpload(pngClaiming(7000, 7000)))).code).toBe('image_too_large');

    const real = await solid(100, 100, '#123456').png().toBuffer();
    await expect(sanitiseUpload(real)).resolves.toMatchObject({ width: 100, height: 100 });
    const tight: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, maxImagePixels: 100 * 100 - 1 };
    expect((await rejection(sanitiseUpload(real, tight))).code).toBe('image_too_large');
  });

  it('refuses a truncated JPEG as corrupt_image', async () => {
    const full = await solid(200, 150, '#000000')
      .composite([{ input: await solid(100, 75, '#ffffff').png().toBuffer(), left: 40, top: 30 }])
      .jpeg({ quality: 95 })
      .toBuffer();
    await expect(sanitiseUpload(full)).resolves.toMatchObject({ contentType: 'image/jpeg' });

    const truncated = full.subarray(0, Math.floor(full.length / 2));
    const err = await rejection(sanitiseUpload(truncated));
    expect(err.code).toBe('corrupt_image');
    expect(err.message).not.toMatch(/vips|jpeg\b/i); // no internals leaked
  });

  it('refuses garbage behind a valid image signature as corrupt_image', async () => {
    // Valid signature + IHDR (10×10), but the IDAT is not zlib data.
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(10, 0);
    ihdr.writeUInt32BE(10, 4);
    ihdr[8] = 8;
    ihdr[9] = 2;
    const garbagePng = Buffer.concat([
      PNG_SIGNATURE,
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', Buffer.from('this is not deflate data, just junk bytes')),
      pngChunk('IEND', Buffer.alloc(0)),
    ]);
    expect((await rejection(sanitiseUpload(garbagePng))).code).toBe('corrupt_image');
    const garbageJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 0x41)]);
    expect((await rejection(sanitiseUpload(garbageJpeg))).code).toBe('corrupt_image');
  });
});

describe('sanitiseUpload – type checks by content', () => {
  it('refuses a ZIP even if it would be called photo.jpg', async () => {
    // The API never sees the name; only the bytes matter.
    const zip = minimalZip();
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    const err = await rejection(sanitiseUpload(zip));
    expect(err.code).toBe('unsupported_type');
    expect(err.messageId.length).toBeGreaterThan(0);
  });

  it('refuses HTML', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
    expect((await rejection(sanitiseUpload(html))).code).toBe('unsupported_type');
  });

  it.each([
    ['with XML declaration', '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    ['bare', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script><rect width="10" height="10"/></svg>'],
  ])('refuses SVG with <script> (%s)', async (_label, svg) => {
    expect((await rejection(sanitiseUpload(Buffer.from(svg)))).code).toBe('unsupported_type');
  });

  it('refuses plain text, executables and Matroska/audio containers', async () => {
    const samples: Buffer[] = [
      Buffer.from('Jalan rusak di depan kantor kelurahan.\n'),
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256)]),
      ebmlHeader('matroska'),
      ftypFile('M4A '),
      ftypFile('M4V '),
      ftypFile('3g2a'),
    ];
    for (const sample of samples) {
      expect((await rejection(sanitiseUpload(sample))).code).toBe('unsupported_type');
    }
  });

  it('refuses image formats outside the allow-list (TIFF, AVIF)', async () => {
    const tiff = await solid(8, 8, '#ff0000').tiff().toBuffer();
    const avif = await solid(8, 8, '#ff0000').avif().toBuffer();
    expect((await rejection(sanitiseUpload(tiff))).code).toBe('unsupported_type');
    expect((await rejection(sanitiseUpload(avif))).code).toBe('unsupported_type');
  });

  it('passes a minimal PDF through unchanged', async () => {
    const out = await sanitiseUpload(MINIMAL_PDF);
    expect(out).toMatchObject({ kind: 'document', contentType: 'application/pdf', extension: 'pdf' });
    expect(out.data.equals(MINIMAL_PDF)).toBe(true);
    expect(out.width).toBeUndefined();
  });

  it.each([
    ['isom', 'isommp41', 'video/mp4', 'mp4'],
    ['mp42', 'isommp42', 'video/mp4', 'mp4'],
    ['qt  ', 'qt  ', 'video/quicktime', 'mov'],
    ['3gp4', '3gp4isom', 'video/3gpp', '3gp'],
  ])('detects an ftyp %j header as video', async (brand, compatible, contentType, extension) => {
    const input = ftypFile(brand, compatible);
    const out = await sanitiseUpload(input);
    expect(out).toMatchObject({ kind: 'video', contentType, extension });
    expect(out.data.equals(input)).toBe(true);
  });

  it('detects WebM by its EBML DocType', async () => {
    const out = await sanitiseUpload(ebmlHeader('webm'));
    expect(out).toMatchObject({ kind: 'video', contentType: 'video/webm', extension: 'webm' });
  });
});

describe('sanitiseUpload – size limits', () => {
  it('refuses files over maxBytes before looking at the content', async () => {
    const limits: UploadLimits = { ...DEFAULT_UPLOAD_LIMITS, maxBytes: 1024 };
    const big = Buffer.concat([minimalZip(), Buffer.alloc(2048)]); // would be unsupported_type otherwise
    const err = await rejection(sanitiseUpload(big, limits));
    expect(err.code).toBe('too_large');
    expect(err.messageId).toMatch(/batas/);

    const justFits = Buffer.concat([MINIMAL_PDF, Buffer.alloc(1024 - MINIMAL_PDF.length, 0x20)]);
    expect(justFits.length).toBe(1024);
    await expect(sanitiseUpload(justFits, limits)).resolves.toMatchObject({ contentType: 'application/pdf' });
  });

  it('uses 10 MiB / 40 MP by default', async () => {
    expect(DEFAULT_UPLOAD_LIMITS).toEqual({ maxBytes: 10 * 1024 * 1024, maxImagePixels: 40_000_000 });
    const tooBig = Buffer.concat([MINIMAL_PDF, Buffer.alloc(10 * 1024 * 1024)]);
    expect((await rejection(sanitiseUpload(tooBig))).code).toBe('too_large');
  });

  it('refuses an empty file', async () => {
    const err = await rejection(sanitiseUpload(Buffer.alloc(0)));
    expect(err.code).toBe('empty');
  });

  it('UploadRejected carries code, English message and Indonesian messageId', () => {
    const err = new UploadRejected('corrupt_image', 'The image is damaged.');
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('UploadRejected');
    expect(err.code).toBe('corrupt_image');
    expect(err.message).toBe('The image is damaged.');
    expect(err.messageId).toMatch(/Gambar/);
    expect(new UploadRejected('empty', 'x', 'kustom').messageId).toBe('kustom');
  });
});

describe('storeFile / resolveStoredFile', () => {
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'aduan-attachments-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('writes content-addressed, once, and is idempotent', async () => {
    const data = Buffer.from('isi lampiran pengaduan');
    const sha = createHash('sha256').update(data).digest('hex');

    const first = await storeFile(root, data);
    expect(first).toEqual({ storageKey: `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`, sha256: sha, size: data.length });

    const file = path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
    expect(resolveStoredFile(root, first.storageKey)).toBe(file);
    expect((await fs.readFile(file)).equals(data)).toBe(true);
    const st1 = await fs.stat(file);

    await new Promise((r) => setTimeout(r, 20));
    const second = await storeFile(root, data);
    expect(second).toEqual(first);
    const st2 = await fs.stat(file);
    expect(st2.ino).toBe(st1.ino); // not rewritten
    expect(st2.mtimeMs).toBe(st1.mtimeMs);

    // no temp files left behind
    expect(await fs.readdir(path.dirname(file))).toEqual([sha]);
  });

  it('handles concurrent stores of the same content', async () => {
    const data = Buffer.from('sama persis '.repeat(1000));
    const results = await Promise.all(Array.from({ length: 8 }, () => storeFile(root, data)));
    expect(new Set(results.map((r) => r.storageKey)).size).toBe(1);
    const file = resolveStoredFile(root, results[0]!.storageKey);
    expect((await fs.readFile(file)).equals(data)).toBe(true);
    expect(await fs.readdir(path.dirname(file))).toEqual([results[0]!.sha256]);
  });

  it('refuses storage keys that escape the root or do not match the key pattern', async () => {
    const { storageKey, sha256 } = await storeFile(root, Buffer.from('x'));
    const bad = [
      '../etc/passwd',
      '/etc/passwd',
      `../${storageKey}`,
      `${storageKey}/../../../../etc/passwd`,
      `ab/cd/../../${sha256}`,
      storageKey.replace(/\//g, '\\'),
      storageKey.toUpperCase(),
      `${storageKey}\0`,
      `/${storageKey}`,
      `00/00/${sha256}`, // prefix does not match the hash
      sha256,
      '',
    ];
    for (const key of bad) {
      expect(() => resolveStoredFile(root, key), key).toThrow(InvalidStorageKey);
    }
    expect(resolveStoredFile(root, storageKey).startsWith(path.resolve(root) + path.sep)).toBe(true);
  });
});
