/**
 * Complaint attachments: content inspection, sanitisation and content-addressed storage.
 *
 * Privacy rule: every image is decoded and re-encoded by sharp WITHOUT any metadata
 * (EXIF incl. GPS, XMP, IPTC, ICC profile, text/comment chunks). An anonymous reporter
 * has been identified through photo GPS data before; never add `.withMetadata()`,
 * `.keepMetadata()`, `.keepExif()`, `.keepIccProfile()` etc. to the pipelines below.
 *
 * Type decisions are made ONLY from the file content (magic bytes via `file-type`,
 * cross-checked with sharp's own format detection for images). File names and
 * client-declared MIME types are never consulted.
 *
 * Accepted:
 *   - JPEG  -> JPEG (mozjpeg, q82)     - PNG  -> PNG     - WebP -> WebP (q82)
 *   - GIF   -> GIF; animated GIFs (and animated WebPs) stay animated, all frames are
 *              re-encoded. If an animated image carries an EXIF orientation other than
 *              "normal" (sharp cannot rotate multi-page images) only the first frame is
 *              kept, rotated.
 *   - HEIC/HEIF -> JPEG, only when the installed libvips can decode HEVC. The prebuilt
 *              sharp binaries cannot (HEVC is patent-encumbered; only AVIF is built in),
 *              so with a stock install HEIC is rejected as `unsupported_type` with a
 *              message asking for JPEG.
 *   - PDF (application/pdf), passed through unchanged after the type check.
 *   - Video MP4 / 3GPP / WebM / QuickTime, passed through unchanged after the type check.
 * Everything else (ZIP/Office, HTML, SVG, XML, text, executables, AVIF, TIFF, BMP,
 * Matroska, audio, 3GPP2, M4V, ...) is rejected as `unsupported_type`.
 *
 * NOTE: PDFs and videos are NOT metadata-stripped (PDF author/producer fields, MP4
 * `©xyz` / QuickTime location atoms survive). Serve all attachments with
 * `Content-Disposition: attachment` and `X-Content-Type-Options: nosniff`.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type Sharp from 'sharp';
import type { Metadata, OutputInfo } from 'sharp';
import { fileTypeFromBuffer } from 'file-type';

// Loaded on the first upload: libvips costs about 13 MB of resident memory in every server process.
let sharpModule: typeof Sharp | undefined;
function sharp(...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> {
  if (!sharpModule) {
    sharpModule = createRequire(import.meta.url)('sharp') as typeof Sharp;
    // Decoded images are untrusted and used once; do not keep them in libvips' operation cache.
    sharpModule.cache(false);
  }
  return sharpModule(...args);
}

export type AttachmentKind = 'image' | 'document' | 'video';

export interface UploadLimits {
  /** Maximum size of the uploaded file in bytes. */
  maxBytes: number;
  /** Maximum number of decoded pixels (width × height, summed over frames for animations). */
  maxImagePixels: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxImagePixels: 40_000_000,
});

export interface SanitisedFile {
  kind: AttachmentKind;
  /** MIME type derived from the content (for images: of the re-encoded output). */
  contentType: string;
  /** File extension without dot, derived from the content. */
  extension: string;
  /** Images: freshly encoded buffer. PDF/video: the input buffer itself (not copied). */
  data: Buffer;
  /** Images only: output width in pixels. */
  width?: number;
  /** Images only: output height in pixels (height of one frame for animations). */
  height?: number;
}

export type UploadRejectedCode =
  | 'too_large'
  | 'unsupported_type'
  | 'corrupt_image'
  | 'image_too_large'
  | 'empty';

const DEFAULT_MESSAGE_ID: Record<UploadRejectedCode, string> = {
  too_large: 'Ukuran berkas melebihi batas yang diizinkan.',
  unsupported_type:
    'Jenis berkas tidak didukung. Unggah foto (JPEG, PNG, WebP, GIF), dokumen PDF, atau video (MP4, 3GP, WebM, MOV).',
  corrupt_image: 'Gambar rusak atau tidak lengkap.',
  image_too_large: 'Dimensi gambar terlalu besar.',
  empty: 'Berkas kosong.',
};

/** Upload refused. `message` is short English for the client, `messageId` the Indonesian text. */
export class UploadRejected extends Error {
  readonly code: UploadRejectedCode;
  /** User-facing message in Bahasa Indonesia. */
  readonly messageId: string;

  constructor(code: UploadRejectedCode, message: string, messageId?: string) {
    super(message);
    this.name = 'UploadRejected';
    this.code = code;
    this.messageId = messageId ?? DEFAULT_MESSAGE_ID[code];
  }
}

/** Thrown by resolveStoredFile for keys that are malformed or would escape the root. */
export class InvalidStorageKey extends Error {
  constructor() {
    super('Invalid storage key');
    this.name = 'InvalidStorageKey';
  }
}

