/** Matching and survivorship settings of the hub: the library defaults, with the thresholds from the environment. */
import type { Config } from '../config/config.js';
import { DEFAULT_SURVIVORSHIP_POLICY } from '../golden/survivorship/survivorship-policy.js';
import { DEFAULT_MATCH_SETTINGS } from './engine/index.js';
import type { ResolutionSettings } from './incremental-match.service.js';

export function resolutionSettings(config: Config): ResolutionSettings {
  return {
    match: {
      ...DEFAULT_MATCH_SETTINGS,
      autoLinkProbability: config.MATCH_AUTO_LINK_PROBABILITY ?? DEFAULT_MATCH_SETTINGS.autoLinkProbability,
      reviewProbability: config.MATCH_REVIEW_PROBABILITY ?? DEFAULT_MATCH_SETTINGS.reviewProbability,
      maxBlockSize: config.MATCH_MAX_BLOCK_SIZE ?? DEFAULT_MATCH_SETTINGS.maxBlockSize,
    },
    survivorship: DEFAULT_SURVIVORSHIP_POLICY,
  };
}
