/**
 * npm run eval -- --febrl <dedup.csv> [--link <b.csv>]
 * npm run eval -- --csv <file> --truth <column> [--truth-pattern <regex>] --map given_name=col,... [--link <b.csv>]
 *                 [--country AU] [--date-order YMD|DMY|MDY]
 * npm run eval -- --sample [--customers 10000] [--seed 42]
 * Common: [--errors N] prints N false positives and N false negatives with their explanations.
 *         [--steward N] simulates N steward decisions on the review queue (most useful first,
 *         answered from the truth), re-runs with them (labels in the estimation, must-link /
 *         cannot-link in the clustering) and prints F1 before and after ([--label-prior P]: the
 *         pseudo-count of the unlabelled estimate against the labels; [--label-min K]: labels of
 *         each class a field needs; both for experiments, defaults in labels.ts).
 *
 * Runs the matching pipeline with the default settings (the model estimated from the data) and
 * prints pairwise precision, recall and F1 with their counts: readable lines, then ONE JSON line.
 */
import { parseArgs } from 'node:util';
import type { DateOrder } from '../connectors/contract.js';
import { csvDataset, FEBRL_MAPPING, parseFieldMap, type CsvMapping } from '../src/evaluation/csv-dataset.js';
import type { EvaluationDataset } from '../src/evaluation/dataset.js';
import { evaluate } from '../src/evaluation/evaluate.js';
import { sampleDataset } from '../src/evaluation/sample-dataset.js';

const USAGE = `usage:
  npm run eval -- --febrl <dedup.csv> [--link <b.csv>]
  npm run eval -- --csv <file> --truth <column> [--truth-pattern <regex>] --map field=col[+col],... [--link <b.csv>] [--country CC] [--date-order YMD|DMY|MDY]
  npm run eval -- --sample [--customers 10000] [--seed 42]
  any form: [--errors N] [--steward N [--label-prior P] [--label-min K]]`;

