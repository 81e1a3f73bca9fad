// Pure intake checks: a spam score (0..1, with reasons) and a quality score (0..1, with what is
// missing in plain Indonesian). triage/index.ts stores both on the complaint at intake.

/** Complaints scoring at or above this go to the spam queue (never deleted). */
export const SPAM_THRESHOLD = 0.5;

/** Phrases of Indonesian spam and promotion seen on public complaint channels. */
export const SPAM_PHRASES = [
  'pinjaman online cepat cair',
  'pinjol cepat cair',
  'dana cepat cair',
  'tanpa jaminan',
  'slot gacor',
  'situs gacor',
  'judi online',
  'maxwin',
  'deposit pulsa',
  'klik link berikut',
  'klik link di bawah',
  'klik tautan',
  'hubungi wa',
  'hubungi whatsapp',
  'promo terbatas',
  'bonus new member',
  'jual followers',
  'obat kuat',
  'investasi untung',
  'dijamin untung',
];

export interface SpamInput {
  title: string;
  body: string;
  /** Complaints with the same text from the same phone or email in the last day. */
  repeats?: number;
  /** The sender is on an applicable block list. */
  blocked?: boolean;
}

export interface SpamResult {
  score: number;
  reasons: string[];
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export function spamScore(input: SpamInput): SpamResult {
  const reasons: string[] = [];
  let score = 0;
  const text = `${input.title}\n${input.body}`;
  const flat = ` ${normalise(text)} `;
  if (input.blocked) {
    reasons.push('blocked_sender');
    score += 1;
  }
  const phrases = SPAM_PHRASES.filter((p) => flat.includes(` ${p} `));
  if (phrases.length) {
    reasons.push('spam_phrase');
    score += Math.min(0.8, 0.5 + 0.15 * (phrases.length - 1));
  }
  const links = text.match(/\b(?:https?:\/\/|www\.)\S+|\b(?:bit\.ly|s\.id|t\.me|wa\.me|tinyurl\.com)\/\S+/gi) ?? [];
  if (links.length) {
    reasons.push('links');
    score += links.length >= 2 ? 0.35 : 0.25;
  }
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 30 && letters.replace(/[^A-Z]/g, '').length / letters.length > 0.8) {
    reasons.push('all_caps');
    score += 0.2;
  }
  if (/(.)\1{6,}|[!?]{4,}/.test(text)) {
    reasons.push('shouting');
    score += 0.1;
  }
  // The same text again from the same sender within a day: one repeat is a doubt (people re-send
  // when unsure it went through), three or more a flood.
  const repeats = input.repeats ?? 0;
  if (repeats > 0) {
    reasons.push('repeated_text');
    score += repeats >= 3 ? 0.45 : 0.3;
  }
  return { score: Math.min(1, Math.round(score * 100) / 100), reasons };
}

export interface QualityInput {
  title: string;
  body: string;
  address?: string | null;
  occurredAt?: string | Date | null;
  categoryCode?: string | null;
  hasCoordinates?: boolean;
}

export interface QualityCheck {
  field: 'title' | 'body' | 'location' | 'time' | 'category';
  message: string;
}

export interface QualityResult {
  score: number;
  missing: QualityCheck[];
}

const LOCATION_WORDS = /\b(jalan|jln|jl|gang|gg|desa|kelurahan|kel|dusun|banjar|br|kecamatan|kec|rt|rw|depan|dekat|samping|belakang|simpang|perempatan|pertigaan|pasar|sekolah|sd|smp|sma|puskesmas|kantor|terminal|pantai|sungai|komplek|kompleks|perumahan|lingkungan)\b/i;
const TIME_WORDS =
  /\b(sejak|kemarin|tadi|hari ini|pagi|siang|sore|malam|tanggal|tgl|pukul|jam|minggu lalu|bulan lalu|tahun lalu|senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember|\d{1,2}[/-]\d{1,2}([/-]\d{2,4})?|\d+ (hari|minggu|bulan|tahun))\b/i;

/**
 * Completeness of what, where and when. Each missing part lowers the score and comes back with an
 * instruction the citizen can follow; nothing here refuses a complaint.
 */
export function qualityScore(input: QualityInput): QualityResult {
  const missing: QualityCheck[] = [];
  let score = 1;
  const title = input.title.trim();
  const body = input.body.trim();
  const words = body.split(/\s+/).filter(Boolean).length;
  if (title.length < 15) {
    missing.push({ field: 'title', message: 'Tulis judul yang menjelaskan masalahnya, misalnya "Lampu jalan mati di Jl. Ahmad Yani".' });
    score -= 0.15;
  }
  if (body.length < 80 || words < 12) {
    missing.push({ field: 'body', message: 'Ceritakan apa yang terjadi dengan lebih rinci: apa masalahnya dan apa akibatnya (dua atau tiga kalimat).' });
    score -= 0.3;
  }
  if (!input.address?.trim() && !input.hasCoordinates && !LOCATION_WORDS.test(`${title} ${body}`)) {
    missing.push({ field: 'location', message: 'Sebutkan lokasi kejadian (nama jalan, desa/kelurahan).' });
    score -= 0.3;
  }
  if (!input.occurredAt && !TIME_WORDS.test(`${title} ${body}`)) {
    missing.push({ field: 'time', message: 'Sebutkan kapan kejadiannya (tanggal, atau sejak kapan masalahnya terjadi).' });
    score -= 0.15;
  }
  if (!input.categoryCode) {
    missing.push({ field: 'category', message: 'Pilih kategori yang paling sesuai agar aduan cepat sampai ke instansi yang tepat.' });
    score -= 0.1;
  }
  return { score: Math.max(0, Math.round(score * 100) / 100), missing };
}
