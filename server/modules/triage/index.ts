// Triage (docs/triage.md): routing suggestions from the installation's own history, similar
// complaints and duplicates, spam and quality scores at intake, the block list.
//  - classifier.ts: the pure text classifier; scoring.ts: pure spam and quality scores;
//  - here: training data from the timeline, the stored model, the queries; routes.ts: the HTTP edge.
import type { Db, Queryable } from '../../db/client';
import type { WorkerTask } from '../../jobs/worker';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import { grantsOf, type Actor } from '../access/actor';
import { getOrgByCode, isWithin } from '../organisations';
import { mayTake, readLevel, visibleSql } from '../complaints/permissions';
import { factsOf, findComplaint } from '../complaints/repository';
import { presentSummary } from '../complaints/present';
import { COMPLAINT_SELECT, type ComplaintRow } from '../complaints/repository';
import { predict, trainTriage, type LabelledComplaint, type TriageModel } from './classifier';
import { qualityScore, spamScore, SPAM_THRESHOLD } from './scoring';

export { SPAM_THRESHOLD } from './scoring';

// ---------------------------------------------------------------------------------------------
// Training

/** Weight of a "bukan kewenangan" return against the unit that returned it (a routing counts +1). */
export const RETURN_WEIGHT = -1.5;

/**
 * A unit label relative to the complaint's government ("pupr" for 51.08.pupr under 51.08), so that
 * what one regency learnt applies to the same kind of unit elsewhere; absolute codes otherwise.
 */
export const relativeLabel = (unitCode: string, governmentCode: string) =>
  unitCode.startsWith(`${governmentCode}.`) ? unitCode.slice(governmentCode.length + 1) : `=${unitCode}`;
const absoluteCode = (label: string, governmentCode: string) => (label.startsWith('=') ? label.slice(1) : `${governmentCode}.${label}`);

interface HistoryRow {
  title: string;
  body: string;
  category: string | null;
  government: string;
  events: { action: string; holder: string | null; from: string | null }[];
}

/**
 * How many of the most recent verified complaints the model learns from. Bounded because the daily
 * retraining runs inside the server process: at national scale (bench: 10,000,000 complaints) the
 * whole history would be gigabytes of text in memory; recent routing is also the relevant one.
 */
export const TRAINING_WINDOW = 10_000;

/** Verified complaints with their routing history: routed-to units count for, returns against. */
export async function trainingData(q: Queryable): Promise<LabelledComplaint[]> {
  const rows = (
    await q.query<HistoryRow>(
      `SELECT c.title, c.body, cat.code AS category, ao.code AS government,
              json_agg(json_build_object('action', e.action, 'holder', ho.code, 'from', e.data->>'from') ORDER BY e.id) AS events
         FROM complaints c
         JOIN organisations ao ON ao.id = c.admin_org_id
         LEFT JOIN categories cat ON cat.id = c.category_id
         JOIN complaint_events e ON e.complaint_id = c.id AND e.action IN ('verify', 'forward', 'return')
         LEFT JOIN organisations ho ON ho.id = e.holder_org_id
        WHERE c.id IN (SELECT id FROM complaints
                        WHERE verified_at IS NOT NULL AND merged_into_id IS NULL AND spam_score < ${SPAM_THRESHOLD}
                        ORDER BY id DESC LIMIT ${TRAINING_WINDOW})
        GROUP BY c.id, cat.code, ao.code
        ORDER BY c.id`,
    )
  ).rows;
  return rows.map((r) => {
    const units: { label: string; weight: number }[] = [];
    for (const e of r.events) {
      if ((e.action === 'verify' || e.action === 'forward') && e.holder) units.push({ label: relativeLabel(e.holder, r.government), weight: 1 });
      if (e.action === 'return' && e.from) units.push({ label: relativeLabel(e.from, r.government), weight: RETURN_WEIGHT });
    }
    return { text: `${r.title} ${r.body}`, category: r.category, units };
  });
}