function main(): void {
  const { values } = parseArgs({
    options: {
      febrl: { type: 'string' },
      csv: { type: 'string' },
      link: { type: 'string' },
      truth: { type: 'string' },
      'truth-pattern': { type: 'string' },
      map: { type: 'string' },
      country: { type: 'string' },
      'date-order': { type: 'string' },
      sample: { type: 'boolean' },
      customers: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '42' },
      errors: { type: 'string', default: '0' },
      steward: { type: 'string' },
      'label-prior': { type: 'string' },
      'label-min': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }

  const started = performance.now();
  let dataset: EvaluationDataset;
  if (values.febrl) {
    dataset = csvDataset(values.febrl, FEBRL_MAPPING, { linkPath: values.link });
  } else if (values.csv) {
    if (!values.truth || !values.map) throw new UsageError('--csv needs --truth <column> and --map field=column,...');
    const dateOrder = values['date-order'];
    if (dateOrder !== undefined && !['YMD', 'DMY', 'MDY'].includes(dateOrder)) throw new UsageError('--date-order is YMD, DMY or MDY');
    const mapping: CsvMapping = {
      fields: parseFieldMap(values.map),
      truthColumn: values.truth,
      truthPattern: values['truth-pattern'] ? new RegExp(values['truth-pattern']) : undefined,
      country: values.country,
      dateOrder: dateOrder as DateOrder | undefined,
    };
    dataset = csvDataset(values.csv, mapping, { linkPath: values.link });
  } else if (values.sample) {
    const customers = positiveInteger(values.customers, '--customers');
    const seed = positiveInteger(values.seed, '--seed');
    dataset = sampleDataset({ customers, seed });
  } else {
    throw new UsageError('one of --febrl, --csv or --sample is required');
  }
  const loadMs = performance.now() - started;

  const steward =
    values.steward === undefined
      ? undefined
      : {
          decisions: positiveInteger(values.steward, '--steward', true),
          labelPriorPairs: values['label-prior'] === undefined ? undefined : positiveInteger(values['label-prior'], '--label-prior', true),
          labelMinPerClass: values['label-min'] === undefined ? undefined : positiveInteger(values['label-min'], '--label-min'),
        };
  const result = evaluate(dataset, {
    errorExamples: positiveInteger(values.errors, '--errors', true),
    steward,
    onProgress: (stage, done, total) => {
      if (done === total && process.stderr.isTTY) process.stderr.write(`  ${stage} done\n`);
    },
  });

  const m = result.metrics;
  const s = result.batch;
  console.log(`dataset       ${result.dataset}${result.linkage ? ' (linkage: cross-file pairs only)' : ''}`);
  console.log(`records       ${result.records}${result.excluded ? ` (${result.excluded} quarantined rows left out)` : ''}`);
  console.log(`precision     ${m.precision.toFixed(5)}  (${m.truePositives} of ${m.predictedPairs} predicted pairs are true)`);
  console.log(`recall        ${m.recall.toFixed(5)}  (${m.truePositives} of ${m.truePairs} true pairs found)`);
  console.log(`F1            ${m.f1.toFixed(5)}`);
  console.log(`errors        ${m.falsePositives} false positives, ${m.falseNegatives} false negatives`);
  console.log(`review queue  ${result.reviewPairs} pairs between the thresholds`);
  console.log(`blocking      ${s.pairsCompared} pairs compared in ${s.blocks} blocks, ${s.oversized.length} oversized blocks skipped`);
  console.log(`EM            ${s.emIterations} iterations, ${result.emConverged ? 'converged' : 'NOT converged'}`);
  console.log(
    `time          load ${loadMs.toFixed(0)} ms, blocking ${s.timingsMs.blocking.toFixed(0)}, comparing ${s.timingsMs.comparing.toFixed(0)}, ` +
      `estimating ${s.timingsMs.estimating.toFixed(0)}, scoring ${s.timingsMs.scoring.toFixed(0)}, clustering ${s.timingsMs.clustering.toFixed(0)} ms; ` +
      `scorer ${result.scorerPairsPerSecond} pairs/s (compare + weigh)`,
  );
  const st = result.steward;
  if (st) {
    const line = (name: string, x: typeof st.before) =>
      console.log(`  ${name.padEnd(17)} F1 ${x.f1.toFixed(5)}  precision ${x.precision.toFixed(5)}  recall ${x.recall.toFixed(5)}  (${x.falsePositives} FP, ${x.falseNegatives} FN)`);
    console.log(`steward       ${st.decisions} decisions (${st.matches} MATCH, ${st.nonMatches} NOT_A_MATCH) of a review queue of ${st.queue}, in ${st.timingsMs.toFixed(0)} ms`);
    line('before', st.before);
    line('labels (model)', st.modelOnly);
    line('constraints', st.constraintsOnly);
    line('after (both)', st.after);
    console.log(`  m/u from labels  ${st.labelledFields.length > 0 ? st.labelledFields.join(', ') : 'no field (too few labels of each class)'}`);
    const t = st.thresholds;
    console.log(
      `  thresholds the labels imply: auto-link ${t.autoLinkProbability.toFixed(4)}, review ${t.reviewProbability.toFixed(4)}` +
        (t.kept.length > 0 ? ` (kept: ${t.kept.join('; ')})` : ''),
    );
  }
  for (const e of result.errors) {
    console.log(`\n${e.kind}  weight ${e.explanation.weight.toFixed(2)}  p=${e.explanation.probability.toFixed(4)}`);
    for (const t of e.explanation.terms) {
      if (t.field === 'prior' || t.level !== 'null') console.log(`  ${t.field.padEnd(12)} ${t.level.padEnd(24)} ${t.weight.toFixed(2).padStart(7)}  ${t.left ?? '-'}  |  ${t.right ?? '-'}`);
    }
  }
  console.log(
    JSON.stringify({
      dataset: result.dataset,
      linkage: result.linkage,
      records: result.records,
      excluded: result.excluded,
      ...m,
      reviewPairs: result.reviewPairs,
      pairsCompared: s.pairsCompared,
      blocks: s.blocks,
      oversizedBlocks: s.oversized.length,
      emIterations: s.emIterations,
      emConverged: result.emConverged,
      scorerPairsPerSecond: result.scorerPairsPerSecond,
      ...(st
        ? {
            stewardDecisions: st.decisions,
            stewardQueue: st.queue,
            stewardMatches: st.matches,
            f1Before: st.before.f1,
            f1After: st.after.f1,
            f1ModelOnly: st.modelOnly.f1,
            f1ConstraintsOnly: st.constraintsOnly.f1,
            labelledFields: st.labelledFields,
            pickedThresholds: { autoLinkProbability: st.thresholds.autoLinkProbability, reviewProbability: st.thresholds.reviewProbability, kept: st.thresholds.kept },
            stewardMs: Math.round(st.timingsMs),
          }
        : {}),
      timingsMs: { load: Math.round(loadMs), ...Object.fromEntries(Object.entries(s.timingsMs).map(([k, v]) => [k, Math.round(v)])) },
    }),
  );
}

class UsageError extends Error {}

function positiveInteger(text: string, flag: string, zeroOk = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (zeroOk ? 0 : 1)) throw new UsageError(`${flag} must be a ${zeroOk ? 'non-negative' : 'positive'} integer`);
  return n;
}

try {
  main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else {
    // bad data (a missing file or column, an unparsable row) is the user's to fix: no stack
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
