// "Buat aduan": the guided complaint form. One Idempotency-Key per draft, reused on every retry and by
// the offline outbox, so a complaint is never filed twice.
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from '../app/router';
import { useT, type T } from '../i18n';
import { ApiError } from '../lib/api';
import { useClientConfig } from '../lib/client-config';
import { randomId } from '../lib/ids';
import { enqueue, onOutboxChange, listOutbox, outboxSupported, removeOutbox, sendComplaint, type OutboxFile } from '../lib/outbox';
import { useSession } from '../lib/session';
import type { ComplaintType, NewComplaint, SubmitReceipt } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage } from '../ui/bits';
import { Checkbox, ErrorSummary, TextArea, TextField, type ErrorItem } from '../ui/fields';
import { Page } from '../ui/Page';
import { CategorySelect } from './CategorySelect';
import { categories } from './data';
import { DistrictSelect, LocationFields } from './LocationFields';
import { claimOutboxItem } from './OutboxBanner';
import { CompletenessHints, useCompletenessCheck } from './CompletenessHints';
import { SimilarComplaints } from './SimilarComplaints';
import { PhotoPicker, type Photo } from './PhotoPicker';
import { Receipt } from './Receipt';
import { RegionPicker } from './RegionPicker';

interface Draft {
  type: ComplaintType;
  title: string;
  body: string;
  province: string;
  region: string;
  district: string;
  address: string;
  lat: string;
  lng: string;
  date: string;
  category: string;
  anonymous: boolean;
  confidential: boolean;
  name: string;
  phone: string;
  email: string;
}

const EMPTY: Draft = {
  type: 'pengaduan',
  title: '',
  body: '',
  province: '',
  region: '',
  district: '',
  address: '',
  lat: '',
  lng: '',
  date: '',
  category: '',
  anonymous: false,
  confidential: false,
  name: '',
  phone: '',
  email: '',
};

type FieldId = 'title' | 'body' | 'district' | 'address' | 'lat' | 'lng' | 'date' | 'name' | 'phone' | 'email' | 'photos';
const ORDER: FieldId[] = ['title', 'body', 'district', 'address', 'lat', 'lng', 'date', 'photos', 'name', 'phone', 'email'];

const PHONE = /^\+?[0-9][0-9 -]{6,18}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_BODY = 20;

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

function validate(d: Draft, t: T, signedIn: boolean): Partial<Record<FieldId, string>> {
  const e: Partial<Record<FieldId, string>> = {};
  if (!d.title.trim()) e.title = t('report.err.titleRequired');
  else if (d.title.trim().length > 200) e.title = t('report.err.titleLong');
  if (!d.body.trim()) e.body = t('report.err.bodyRequired');
  else if (d.body.trim().length < MIN_BODY) e.body = t('report.err.bodyShort', { min: MIN_BODY });
  else if (d.body.length > 10_000) e.body = t('report.err.bodyLong');
  if (d.address.length > 500) e.address = t('report.err.addressLong');
  const lat = d.lat.trim();
  const lng = d.lng.trim();
  if (lat || lng) {
    const a = Number(lat.replace(',', '.'));
    const b = Number(lng.replace(',', '.'));
    if (!lat) e.lat = t('report.err.coordsPair');
    else if (Number.isNaN(a) || a < -90 || a > 90) e.lat = t('report.err.lat');
    if (!lng) e.lng = t('report.err.coordsPair');
    else if (Number.isNaN(b) || b < -180 || b > 180) e.lng = t('report.err.lng');
  }
  if (d.date && d.date > today()) e.date = t('report.err.dateFuture');
  if (!signedIn) {
    if (!d.name.trim()) e.name = t('report.err.nameRequired');
    else if (d.name.trim().length > 120) e.name = t('report.err.nameLong');
    const phone = d.phone.trim();
    const email = d.email.trim();
    if (!phone && !email) e.phone = t('report.err.contactRequired');
    if (phone && !PHONE.test(phone)) e.phone = t('report.err.phone');
    if (email && (!EMAIL.test(email) || email.length > 200)) e.email = t('report.err.email');
  }
  return e;
}

/** Server field names (from a 400) → the form's fields. */
const SERVER_FIELDS: Record<string, FieldId> = {
  title: 'title',
  body: 'body',
  'reporter.name': 'name',
  'reporter.phone': 'phone',
  'reporter.email': 'email',
  'location.address': 'address',
  'location.districtCode': 'district',
  'location.lat': 'lat',
  'location.lng': 'lng',
  occurredAt: 'date',
  attachments: 'photos',
};

