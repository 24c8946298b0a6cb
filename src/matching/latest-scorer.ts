/**
 * The scorer of the latest stored model, rebuilt only when a newer model is stored: incremental
 * matching and a steward's re-clustering score pairs with whatever model the last batch left.
 */
import { createScorer, type MatchModel, type MatchSettings, type Scorer } from './engine/index.js';
import type { MatchingRepository } from './matching.repository.js';

export class LatestScorer {
  private cached: { modelId: number; scorer: Scorer } | null = null;

  constructor(private readonly settings: MatchSettings) {}

  /** null before the first model */
  async get(repo: MatchingRepository): Promise<{ modelId: number; scorer: Scorer } | null> {
    const latest = await repo.latestModelId();
    if (latest === null) return null;
    if (this.cached?.modelId !== latest) {
      const row = await repo.latestModel();
      if (!row) return null;
      this.cached = { modelId: row.id, scorer: createScorer(row.model as MatchModel, this.settings) };
    }
    return this.cached;
  }
}