// ---------------------------------------------------------------------------
// Type tables (content-derived MIME from file-type -> handling)

type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

interface ImageRule {
  /** `metadata().format` sharp must report for the same bytes. */
  sharpFormat: string;
  output: ImageFormat;
  heic?: true;
}

const IMAGE_RULES: Readonly<Record<string, ImageRule>> = {
  'image/jpeg': { sharpFormat: 'jpeg', output: 'jpeg' },
  'image/png': { sharpFormat: 'png', output: 'png' },
  'image/webp': { sharpFormat: 'webp', output: 'webp' },
  'image/gif': { sharpFormat: 'gif', output: 'gif' },
  'image/heic': { sharpFormat: 'heif', output: 'jpeg', heic: true },
  'image/heif': { sharpFormat: 'heif', output: 'jpeg', heic: true },
};

const OUTPUT_TYPE: Readonly<Record<ImageFormat, { contentType: string; extension: string }>> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  png: { contentType: 'image/png', extension: 'png' },
  webp: { contentType: 'image/webp', extension: 'webp' },
  gif: { contentType: 'image/gif', extension: 'gif' },
};

const PASSTHROUGH: Readonly<Record<string, { kind: AttachmentKind; extension: string }>> = {
  'application/pdf': { kind: 'document', extension: 'pdf' },
  'video/mp4': { kind: 'video', extension: 'mp4' },
  'video/3gpp': { kind: 'video', extension: '3gp' },
  'video/webm': { kind: 'video', extension: 'webm' },
  'video/quicktime': { kind: 'video', extension: 'mov' },
};

// ---------------------------------------------------------------------------
// Rejections

function formatMiB(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? String(mib) : mib.toFixed(1);
}

const rejectUnsupported = (): UploadRejected =>
  new UploadRejected(
    'unsupported_type',
    'File type not allowed. Upload a JPEG, PNG, WebP or GIF image, a PDF, or an MP4, 3GP, WebM or MOV video.',
  );

const rejectHeic = (): UploadRejected =>
  new UploadRejected(
    'unsupported_type',
    'HEIC/HEIF photos are not supported. Please upload the photo as JPEG.',
    'Foto HEIC/HEIF tidak didukung. Silakan unggah foto dalam format JPEG.',
  );

const rejectCorrupt = (): UploadRejected =>
  new UploadRejected('corrupt_image', 'The image is damaged or incomplete.');

const rejectImageTooLarge = (): UploadRejected =>
  new UploadRejected('image_too_large', 'The image dimensions are too large.');

/** libheif error text when the HEVC decoder plugin is missing (prebuilt sharp). */
const HEVC_UNAVAILABLE =
  /has not been built in|decoder plugin|no decoding plugin|unsupported codec|unsupported compression/i;
const PIXEL_LIMIT = /pixel limit/i;

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------
// Public API

/**
 * Inspect an upload by content and return a safe version of it.
 * Throws UploadRejected for anything not allowed; other errors are internal failures.
 */