/** Trains on the whole history and stores the model (keeping the last few). */
export async function retrain(db: Db, now: Date): Promise<{ examples: number; model: TriageModel }> {
  const data = await trainingData(db);
  const model = trainTriage(data, now);
  await db.tx(async (q) => {
    await q.query('INSERT INTO triage_models (trained_at, examples, model) VALUES ($1, $2, $3)', [now, data.length, JSON.stringify(model)]);
    await q.query('DELETE FROM triage_models WHERE id NOT IN (SELECT id FROM triage_models ORDER BY trained_at DESC, id DESC LIMIT 3)');
  });
  return { examples: data.length, model };
}

export async function latestModel(q: Queryable): Promise<{ model: TriageModel; examples: number } | undefined> {
  const r = (await q.query<{ model: TriageModel; examples: number }>('SELECT model, examples FROM triage_models ORDER BY trained_at DESC, id DESC LIMIT 1')).rows[0];
  return r ? { model: typeof r.model === 'string' ? JSON.parse(r.model) : r.model, examples: r.examples } : undefined;
}

/** The worker's daily retraining: once a model is a day old (by the injected clock). */
export function triageTrainingTask(): WorkerTask {
  return async ({ db, now }) => {
    const last = (await db.query<{ trained_at: Date }>('SELECT trained_at FROM triage_models ORDER BY trained_at DESC LIMIT 1')).rows[0];
    if (last && now.getTime() - new Date(last.trained_at).getTime() < 24 * 3600_000 && now >= new Date(last.trained_at)) return 0;
    await retrain(db, now);
    return 1;
  };
}

// ---------------------------------------------------------------------------------------------
// Suggestions

/** Weight of the classifier's unit head against the category's default destination. */
const UNIT_WEIGHT = 0.6;

interface OrgLite {
  id: number;
  code: string;
  name: string;
  path: string;
  type: string;
}

/** Loads a complaint for an admin who may verify (or route) it: 404 outside their sight, 403 when not an admin of it. */
async function loadForAdmin(q: Queryable, actor: Actor, trackingNumber: string): Promise<ComplaintRow> {
  const c = await findComplaint(q, trackingNumber);
  if (!c) throw notFound('Complaint');
  const facts = factsOf(c);
  if (!mayTake(actor, facts, 'verify')) {
    if (readLevel(actor, facts) === 'none') throw notFound('Complaint');
    throw forbidden('Only the admins who route this complaint see suggestions');
  }
  return c;
}

