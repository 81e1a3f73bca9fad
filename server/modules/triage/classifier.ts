// A small, pure, in-process text classifier for routing suggestions: Indonesian tokens with light
// stemming, TF-IDF-weighted multinomial naive Bayes, serialisable as JSON (stored in triage_models).
// No I/O here; training data comes from the installation's own history (triage/index.ts).

// Informal spellings common in LAPOR! texts, normalised before stemming.
const ABBREVIATIONS: Record<string, string> = {
  yg: 'yang', tdk: 'tidak', gak: 'tidak', ga: 'tidak', nggak: 'tidak', engga: 'tidak', sdh: 'sudah', udah: 'sudah', udh: 'sudah',
  blm: 'belum', mhn: 'mohon', dgn: 'dengan', utk: 'untuk', krn: 'karena', tp: 'tapi', jln: 'jalan', jl: 'jalan', dr: 'dari',
  bgt: 'banget', sy: 'saya', kmi: 'kami', dlm: 'dalam', bs: 'bisa', sm: 'sama', skrg: 'sekarang', hrs: 'harus', lg: 'lagi',
  pdhl: 'padahal', trs: 'terus', bln: 'bulan', mgg: 'minggu', thn: 'tahun', org: 'orang', kel: 'kelurahan', kec: 'kecamatan',
  kab: 'kabupaten', sklh: 'sekolah', rs: 'rumahsakit', rsud: 'rumahsakit', pkm: 'puskesmas',
};

export const STOP_WORDS = new Set(
  `yang dan di ke dari ini itu dengan untuk pada adalah dalam tidak akan sudah belum juga atau karena sehingga agar supaya
   bahwa oleh saya kami kita mereka dia ia anda bapak ibu pak bu mohon tolong terima kasih mas mbak ada tersebut sangat
   sekali lagi masih telah bisa dapat harus mau ingin hanya saja pun lah kah tapi tetapi namun jika kalau bila maka
   seperti sebagai para setiap semua banyak sejak sampai hingga antara tentang atas bawah depan sekitar tiap hari minggu
   bulan tahun kemarin tadi sekarang nya per se sang si yth warga kampung desa kelurahan kecamatan kabupaten kota provinsi
   daerah wilayah jalan rt rw no nomor lebih kurang sama para hal cukup kali terus selalu pernah begitu sudah sdh ya
   wkwk dong deh sih kok nah toh pula amat ok oke banget tsb dll dsb dst mohon segera ditindaklanjuti tindak lanjut
   laporan lapor melaporkan aduan pengaduan mengadu keluhan keluh kepada yg dr`
    .split(/\s+/)
    .filter(Boolean),
);

const PREFIXES = ['meng', 'meny', 'mem', 'men', 'me', 'peng', 'peny', 'pem', 'pen', 'per', 'pe', 'ber', 'be', 'ter', 'di', 'ke'];
const SUFFIXES = ['kannya', 'annya', 'kan', 'nya', 'lah', 'kah', 'an', 'i'];

/**
 * Light stemming: strips one inflectional suffix (-lah/-kah, -nya, -kan/-an/-i) and one derivational
 * prefix (me-/mem-/men-/meng-/meny-/ber-/di-/ter-/ke-/pe-/per-), never leaving fewer than four
 * letters. Deliberately crude (not Nazief–Adriani): consistent stems matter more than true roots.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 4) return w;
  // The confixes ke-…-an and pe(r)-…-an take -an, not -kan (kerusakan → rusak, perbaikan → baik);
  // so does -ikan elsewhere (most roots end in -ik there).
  const suffixes = /^(ke|pe)/.test(w) || w.endsWith('ikan') ? SUFFIXES.filter((x) => !x.startsWith('kan')) : SUFFIXES;
  for (const s of suffixes) {
    if (w.endsWith(s) && w.length - s.length >= 4) {
      w = w.slice(0, -s.length);
      break;
    }
  }
  // Up to two prefixes (di-per-, me-mper-, ke-ber-).
  for (let pass = 0; pass < 2; pass++) {
    const before = w;
    for (const p of PREFIXES) {
      const restored = p.endsWith('ny') ? 1 : 0;
      if (w.startsWith(p) && w.length - p.length + restored >= 4) {
        w = w.slice(p.length);
        // meny-/peny- replace an initial s (menyapu → sapu).
        if (p === 'meny' || p === 'peny') w = `s${w}`;
        break;
      }
    }
    if (w === before) break;
  }
  return w;
}

/** Lower-cased words (letters only), abbreviations expanded, stop words dropped, stemmed. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/);
  for (const raw of words) {
    if (!raw || /^[0-9]+$/.test(raw)) continue;
    const w = ABBREVIATIONS[raw] ?? raw;
    if (w.length < 3 || STOP_WORDS.has(w)) continue;
    const s = stem(w);
    if (STOP_WORDS.has(s)) continue;
    out.push(s);
  }
  return out;
}

/** Tokens plus adjacent-pair features ("lampu_mati"), which carry most of the topic in short texts. */
export function features(text: string): string[] {
  const t = tokenize(text);
  const f = [...t];
  for (let i = 0; i + 1 < t.length; i++) f.push(`${t[i]}_${t[i + 1]}`);
  return f;
}

