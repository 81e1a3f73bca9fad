// Notification wording: one template per purpose and language (Indonesian first, English), with
// {placeholders}. The defaults are here; national admins override them in notification_templates.
import type { Queryable } from '../../db/client';
import { badRequest } from '../../platform/errors';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export const PLACEHOLDERS = ['trackingNumber', 'title', 'unit', 'dueDate', 'link', 'level', 'count', 'items', 'mergedInto'] as const;
export type Vars = Partial<Record<(typeof PLACEHOLDERS)[number], string>>;

export interface Template {
  subject: string;
  body: string;
}

/** Template names: to the reporter (received … closed, merged) and to staff (the rest). */
export const TEMPLATES = {
  received: {
    id: { subject: 'Pengaduan {trackingNumber} diterima', body: 'Pengaduan Anda "{title}" telah kami terima dengan nomor {trackingNumber}. Pantau di {link}' },
    en: { subject: 'Complaint {trackingNumber} received', body: 'Your complaint "{title}" was received as {trackingNumber}. Follow it at {link}' },
  },
  routed: {
    id: { subject: 'Pengaduan {trackingNumber} diteruskan ke {unit}', body: 'Pengaduan {trackingNumber} telah diteruskan ke {unit} untuk ditindaklanjuti. {link}' },
    en: { subject: 'Complaint {trackingNumber} routed to {unit}', body: 'Complaint {trackingNumber} was routed to {unit} for follow-up. {link}' },
  },
  followed_up: {
    id: { subject: 'Pengaduan {trackingNumber} ditindaklanjuti', body: 'Pengaduan {trackingNumber} telah ditindaklanjuti oleh {unit}. Baca dan tanggapi di {link}' },
    en: { subject: 'Complaint {trackingNumber} followed up', body: '{unit} followed up on complaint {trackingNumber}. Read and reply at {link}' },
  },
  closed: {
    id: { subject: 'Pengaduan {trackingNumber} selesai', body: 'Pengaduan {trackingNumber} telah selesai. Terima kasih. {link}' },
    en: { subject: 'Complaint {trackingNumber} closed', body: 'Complaint {trackingNumber} is closed. Thank you. {link}' },
  },
  // B merged into A: B's reporter learns the number the matter continues under (never who filed A).
  merged: {
    id: {
      subject: 'Pengaduan {trackingNumber} digabung ke pengaduan {mergedInto}',
      body: 'Pengaduan {trackingNumber} membahas masalah yang sama dengan pengaduan {mergedInto}, sehingga keduanya digabung. Tindak lanjutnya berlanjut dengan nomor {mergedInto}. {link}',
    },
    en: {
      subject: 'Complaint {trackingNumber} merged into complaint {mergedInto}',
      body: 'Complaint {trackingNumber} concerns the same matter as complaint {mergedInto}, so the two were merged. Follow-up continues under number {mergedInto}. {link}',
    },
  },
  new_complaint: {
    id: { subject: 'Pengaduan baru {trackingNumber} menunggu verifikasi', body: 'Pengaduan baru "{title}" ({trackingNumber}) menunggu verifikasi, batas waktu {dueDate}. {link}' },
    en: { subject: 'New complaint {trackingNumber} awaits verification', body: 'New complaint "{title}" ({trackingNumber}) awaits verification, due {dueDate}. {link}' },
  },
  assigned: {
    id: { subject: 'Pengaduan {trackingNumber} didisposisikan ke {unit}', body: 'Pengaduan "{title}" ({trackingNumber}) didisposisikan ke {unit}, batas waktu {dueDate}. {link}' },
    en: { subject: 'Complaint {trackingNumber} routed to {unit}', body: 'Complaint "{title}" ({trackingNumber}) was routed to {unit}, due {dueDate}. {link}' },
  },
  returned: {
    id: { subject: 'Pengaduan {trackingNumber} dikembalikan', body: 'Pengaduan "{title}" ({trackingNumber}) dikembalikan sebagai bukan kewenangan dan perlu diteruskan, batas waktu {dueDate}. {link}' },
    en: { subject: 'Complaint {trackingNumber} returned', body: 'Complaint "{title}" ({trackingNumber}) was returned as outside the unit\'s authority and must be forwarded, due {dueDate}. {link}' },
  },
  reminder: {
    id: { subject: 'Pengingat: pengaduan {trackingNumber} jatuh tempo {dueDate}', body: 'Pengaduan "{title}" ({trackingNumber}) di {unit} jatuh tempo {dueDate}. {link}' },
    en: { subject: 'Reminder: complaint {trackingNumber} is due {dueDate}', body: 'Complaint "{title}" ({trackingNumber}) at {unit} is due {dueDate}. {link}' },
  },
  escalation: {
    id: { subject: 'Eskalasi tingkat {level}: pengaduan {trackingNumber} melewati batas waktu', body: 'Pengaduan "{title}" ({trackingNumber}) di {unit} melewati batas waktu {dueDate} dan belum ditindaklanjuti. {link}' },
    en: { subject: 'Escalation level {level}: complaint {trackingNumber} is overdue', body: 'Complaint "{title}" ({trackingNumber}) at {unit} passed its deadline {dueDate} without follow-up. {link}' },
  },
  digest: {
    id: { subject: 'Ringkasan harian: {count} pengaduan melewati batas waktu di {unit}', body: '{count} pengaduan melewati batas waktu di {unit}:\n{items}\n{link}' },
    en: { subject: 'Daily digest: {count} overdue complaints at {unit}', body: '{count} complaints are overdue at {unit}:\n{items}\n{link}' },
  },
} as const satisfies Record<string, Record<Lang, Template>>;

export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];
export const isTemplateName = (s: string): s is TemplateName => Object.prototype.hasOwnProperty.call(TEMPLATES, s);

/** Fills {name} placeholders; unknown names stay as written. */
export function fill(text: string, vars: Vars): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (m, name: string) => (vars as Record<string, string | undefined>)[name] ?? m);
}

/** The placeholders a text uses that are not known: an admin's override must use none. */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...text.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((n) => !known.has(n)))];
}

export function validateTemplate(t: Template): void {
  const fields: Record<string, string> = {};
  for (const key of ['subject', 'body'] as const) {
    const bad = unknownPlaceholders(t[key]);
    if (bad.length) fields[key] = `Unknown placeholder(s): ${bad.map((b) => `{${b}}`).join(', ')}; allowed: ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`;
    else if (/[{}]/.test(t[key].replace(/\{[A-Za-z]+\}/g, ''))) fields[key] = 'Unbalanced braces';
  }
  if (Object.keys(fields).length) throw badRequest('Invalid template', fields);
}

/** The template in force: the admins' override, else the default. */
export async function loadTemplate(q: Queryable, name: TemplateName, lang: Lang): Promise<Template & { overridden: boolean }> {
  const r = await q.query<{ subject: string; body: string }>('SELECT subject, body FROM notification_templates WHERE template = $1 AND lang = $2', [name, lang]);
  const row = r.rows[0];
  return row ? { subject: row.subject, body: row.body, overridden: true } : { ...TEMPLATES[name][lang], overridden: false };
}

export async function render(q: Queryable, name: TemplateName, lang: Lang, vars: Vars): Promise<Template> {
  const t = await loadTemplate(q, name, lang);
  return { subject: fill(t.subject, vars), body: fill(t.body, vars) };
}