export async function suggestionsFor(db: Db, actor: Actor, trackingNumber: string, now: Date) {
  const c = await loadForAdmin(db, actor, trackingNumber);
  const stored = (await latestModel(db)) ?? (await retrain(db, now));
  const { model } = stored;
  const text = `${c.title} ${c.body}`;
  const categories = predict(model.category, text, 5);
  const units = predict(model.unit, text, Math.max(model.unit.labels.length, 1));

  // The category's default destination in this region, for the predicted categories and the one the citizen chose.
  const catCodes = [...new Set([...categories.map((x) => x.label), ...(c.category_code ? [c.category_code] : [])])];
  const defaults = (
    await db.query<{ category: string; code: string }>(
      `SELECT cat.code AS category, d.code FROM category_destinations cd
         JOIN categories cat ON cat.id = cd.category_id JOIN organisations d ON d.id = cd.destination_org_id
        WHERE cd.region_org_id = $1 AND cat.code = ANY($2::text[])`,
      [c.admin_org_id, catCodes],
    )
  ).rows;
  const defaultOf = new Map(defaults.map((d) => [d.category, d.code]));
  // The citizen's own choice of category counts as much as the classifier's best guess.
  const catWeights = new Map<string, number>();
  for (const x of categories) catWeights.set(x.label, x.confidence * (c.category_code ? 0.5 : 1));
  if (c.category_code) catWeights.set(c.category_code, (catWeights.get(c.category_code) ?? 0) + 0.5);

  const score = new Map<string, { score: number; sources: Set<string> }>();
  const add = (code: string, v: number, source: string) => {
    const e = score.get(code) ?? { score: 0, sources: new Set<string>() };
    e.score += v;
    if (v > 0.005) e.sources.add(source);
    score.set(code, e);
  };
  for (const u of units) add(absoluteCode(u.label, c.admin_org_code), UNIT_WEIGHT * u.confidence, 'history');
  for (const [cat, w] of catWeights) {
    const d = defaultOf.get(cat);
    if (d) add(d, (1 - UNIT_WEIGHT) * w, 'category_default');
  }
  // Only units this government may route to.
  const orgs = (
    await db.query<OrgLite>(`SELECT id, code, name, path, type FROM organisations WHERE code = ANY($1::text[]) AND type IN ('unit', 'subunit', 'ministry')`, [
      [...score.keys()],
    ])
  ).rows.filter((o) => o.type === 'ministry' || isWithin(o.path, c.admin_org_path));
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const ranked = [...score.entries()].filter(([code]) => byCode.has(code)).sort((a, b) => b[1].score - a[1].score);
  const total = ranked.reduce((s, [, e]) => s + e.score, 0) || 1;

  const catNames = new Map(
    (await db.query<{ code: string; name_id: string }>('SELECT code, name_id FROM categories WHERE code = ANY($1::text[])', [categories.map((x) => x.label)])).rows.map((r) => [
      r.code,
      r.name_id,
    ]),
  );
  const defaultDestination = c.category_code ? defaultOf.get(c.category_code) : undefined;
  return {
    trackingNumber: c.tracking_number,
    organisations: ranked.slice(0, 3).map(([code, e]) => ({
      code,
      name: byCode.get(code)!.name,
      confidence: Math.round((e.score / total) * 1000) / 1000,
      sources: [...e.sources].sort(),
    })),
    categories: categories.slice(0, 3).map((x) => ({ code: x.label, name: catNames.get(x.label) ?? x.label, confidence: Math.round(x.confidence * 1000) / 1000 })),
    defaultDestination: defaultDestination ? { categoryCode: c.category_code, code: defaultDestination, name: byCode.get(defaultDestination)?.name ?? null } : null,
    model: { trainedAt: model.trainedAt, examples: stored.examples },
  };
}

// ---------------------------------------------------------------------------------------------
// Similar complaints and duplicates

const SIMILAR_DAYS = 60;
const OPEN_PUBLIC = ['disposed', 'in_progress', 'responded', 'returned', 'on_hold'];

/** An OR full-text query of the words in a text (letters only, so it is always valid tsquery syntax). */
export function orQuery(text: string): string {
  const words = [...new Set(text.toLowerCase().match(/[a-z]{3,}/g) ?? [])].slice(0, 40);
  return words.join(' | ');
}

export interface SimilarInput {
  regionCode: string;
  categoryCode: string;
  title: string;
  body?: string;
}

/**
 * At intake, public and open complaints of the same region and category from the last 60 days
 * that look like the one being written, so the citizen can follow one instead of filing again.
 * Only what the public feed shows; never the reporter.
 */
export async function similarComplaints(q: Queryable, input: SimilarInput, now: Date) {
  const since = new Date(now.getTime() - SIMILAR_DAYS * 86_400_000);
  const tsq = orQuery(`${input.title} ${input.body ?? ''}`);
  const rows = (
    await q.query<{ tracking_number: string; title: string; status: string; created_at: Date; category_code: string; sim: number; rank: number }>(
      `SELECT c.tracking_number, c.title, c.status, c.created_at, cat.code AS category_code,
              similarity(c.title, $3) AS sim,
              CASE WHEN $4 = '' THEN 0 ELSE ts_rank(c.search, to_tsquery('indonesian', $4)) END AS rank
         FROM complaints c JOIN categories cat ON cat.id = c.category_id
        WHERE c.region_code = $1 AND cat.code = $2 AND c.created_at >= $5
          AND c.verified_at IS NOT NULL AND NOT c.confidential AND c.merged_into_id IS NULL
          AND c.status = ANY($6::text[])
          AND (similarity(c.title, $3) >= 0.2 OR ($4 <> '' AND c.search @@ to_tsquery('indonesian', $4)))
        ORDER BY similarity(c.title, $3) + LEAST(CASE WHEN $4 = '' THEN 0 ELSE ts_rank(c.search, to_tsquery('indonesian', $4)) END, 1) DESC, c.id DESC
        LIMIT 5`,
      [input.regionCode, input.categoryCode, input.title, tsq, since, OPEN_PUBLIC],
    )
  ).rows;
  return {
    items: rows.map((r) => ({
      trackingNumber: r.tracking_number,
      title: r.title,
      status: r.status,
      categoryCode: r.category_code,
      createdAt: new Date(r.created_at).toISOString(),
      score: Math.round((Number(r.sim) + Math.min(Number(r.rank), 1)) * 1000) / 1000,
    })),
  };
}