export interface Example {
  text: string;
  label: string;
  /** 1 by default; negative weight (a "bukan kewenangan" return) takes evidence away from the label. */
  weight?: number;
}

/** A trained model, plain JSON. */
export interface NbModel {
  version: 1;
  labels: string[];
  /** log prior per label */
  prior: number[];
  /** feature → idf */
  idf: Record<string, number>;
  /** feature → log P(feature | label) per label (only features seen in training) */
  logLik: Record<string, number[]>;
  /** log P(unseen feature | label) per label */
  unseen: number[];
  examples: number;
}

export interface Scored {
  label: string;
  confidence: number;
}

const tf = (feats: string[]) => {
  const m = new Map<string, number>();
  for (const f of feats) m.set(f, (m.get(f) ?? 0) + 1);
  return m;
};

/**
 * Multinomial naive Bayes over TF-IDF weighted counts (log(1+tf)·idf), Laplace smoothing `alpha`.
 * Negative examples subtract their weighted counts from the label (never below zero) and reduce
 * its prior, so a unit that returned a kind of complaint is suggested less for it.
 */
export function train(examples: Example[], opts: { alpha?: number } = {}): NbModel {
  const alpha = opts.alpha ?? 0.1;
  const docs = examples.map((e) => ({ feats: tf(features(e.text)), label: e.label, weight: e.weight ?? 1 }));
  const df = new Map<string, number>();
  for (const d of docs) for (const f of d.feats.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const n = docs.length;
  const idf: Record<string, number> = {};
  for (const [f, c] of df) idf[f] = Math.log((1 + n) / (1 + c)) + 1;
  const labels = [...new Set(docs.filter((d) => d.weight > 0).map((d) => d.label))].sort();
  const li = new Map(labels.map((l, i) => [l, i]));
  const counts = new Map<string, number[]>();
  const docCount = labels.map(() => 0);
  for (const d of docs) {
    const i = li.get(d.label);
    if (i === undefined) continue;
    docCount[i] = docCount[i]! + d.weight;
    for (const [f, c] of d.feats) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = labels.map(() => 0)));
      row[i] = row[i]! + d.weight * Math.log(1 + c) * idf[f]!;
    }
  }
  for (const row of counts.values()) for (let i = 0; i < row.length; i++) row[i] = Math.max(0, row[i]!);
  const totals = labels.map((_, i) => {
    let s = 0;
    for (const row of counts.values()) s += row[i]!;
    return s;
  });
  const V = counts.size + 1;
  const logLik: Record<string, number[]> = {};
  for (const [f, row] of counts) logLik[f] = row.map((c, i) => Math.log((c + alpha) / (totals[i]! + alpha * V)));
  const unseen = labels.map((_, i) => Math.log(alpha / (totals[i]! + alpha * V)));
  const positive = docCount.map((c) => Math.max(c, 0.1));
  const sum = positive.reduce((a, b) => a + b, 0);
  return { version: 1, labels, prior: positive.map((c) => Math.log(c / sum)), idf, logLik, unseen, examples: n };
}

/** Labels by posterior probability (softmax over log scores), best first. */
export function predict(model: NbModel, text: string, k = 3): Scored[] {
  if (!model.labels.length) return [];
  const scores = [...model.prior];
  for (const [f, c] of tf(features(text))) {
    const ll = model.logLik[f];
    if (!ll) continue; // unseen in training: carries no information about the label
    const w = Math.log(1 + c) * (model.idf[f] ?? 1);
    for (let i = 0; i < scores.length; i++) scores[i] = scores[i]! + w * ll[i]!;
  }
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const z = exp.reduce((a, b) => a + b, 0);
  return model.labels
    .map((label, i) => ({ label, confidence: exp[i]! / z }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, k);
}

/** The routing model: one head for the category, one for the destination unit. */
export interface TriageModel {
  version: 1;
  trainedAt: string;
  category: NbModel;
  unit: NbModel;
}

export interface LabelledComplaint {
  text: string;
  category?: string | null;
  /** Destination units (positive) and units that returned it as not theirs (negative). */
  units?: { label: string; weight: number }[];
}

export function trainTriage(data: LabelledComplaint[], trainedAt: Date): TriageModel {
  const cat: Example[] = [];
  const unit: Example[] = [];
  for (const d of data) {
    if (d.category) cat.push({ text: d.text, label: d.category });
    for (const u of d.units ?? []) unit.push({ text: d.text, label: u.label, weight: u.weight });
  }
  return { version: 1, trainedAt: trainedAt.toISOString(), category: train(cat), unit: train(unit) };
}