export async function sanitiseUpload(
  input: Buffer,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<SanitisedFile> {
  if (!Buffer.isBuffer(input)) throw new TypeError('sanitiseUpload expects a Buffer');
  if (!(limits.maxBytes > 0) || !(limits.maxImagePixels > 0)) {
    throw new RangeError('Upload limits must be positive numbers');
  }

  // Size first, before any parsing.
  if (input.length > limits.maxBytes) {
    const mib = formatMiB(limits.maxBytes);
    throw new UploadRejected(
      'too_large',
      `The file is larger than the ${mib} MB limit.`,
      `Ukuran berkas melebihi batas ${mib} MB.`,
    );
  }
  if (input.length === 0) throw new UploadRejected('empty', 'The file is empty.');

  const detected = await fileTypeFromBuffer(input);
  if (!detected) throw rejectUnsupported(); // text formats: HTML, SVG, plain text, CSV, ...

  const imageRule = IMAGE_RULES[detected.mime];
  if (imageRule) return sanitiseImage(input, imageRule, limits);

  const passthrough = PASSTHROUGH[detected.mime];
  if (passthrough) {
    return {
      kind: passthrough.kind,
      contentType: detected.mime,
      extension: passthrough.extension,
      data: input,
    };
  }

  throw rejectUnsupported();
}

async function sanitiseImage(
  input: Buffer,
  rule: ImageRule,
  limits: UploadLimits,
): Promise<SanitisedFile> {
  // Header-only read; the pixel limit is enforced explicitly below (and again by libvips
  // during decoding), so no pixel data is allocated for oversized images.
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    if (PIXEL_LIMIT.test(errorText(err))) throw rejectImageTooLarge();
    throw rejectCorrupt();
  }

  // file-type and libvips must agree on what this is (guards against polyglots that
  // sniff as one format but would be decoded as another).
  if (meta.format !== rule.sharpFormat) throw rejectCorrupt();

  const { width, height } = meta;
  if (!width || !height) throw rejectCorrupt();

  const pages = meta.pages ?? 1;
  const orientation = meta.orientation ?? 1;
  const animatable = rule.output === 'gif' || rule.output === 'webp';
  // sharp cannot rotate multi-page images: an animation with a non-trivial EXIF
  // orientation is reduced to its (correctly rotated) first frame.
  const animated = animatable && pages > 1 && orientation === 1;

  const pixels = animated ? width * height * pages : width * height;
  if (pixels > limits.maxImagePixels) throw rejectImageTooLarge();

  let pipeline = sharp(input, {
    limitInputPixels: limits.maxImagePixels,
    failOn: 'error', // refuse truncated/invalid pixel data, tolerate benign warnings
    animated,
  });
  if (!animated) pipeline = pipeline.rotate(); // apply EXIF orientation, drops the tag

  switch (rule.output) {
    case 'jpeg':
      pipeline = pipeline.jpeg({ quality: 82, mozjpeg: true });
      break;
    case 'png':
      pipeline = pipeline.png();
      break;
    case 'webp':
      pipeline = pipeline.webp({ quality: 82 });
      break;
    case 'gif':
      pipeline = pipeline.gif();
      break;
  }

  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await pipeline.toBuffer({ resolveWithObject: true });
  } catch (err) {
    const text = errorText(err);
    if (PIXEL_LIMIT.test(text)) throw rejectImageTooLarge();
    if (rule.heic && HEVC_UNAVAILABLE.test(text)) throw rejectHeic();
    throw rejectCorrupt();
  }

  await assertNoMetadata(out.data);

  const { contentType, extension } = OUTPUT_TYPE[rule.output];
  return {
    kind: 'image',
    contentType,
    extension,
    data: out.data,
    width: out.info.width,
    height: out.info.pageHeight ?? out.info.height,
  };
}

/** Defence in depth: the re-encoded image must not carry any metadata block. */
async function assertNoMetadata(data: Buffer): Promise<void> {
  const m = await sharp(data).metadata();
  if (m.exif || m.xmp || m.iptc || m.icc || (m.comments && m.comments.length > 0)) {
    throw new Error('attachments: re-encoded image still contains metadata');
  }
}

// ---------------------------------------------------------------------------
// Storage

const KEY_PATTERN = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

/**
 * Store `data` content-addressed under `root` as `<sha[0..2]>/<sha[2..4]>/<sha256>`.
 * Atomic: temp file in the target directory, fsync, rename. Existing objects are not
 * rewritten. The storage key always uses forward slashes.
 */
export async function storeFile(
  root: string,
  data: Buffer,
): Promise<{ storageKey: string; sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const a = sha256.slice(0, 2);
  const b = sha256.slice(2, 4);
  const storageKey = `${a}/${b}/${sha256}`;
  const result = { storageKey, sha256, size: data.length };

  const dir = path.join(path.resolve(root), a, b);
  const finalPath = path.join(dir, sha256);

  try {
    const st = await fs.stat(finalPath);
    // Rename is atomic, so an existing object is complete; the size check only guards
    // against something else having written to the path.
    if (st.isFile() && st.size === data.length) return result;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }

  await fs.mkdir(dir, { recursive: true });
  // Leading dot: temp names can never match KEY_PATTERN.
  const tmpPath = path.join(dir, `.tmp-${sha256.slice(0, 16)}-${process.pid}-${randomBytes(8).toString('hex')}`);
  try {
    const fh = await fs.open(tmpPath, 'wx', 0o640);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmpPath, finalPath);
  } catch (err) {
    await fs.rm(tmpPath, { force: true }).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dir);
  return result;
}

/** Make the rename durable. Best effort: not every platform allows fsync on a directory. */
async function fsyncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch {
    // ignore (e.g. EISDIR/EPERM on some platforms)
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

/**
 * Absolute path for a storage key produced by storeFile. Throws InvalidStorageKey for
 * anything else (traversal, absolute paths, backslashes, wrong shape, prefix mismatch).
 */
export function resolveStoredFile(root: string, storageKey: string): string {
  if (typeof storageKey !== 'string') throw new InvalidStorageKey();
  const m = KEY_PATTERN.exec(storageKey);
  if (!m) throw new InvalidStorageKey();
  const [, a, b, sha] = m as unknown as [string, string, string, string];
  if (sha.slice(0, 2) !== a || sha.slice(2, 4) !== b) throw new InvalidStorageKey();

  const base = path.resolve(root);
  const full = path.resolve(base, a, b, sha);
  if (!full.startsWith(base + path.sep)) throw new InvalidStorageKey();
  return full;
}