/** For an admin: open complaints in their scope of the same government that may be the same matter. */
export async function duplicatesOf(db: Db, actor: Actor, trackingNumber: string, now: Date) {
  const c = await loadForAdmin(db, actor, trackingNumber);
  const params: unknown[] = [];
  const scope = visibleSql(actor, params);
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const title = p(c.title);
  const tsq = p(orQuery(`${c.title} ${c.body}`));
  const rows = (
    await db.query<ComplaintRow & { sim: number; rank: number }>(
      `SELECT * FROM (
         SELECT x.*, similarity(x.title, ${title}) AS sim, ts_rank(s.search, to_tsquery('indonesian', ${tsq})) AS rank
           FROM (${COMPLAINT_SELECT}
                  WHERE ${scope} AND c.admin_org_id = ${p(c.admin_org_id)} AND c.id <> ${p(c.id)}
                    AND c.merged_into_id IS NULL AND c.status IN ('submitted', 'disposed', 'in_progress', 'returned', 'on_hold', 'responded')
                    AND c.created_at >= ${p(new Date(now.getTime() - SIMILAR_DAYS * 86_400_000))}) x
           JOIN complaints s ON s.id = x.id
       ) y
       WHERE y.sim >= 0.25 OR y.rank >= 0.05
       ORDER BY y.sim + LEAST(y.rank, 1) DESC, y.id DESC LIMIT 10`,
      params,
    )
  ).rows;
  return {
    items: rows.map((r) => ({ ...presentSummary(r, now), score: Math.round((Number(r.sim) + Math.min(Number(r.rank), 1)) * 1000) / 1000 })),
  };
}

// ---------------------------------------------------------------------------------------------
// Spam and quality at intake

export const normalisePhone = (phone: string) => {
  const d = phone.replace(/\D/g, '');
  return d.startsWith('0') ? `62${d.slice(1)}` : d;
};

export interface IntakeScores {
  spam: { score: number; reasons: string[] };
  quality: number;
}

/**
 * Scores a complaint about to be filed, so that its row is written with its scores: repeated text
 * from the same phone or email in the last day, block list entries of its government or above, the
 * text itself; and the completeness of what/where/when. One read, and none without a contact.
 */
export async function scoreAtIntake(
  q: Queryable,
  input: { title: string; body: string; categoryCode?: string; occurredAt?: string; location?: { address?: string; lat?: number }; reporter?: { phone?: string; email?: string } },
  adminPath: string,
  now: Date,
): Promise<IntakeScores> {
  const phone = input.reporter?.phone ?? null;
  const email = input.reporter?.email?.toLowerCase() ?? null;
  let repeats = 0;
  let blocked = false;
  if (phone || email) {
    // The complaint's row stores the phone as given and the email in lower case.
    const r = (
      await q.query<{ repeats: number; blocked: boolean }>(
        `SELECT (SELECT count(*)::int FROM complaints o
                  WHERE o.created_at >= $1
                    AND ((o.reporter_phone IS NOT NULL AND o.reporter_phone = $2) OR (o.reporter_email IS NOT NULL AND o.reporter_email = $3))
                    AND (o.body = $4 OR similarity(o.body, $4) >= 0.8)) AS repeats,
                EXISTS (SELECT 1 FROM blocked_senders b JOIN organisations o ON o.id = b.organisation_id
                         WHERE $5 LIKE o.path || '%' AND ((b.kind = 'phone' AND b.value = $6) OR (b.kind = 'email' AND b.value = $3))) AS blocked`,
        [new Date(now.getTime() - 86_400_000), phone, email, input.body.trim(), adminPath, phone ? normalisePhone(phone) : null],
      )
    ).rows[0]!;
    repeats = Number(r.repeats);
    blocked = r.blocked;
  }
  const quality = qualityScore({
    title: input.title,
    body: input.body,
    address: input.location?.address,
    occurredAt: input.occurredAt,
    categoryCode: input.categoryCode,
    hasCoordinates: input.location?.lat !== undefined,
  });
  return { spam: spamScore({ title: input.title, body: input.body, repeats, blocked }), quality: quality.score };
}

