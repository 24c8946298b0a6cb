/**
 * The sample data generator: deterministic synthetic customers for the three sample source
 * systems, with realistic noise and the ground truth. See src/sample/README.md.
 */
export { SAMPLE_EPOCH, generateSample, type GenerateSampleOptions } from './generate-sample.js';
export { countSample, writeSample, type SampleCounts, type WriteMethod, type WriteSampleOptions } from './sample.writer.js';
export { updateSample, type SampleChangeCounts, type UpdateSampleOptions, type UpdateSampleResult } from './sample.updater.js';
export { NOISE_RATES } from './noise.js';
export type { Person } from './person.js';
export type { GeneratedSample, SampleSystem, SourcePersonRow } from './rows.js';