type Stage = { kind: 'form' } | { kind: 'queued'; key: string } | { kind: 'done'; receipt: SubmitReceipt; note?: string };

export function ReportPage() {
  const t = useT();
  const cfg = useClientConfig();
  const { user } = useSession();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoError, setPhotoError] = useState<string | undefined>();
  const [touched, setTouched] = useState<Set<FieldId>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldId, string>>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [stage, setStage] = useState<Stage>({ kind: 'form' });
  const summaryRef = useRef<HTMLDivElement>(null);
  // One key per draft; `lastSent` is what went out under it when the outcome is unknown.
  const key = useRef(randomId());
  const lastSent = useRef<{ data: string; files: OutboxFile[] } | null>(null);
  const completeness = useCompletenessCheck();

  const region = draft.region || draft.province;
  const cats = useAsync(() => categories(region || undefined), [region]);

  const errors = useMemo(() => ({ ...validate(draft, t, !!user), ...serverErrors }), [draft, t, user, serverErrors]);
  const shown = (f: FieldId): string | undefined => (f === 'photos' ? photoError ?? errors.photos : submitted || touched.has(f) ? errors[f] : undefined);
  const blur = (f: FieldId) => setTouched((s) => new Set(s).add(f));
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setServerErrors((s) => {
      if (!(k in s)) return s;
      const n = { ...s };
      delete n[k as FieldId];
      return n;
    });
  };

  // The queued complaint's fate, when the page shows one.
  useEffect(() => {
    if (stage.kind !== 'queued') return;
    const release = claimOutboxItem(stage.key);
    const check = async () => {
      const item = (await listOutbox()).find((i) => i.key === stage.key);
      if (item?.state === 'sent' && item.receipt) {
        setStage({ kind: 'done', receipt: item.receipt });
        await removeOutbox(item.key);
      } else if (item?.state === 'failed') {
        const e = item.error;
        setFailure(t('report.queuedFailed', { reason: errorMessage(t, new ApiError(e?.status ?? 400, e?.code ?? 'bad_request', e?.message ?? '')) }));
      }
    };
    void check();
    const off = onOutboxChange(() => void check());
    return () => {
      off();
      release();
    };
  }, [stage, t]);

  const summary: ErrorItem[] = submitted
    ? [...ORDER.filter((f) => shown(f)).map((f) => ({ id: f === 'photos' ? 'photos' : f, message: shown(f)! }))]
    : [];

  const buildPayload = (): NewComplaint => {
    const cat = cats.data?.find((c) => c.code === draft.category);
    const lat = draft.lat.trim();
    const lng = draft.lng.trim();
    const location: NonNullable<NewComplaint['location']> = {};
    if (region) location.regionCode = region;
    if (draft.region && draft.district) location.districtCode = draft.district;
    if (draft.address.trim()) location.address = draft.address.trim();
    if (lat && lng) {
      location.lat = Number(lat.replace(',', '.'));
      location.lng = Number(lng.replace(',', '.'));
    }
    const p: NewComplaint = {
      type: draft.type,
      title: draft.title.trim(),
      body: draft.body.trim(),
      anonymous: draft.anonymous,
      confidential: draft.confidential,
      channel: 'web',
    };
    if (cat) p.categoryCode = cat.code;
    // The category's usual unit in the chosen region, as a suggestion for the admin who verifies.
    if (cat?.defaultDestination && draft.region) p.organisationCode = cat.defaultDestination;
    if (draft.date) p.occurredAt = new Date(`${draft.date}T12:00:00`).toISOString();
    if (Object.keys(location).length) p.location = location;
    if (!user) {
      p.reporter = { name: draft.name.trim() };
      if (draft.phone.trim()) p.reporter.phone = draft.phone.trim();
      if (draft.email.trim()) p.reporter.email = draft.email.trim();
    }
    return p;
  };

  const queue = async (data: string, files: OutboxFile[]) => {
    const k = key.current;
    claimOutboxItem(k);
    await enqueue({ key: k, data, files, title: draft.title.trim() });
    startNewDraft();
    setStage({ kind: 'queued', key: k });
  };

  const startNewDraft = () => {
    key.current = randomId();
    lastSent.current = null;
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setFailure(undefined);
    const v = validate(draft, t, !!user);
    if (Object.keys(v).length || photoError) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    const payload = buildPayload();
    // Guided intake: what is missing is shown once; sending the same draft again sends it as it is.
    setSending(true);
    const ready = await completeness.passes(payload);
    setSending(false);
    if (!ready) return;
    const data = JSON.stringify(payload);
    const files: OutboxFile[] = photos.map((p) => ({ name: p.file.name, type: p.file.type, blob: p.file }));
    if (!navigator.onLine && outboxSupported()) return queue(data, files);
    setSending(true);
    try {
      const receipt = await sendComplaint(data, files, key.current);
      startNewDraft();
      setStage({ kind: 'done', receipt });
    } catch (err) {
      if (err instanceof ApiError && err.network && outboxSupported()) {
        lastSent.current = null;
        await queue(data, files);
      } else if (err instanceof ApiError && err.code === 'idempotency_key_reused' && lastSent.current) {
        // An earlier attempt of this draft did arrive: fetch its receipt instead of filing a second one.
        try {
          const receipt = await sendComplaint(lastSent.current.data, lastSent.current.files, key.current);
          startNewDraft();
          setStage({ kind: 'done', receipt, note: t('report.earlierArrived') });
        } catch (again) {
          setFailure(errorMessage(t, again));
        }
      } else if (err instanceof ApiError && err.status === 400 && err.fields) {
        const mapped: Partial<Record<FieldId, string>> = {};
        for (const [k, msg] of Object.entries(err.fields)) mapped[SERVER_FIELDS[k] ?? 'title'] = t('report.err.server', { message: msg });
        setServerErrors(mapped);
        requestAnimationFrame(() => summaryRef.current?.focus());
      } else {
        // Unknown outcome (e.g. a 5xx): keep the key so that "try again" cannot file it twice.
        lastSent.current = { data, files };
        setFailure(errorMessage(t, err));
      }
    } finally {
      setSending(false);
    }
  };

  if (stage.kind === 'done') {
    return (
      <Page key="done" title={t('report.doneTitle')} autoFocus>
        {stage.note && <Alert kind="info">{stage.note}</Alert>}
        <Receipt receipt={stage.receipt} />
        <p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setDraft(EMPTY);
              setPhotos([]);
              setTouched(new Set());
              setSubmitted(false);
              setStage({ kind: 'form' });
            }}
          >
            {t('report.another')}
          </button>
        </p>
      </Page>
    );
  }

  if (stage.kind === 'queued') {
    return (
      <Page key="queued" title={t('report.queuedTitle')} autoFocus>
        <div className="alert alert--warning queued-banner" role="status">
          <p className="alert-title">{t('outbox.saved')}</p>
          <p>{t('report.queuedText')}</p>
        </div>
        {failure && <Alert kind="error">{failure}</Alert>}
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </Page>
    );
  }

  const typeHelp: Record<ComplaintType, string> = {
    pengaduan: t('report.type.pengaduanHelp'),
    aspirasi: t('report.type.aspirasiHelp'),
    informasi: t('report.type.informasiHelp'),
  };

  return (
    <Page key="form" title={t('report.title')} lead={t('report.lead')}>
      <form noValidate onSubmit={onSubmit} className="form" aria-describedby="report-required-note">
        <p id="report-required-note" className="hint">
          {t('report.requiredNote')}
        </p>
        <ErrorSummary title={t('form.errorSummary')} errors={summary} summaryRef={summaryRef} />

        <fieldset className="section-box">
          <legend>
            <span className="step">1</span> {t('report.type.legend')}
          </legend>
          <div className="radio-cards">
            {(['pengaduan', 'aspirasi', 'informasi'] as const).map((ty) => (
              <div className="radio-card" key={ty}>
                <input type="radio" id={`type-${ty}`} name="type" value={ty} checked={draft.type === ty} onChange={() => set('type', ty)} aria-describedby={`type-${ty}-help`} />
                <label htmlFor={`type-${ty}`}>
                  <span className="radio-card__title">{t(`report.type.${ty}`)}</span>
                  <span className="radio-card__help" id={`type-${ty}-help`}>
                    {typeHelp[ty]}
                  </span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">2</span> {t('report.what.legend')}
          </legend>
          <TextField
            id="title"
            label={t('report.what.title')}
            hint={t('report.what.titleHint')}
            required
            maxLength={200}
            value={draft.title}
            error={shown('title')}
            onChange={(e) => set('title', e.target.value)}
            onBlur={() => blur('title')}
          />
          <TextArea
            id="body"
            label={t('report.what.body')}
            hint={t('report.what.bodyHint')}
            required
            rows={7}
            value={draft.body}
            error={shown('body')}
            onChange={(e) => set('body', e.target.value)}
            onBlur={() => blur('body')}
          />
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">3</span> {t('report.where.legend')}
          </legend>
          <RegionPicker
            idPrefix=""
            province={draft.province}
            region={draft.region}
            hint={t('report.where.regionHint')}
            onChange={(p, r) => setDraft((d) => ({ ...d, province: p, region: r, district: r === d.region ? d.district : '', category: d.category }))}
          />
          <DistrictSelect regency={draft.region} value={draft.district} error={shown('district')} onChange={(v) => set('district', v)} />
          <TextField
            id="address"
            label={t('report.where.address')}
            hint={t('report.where.addressHint')}
            autoComplete="street-address"
            maxLength={500}
            value={draft.address}
            error={shown('address')}
            onChange={(e) => set('address', e.target.value)}
            onBlur={() => blur('address')}
          />
          <LocationFields
            lat={draft.lat}
            lng={draft.lng}
            errors={{ lat: shown('lat'), lng: shown('lng') }}
            onBlur={blur}
            onCoords={(lat, lng) => setDraft((d) => ({ ...d, lat, lng }))}
          />
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">4</span> {t('report.when.legend')}
          </legend>
          <TextField
            id="date"
            type="date"
            label={t('report.when.date')}
            hint={t('report.when.hint')}
            max={today()}
            value={draft.date}
            error={shown('date')}
            onChange={(e) => set('date', e.target.value)}
            onBlur={() => blur('date')}
          />
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">5</span> {t('report.category.legend')}
          </legend>
          <CategorySelect
            id="category"
            items={cats.data}
            loading={cats.loading}
            value={draft.category}
            onChange={(v) => set('category', v)}
            hint={t('report.category.hint')}
            emptyLabel={t('report.category.unknown')}
          />
        </fieldset>
        <SimilarComplaints regionCode={region} categoryCode={draft.category} title={draft.title} body={draft.body} />

        <fieldset className="section-box">
          <legend>
            <span className="step">6</span> {t('report.photos.legend')}
          </legend>
          <PhotoPicker id="photos" photos={photos} onChange={setPhotos} maxFiles={cfg.uploadMaxFiles} maxBytes={cfg.uploadMaxBytes} error={shown('photos')} onError={setPhotoError} />
          <p className="hint">{t('report.photos.privacy')}</p>
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">7</span> {t('report.privacy.legend')}
          </legend>
          <Checkbox id="anonymous" label={t('report.privacy.anonymous')} hint={t('report.privacy.anonymousHelp')} checked={draft.anonymous} onChange={(v) => set('anonymous', v)} />
          <Checkbox
            id="confidential"
            label={t('report.privacy.confidential')}
            hint={t('report.privacy.confidentialHelp')}
            checked={draft.confidential}
            onChange={(v) => set('confidential', v)}
          />
        </fieldset>

        <fieldset className="section-box">
          <legend>
            <span className="step">8</span> {t('report.you.legend')}
          </legend>
          {user ? (
            <p>{t('report.you.signedIn', { name: user.displayName })}</p>
          ) : (
            <>
              <p className="hint">{t('report.you.why')}</p>
              <TextField
                id="name"
                label={t('report.you.name')}
                required
                autoComplete="name"
                maxLength={120}
                value={draft.name}
                error={shown('name')}
                onChange={(e) => set('name', e.target.value)}
                onBlur={() => blur('name')}
              />
              <TextField
                id="phone"
                type="tel"
                label={t('report.you.phone')}
                hint={t('report.you.phoneHint')}
                autoComplete="tel"
                inputMode="tel"
                markOptional={false}
                value={draft.phone}
                error={shown('phone')}
                onChange={(e) => set('phone', e.target.value)}
                onBlur={() => blur('phone')}
              />
              <TextField
                id="email"
                type="email"
                label={t('report.you.email')}
                hint={t('report.you.emailHint')}
                autoComplete="email"
                markOptional={false}
                value={draft.email}
                error={shown('email')}
                onChange={(e) => set('email', e.target.value)}
                onBlur={() => blur('email')}
              />
              <p className="hint">
                {t('report.you.account')} <Link to="/masuk?next=/lapor">{t('nav.login')}</Link>
              </p>
            </>
          )}
        </fieldset>

        <CompletenessHints result={completeness.result} panelRef={completeness.panelRef} sending={sending} />
        {failure && (
          <Alert kind="error" title={t('report.failedTitle')}>
            <p>{failure}</p>
          </Alert>
        )}
        <div className="form-actions">
          <button type="submit" className="button button--large" disabled={sending} aria-describedby="send-note">
            {sending ? t('report.sending') : failure ? t('report.retry') : t('report.submit')}
          </button>
          <p id="send-note" className="hint">
            {t('report.sendNote')}
          </p>
        </div>
      </form>
    </Page>
  );
}