// ---------------------------------------------------------------------------------------------
// Block list

const adminGrants = (actor: Actor) => grantsOf(actor).filter((g) => g.role === 'national_admin' || g.role === 'org_admin');

function requireAdmin(actor: Actor) {
  const grants = adminGrants(actor);
  if (!grants.length) throw forbidden('Only admins manage the block list');
  return grants;
}

/** Paths the actor administers ('/' for the national admin). */
const adminPaths = (actor: Actor) => requireAdmin(actor).map((g) => (g.role === 'national_admin' ? '/' : g.org!.path));

export interface BlockInput {
  kind: 'phone' | 'email';
  value: string;
  organisationCode?: string;
  reason?: string;
}

export async function addBlock(db: Db, actor: Actor, input: BlockInput, now: Date) {
  const paths = adminPaths(actor);
  const own = requireAdmin(actor).find((g) => g.org)?.org;
  const org = input.organisationCode ? await getOrgByCode(db, input.organisationCode) : own ? await getOrgByCode(db, own.code) : undefined;
  if (!org) throw badRequest('Unknown organisation', { organisationCode: 'unknown organisation code' });
  if (!paths.some((p) => isWithin(org.path, p))) throw badRequest('That organisation is outside your scope', { organisationCode: 'outside your organisation' });
  const value = input.kind === 'phone' ? normalisePhone(input.value) : input.value.trim().toLowerCase();
  if (input.kind === 'phone' && !/^[0-9]{7,16}$/.test(value)) throw badRequest('Not a phone number', { value: 'not a phone number' });
  if (input.kind === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) throw badRequest('Not an email address', { value: 'not an email address' });
  const r = await db.query<{ id: number }>(
    `INSERT INTO blocked_senders (organisation_id, kind, value, reason, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (organisation_id, kind, value) DO UPDATE SET reason = EXCLUDED.reason RETURNING id`,
    [org.id, input.kind, value, input.reason ?? null, actor.kind === 'user' ? actor.userId : null, now],
  );
  return { id: Number(r.rows[0]!.id), kind: input.kind, value, organisation: { code: org.code, name: org.name }, reason: input.reason ?? null, createdAt: now.toISOString() };
}

export async function listBlocks(db: Db, actor: Actor) {
  const paths = adminPaths(actor);
  const rows = (
    await db.query<{ id: number; kind: string; value: string; reason: string | null; created_at: Date; code: string; name: string }>(
      `SELECT b.id, b.kind, b.value, b.reason, b.created_at, o.code, o.name FROM blocked_senders b JOIN organisations o ON o.id = b.organisation_id
        WHERE o.path LIKE ANY($1::text[]) ORDER BY b.created_at DESC, b.id DESC`,
      [paths.map((p) => `${p}%`)],
    )
  ).rows;
  return { items: rows.map((r) => ({ id: Number(r.id), kind: r.kind, value: r.value, organisation: { code: r.code, name: r.name }, reason: r.reason, createdAt: new Date(r.created_at).toISOString() })) };
}

export async function removeBlock(db: Db, actor: Actor, id: number) {
  const paths = adminPaths(actor);
  const r = await db.query(`DELETE FROM blocked_senders b USING organisations o WHERE b.id = $1 AND o.id = b.organisation_id AND o.path LIKE ANY($2::text[])`, [
    id,
    paths.map((p) => `${p}%`),
  ]);
  if (!r.rowCount) throw notFound('Block list entry');
}
