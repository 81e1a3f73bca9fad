// What Aduan answers by SMS, in Indonesian, pure. Every reply fits one GSM-7 SMS (160 characters)
// for the demo regions; a long unit or region name may make it two (outbound.ts splits).
import { localDate, type TimeZoneCode } from '../deadlines/calendar';
import type { HelpReason } from './parse';

/** Stands for the access code in a stored reply; the code itself is kept apart (outbound.ts). */
export const ACCESS_CODE_PLACEHOLDER = '{{KODE_AKSES}}';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

/** "12 Jul 2026": the calendar day of `instant` in the organisation's time zone. */
export function formatDateId(instant: Date, tz: TimeZoneCode): string {
  const [y, m, d] = localDate(instant, tz).split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const DUE_LABELS: Record<string, string> = {
  verification: 'Batas verifikasi',
  first_response: 'Batas tindak lanjut',
  resolution: 'Batas penyelesaian',
  reporter_reply: 'Batas balasan Anda',
};

/** A tracking number echoed back: what the sender typed, normalised, never more than 12 characters. */
const echo = (trk: string) => (trk.length > 12 ? `${trk.slice(0, 12)}…` : trk) || '-';

export const Replies = {
  help(reason: HelpReason): string {
    switch (reason) {
      case 'lapor':
        return 'Isi laporan kosong. Kirim: LAPOR <isi laporan>, mis. LAPOR Jalan berlubang di depan Pasar Anyar Singaraja';
      case 'cek':
        return 'Kirim: CEK <nomor laporan>, mis. CEK ABCD2345';
      case 'balas':
        return 'Kirim: BALAS <nomor laporan> <pesan>, mis. BALAS ABCD2345 Lubang belum ditutup';
      case 'nilai':
        return 'Kirim: NILAI <nomor laporan> <1-5>, mis. NILAI ABCD2345 5 (1 = sangat buruk, 5 = sangat baik)';
      default:
        return 'Format SMS: LAPOR <isi> | BULELENG LAPOR <isi> | CEK <nomor> | BALAS <nomor> <pesan> | NILAI <nomor> <1-5>. Tidak anonim: TERBUKA LAPOR <isi>';
    }
  },

  filed(p: { trackingNumber: string; anonymous: boolean; shortCode: string; region: string | null }): string {
    const what = p.anonymous ? 'Laporan anonim diterima.' : 'Laporan diterima.';
    const region = p.region ? ` Wilayah: ${p.region}.` : '';
    return `${what} Nomor: ${p.trackingNumber}. Kode akses: ${ACCESS_CODE_PLACEHOLDER} (rahasia). Cek status: kirim CEK ${p.trackingNumber} ke ${p.shortCode}.${region}`;
  },

  status(p: { trackingNumber: string; statusLabel: string; unit: string; dueAt: Date | null; dueKind: string | null; timeZone: TimeZoneCode; canRate: boolean }): string {
    const due = p.dueAt && p.dueKind ? ` ${DUE_LABELS[p.dueKind] ?? 'Batas'}: ${formatDateId(p.dueAt, p.timeZone)}.` : '';
    const rate = p.canRate ? ` Beri nilai: NILAI ${p.trackingNumber} <1-5>.` : '';
    return `Laporan ${p.trackingNumber}: ${p.statusLabel}. Unit: ${p.unit}.${due}${rate}`;
  },

  /** The one answer for a number that does not exist and for one filed from another phone. */
  notFound(trk: string): string {
    return `Laporan ${echo(trk)} tidak ditemukan untuk nomor HP ini. Periksa nomor laporan Anda.`;
  },

  replied(trk: string): string {
    return `Balasan Anda untuk laporan ${trk} sudah diterima dan diteruskan ke petugas.`;
  },

  replyRefused(trk: string, statusLabel: string): string {
    return `Laporan ${trk} berstatus ${statusLabel}; balasan tidak dapat diterima lagi.`;
  },

  rated(trk: string, score: number): string {
    return `Terima kasih. Nilai ${score}/5 untuk laporan ${trk} sudah dicatat.`;
  },

  alreadyRated(trk: string): string {
    return `Laporan ${trk} sudah pernah dinilai. Terima kasih.`;
  },

  notRateable(trk: string, statusLabel: string): string {
    return `Laporan ${trk} belum dapat dinilai (status: ${statusLabel}). Nilai dapat diberikan setelah ada tindak lanjut.`;
  },

  unknownRegion(region: string): string {
    const name = [...region].length > 30 ? `${[...region].slice(0, 30).join('')}…` : region;
    return `Wilayah "${name}" tidak dikenal. Kirim mis. BULELENG LAPOR <isi>, atau tanpa wilayah: LAPOR <isi>`;
  },

  ambiguousRegion(region: string, options: string[]): string {
    const example = options[options.length - 1] ?? `KOTA ${region}`;
    return `Ada ${options.length} wilayah ${region}: ${options.join(', ')}. Kirim ulang, mis. ${example} LAPOR <isi>`;
  },

  failed(): string {
    return 'Maaf, pesan Anda belum dapat diproses. Silakan coba lagi nanti.';
  },
};
