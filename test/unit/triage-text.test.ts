// The triage text functions without a database: tokeniser and stemmer, the classifier, spam and
// quality scores.
import { describe, expect, it } from 'vitest';
import { features, predict, stem, tokenize, train, trainTriage } from '../../server/modules/triage/classifier';
import { qualityScore, spamScore, SPAM_THRESHOLD } from '../../server/modules/triage/scoring';
import { orQuery, relativeLabel } from '../../server/modules/triage';

describe('tokeniser and stemmer', () => {
  it('strips common prefixes and suffixes but keeps short words', () => {
    expect(stem('perbaikan')).toBe('baik');
    expect(stem('dilaporkan')).toBe('lapor');
    expect(stem('berlubang')).toBe('lubang');
    expect(stem('kerusakan')).toBe('rusak');
    expect(stem('mengalir')).toBe('alir');
    expect(stem('menyapu')).toBe('sapu');
    expect(stem('jalannya')).toBe('jalan');
    expect(stem('lampu')).toBe('lampu');
    expect(stem('air')).toBe('air');
  });

  it('lower-cases, expands abbreviations, drops stop words and numbers', () => {
    expect(tokenize('Jln yg RUSAK di depan SDN 3, tdk diperbaiki!!')).toEqual(['rusak', 'sdn', 'baik']);
    expect(tokenize('Lampu jalan mati sejak 12 hari')).toEqual(['lampu', 'mati']);
    expect(features('lampu mati total')).toEqual(['lampu', 'mati', 'total', 'lampu_mati', 'mati_total']);
  });
});

describe('classifier', () => {
  const examples = [
    { text: 'jalan berlubang aspal rusak', label: 'pupr' },
    { text: 'jalan rusak parah berlubang', label: 'pupr' },
    { text: 'puskesmas dokter tidak ada antrean', label: 'dinkes' },
    { text: 'obat puskesmas kosong pasien', label: 'dinkes' },
    { text: 'lampu jalan mati gelap', label: 'dishub' },
  ];

  it('ranks labels by probability, summing to at most one', () => {
    const m = train(examples);
    const p = predict(m, 'Jalan di desa kami berlubang', 3);
    expect(p[0]!.label).toBe('pupr');
    expect(p.reduce((s, x) => s + x.confidence, 0)).toBeLessThanOrEqual(1.000001);
    expect(predict(m, 'puskesmas tanpa dokter')[0]!.label).toBe('dinkes');
  });

  it('negative examples (returns) lower the label for that kind of text', () => {
    const before = predict(train(examples), 'lampu jalan mati', 3).find((x) => x.label === 'dishub')!.confidence;
    const after = predict(train([...examples, { text: 'lampu jalan mati', label: 'dishub', weight: -1.5 }]), 'lampu jalan mati', 3).find((x) => x.label === 'dishub')?.confidence ?? 0;
    expect(after).toBeLessThan(before);
  });

  it('an empty history gives no suggestions rather than failing', () => {
    const m = trainTriage([], new Date(0));
    expect(predict(m.unit, 'jalan rusak')).toEqual([]);
  });

  it('labels units relative to their government', () => {
    expect(relativeLabel('51.08.pupr', '51.08')).toBe('pupr');
    expect(relativeLabel('51.08.pupr.bina-marga', '51.08')).toBe('pupr.bina-marga');
    expect(relativeLabel('kemenkes', '51.08')).toBe('=kemenkes');
  });

  it('builds OR full-text queries from letters only', () => {
    expect(orQuery("Jalan rusak! (x) ' OR 1=1 --")).toBe('jalan | rusak');
  });
});

describe('spam score', () => {
  it('flags known Indonesian spam phrases, links and shouting', () => {
    const s = spamScore({ title: 'PINJAMAN ONLINE CEPAT CAIR', body: 'Slot gacor! klik link berikut https://bit.ly/abc' });
    expect(s.score).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
    expect(s.reasons).toEqual(expect.arrayContaining(['spam_phrase', 'links']));
    expect(spamScore({ title: 'DANA CEPAT CAIR', body: 'HUBUNGI KAMI SEKARANG JUGA UNTUK DANA CEPAT CAIR TANPA JAMINAN' }).reasons).toEqual(['spam_phrase', 'all_caps']);
  });

  it('leaves an ordinary complaint alone, even with a link or one re-send', () => {
    expect(spamScore({ title: 'Jalan rusak di Jl. Pramuka', body: 'Foto ada di https://drive.example.id/x. Mohon diperbaiki.' }).score).toBeLessThan(SPAM_THRESHOLD);
    expect(spamScore({ title: 'Jalan rusak', body: 'Jalan rusak parah.', repeats: 1 }).score).toBeLessThan(SPAM_THRESHOLD);
  });

  it('a flood of the same text plus a link, or a blocked sender, is spam', () => {
    expect(spamScore({ title: 'Info', body: 'Lihat www.contoh.id', repeats: 3 }).score).toBeGreaterThanOrEqual(SPAM_THRESHOLD);
    expect(spamScore({ title: 'Jalan rusak', body: 'Jalan rusak parah.', blocked: true }).score).toBe(1);
  });
});

describe('quality score', () => {
  it('a complete complaint has nothing missing', () => {
    const q = qualityScore({
      title: 'Lampu jalan mati di Jl. Ngurah Rai',
      body: 'Sejak tiga hari lampu penerangan jalan di depan SD 1 Banjar Jawa mati, jalan gelap dan rawan kecelakaan malam hari.',
      categoryCode: 'infrastruktur.pju',
    });
    expect(q).toEqual({ score: 1, missing: [] });
  });

  it('says in plain Indonesian what is missing', () => {
    const q = qualityScore({ title: 'Rusak', body: 'Tolong diperbaiki.' });
    expect(q.missing.map((m) => m.field)).toEqual(['title', 'body', 'location', 'time', 'category']);
    expect(q.missing.find((m) => m.field === 'location')!.message).toBe('Sebutkan lokasi kejadian (nama jalan, desa/kelurahan).');
    expect(q.score).toBeLessThan(0.2);
  });

  it('an address or a date given in the form counts', () => {
    const q = qualityScore({ title: 'Sampah menumpuk di TPS', body: 'Sampah menumpuk dan berbau, truk tidak datang.', address: 'Banjar Paketan', occurredAt: '2026-07-01T00:00:00Z', categoryCode: 'lingkungan.sampah' });
    expect(q.missing.map((m) => m.field)).toEqual(['body']);
  });
});
