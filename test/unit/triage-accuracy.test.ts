// Routing suggestions, measured: train on 80% of a generated labelled corpus, check on the other
// 20%. The figures are printed and recorded in docs/benchmarks.md ("Routing suggestions").
import { describe, expect, it } from 'vitest';
import { predict, trainTriage } from '../../server/modules/triage/classifier';
import { generateCorpus } from '../support/triage-corpus';
import { DEMO_COMPLAINTS } from '../../server/seed/demo-complaints';

describe('routing suggestion accuracy on a held-out generated corpus', () => {
  const corpus = generateCorpus(80, 11);
  const cut = Math.floor(corpus.length * 0.8);
  const trainSet = corpus.slice(0, cut);
  const test = corpus.slice(cut);
  const started = performance.now();
  const model = trainTriage(
    trainSet.map((c) => ({ text: `${c.title} ${c.body}`, category: c.category, units: [{ label: c.unit, weight: 1 }] })),
    new Date('2026-01-01T00:00:00Z'),
  );
  const trainMs = performance.now() - started;

  const measure = (head: 'category' | 'unit') => {
    let top1 = 0;
    let top3 = 0;
    for (const c of test) {
      const truth = head === 'category' ? c.category : c.unit;
      const p = predict(model[head], `${c.title} ${c.body}`, 3).map((s) => s.label);
      if (p[0] === truth) top1++;
      if (p.includes(truth)) top3++;
    }
    return { top1: top1 / test.length, top3: top3 / test.length };
  };

  it('finds the category and the destination unit in its top 3 for at least 85% of unseen complaints', () => {
    const cat = measure('category');
    const unit = measure('unit');
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(
      `triage accuracy: ${corpus.length} complaints (${trainSet.length} train / ${test.length} test), ${model.category.labels.length} categories, ${model.unit.labels.length} units, trained in ${trainMs.toFixed(0)} ms\n` +
        `  category top-1 ${pct(cat.top1)} top-3 ${pct(cat.top3)}\n  unit     top-1 ${pct(unit.top1)} top-3 ${pct(unit.top3)}`,
    );
    expect(cat.top3).toBeGreaterThanOrEqual(0.85);
    expect(unit.top3).toBeGreaterThanOrEqual(0.85);
  });

  it('also reports, without a threshold, how the generated-corpus model does on the hand-written demo complaints', () => {
    let cat3 = 0;
    let unit3 = 0;
    for (const d of DEMO_COMPLAINTS) {
      const text = `${d.title} ${d.body}`;
      if (predict(model.category, text, 3).some((x) => x.label === d.categoryCode)) cat3++;
      if (predict(model.unit, text, 3).some((x) => x.label === d.unitSlug)) unit3++;
    }
    const pct = (x: number) => `${((x / DEMO_COMPLAINTS.length) * 100).toFixed(1)}%`;
    console.log(`demo complaints (${DEMO_COMPLAINTS.length}, hand-written, never trained on): category top-3 ${pct(cat3)}, unit top-3 ${pct(unit3)}`);
    expect(DEMO_COMPLAINTS.length).toBeGreaterThan(0);
  });

  it('is deterministic and its model survives JSON', () => {
    expect(generateCorpus(5, 3)).toEqual(generateCorpus(5, 3));
    const copy = JSON.parse(JSON.stringify(model));
    expect(predict(copy.unit, test[0]!.body)).toEqual(predict(model.unit, test[0]!.body));
  });
});
