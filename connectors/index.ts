/**
 * What the hub may import from `connectors/`: the contract, the three connectors' configuration
 * types and `createConnector`. Mapping and connector classes stay behind this surface.
 */
import { CardsConnector, type CardsConfig } from './cards/cards.connector.js';
import type { Connector, SourceSystem } from './contract.js';
import { CoreBankingConnector, type CoreBankingConfig } from './core-banking/core-banking.connector.js';
import { LoansConnector, type LoansConfig } from './loans/loans.connector.js';

export * from './contract.js';
export type { CardsConfig, CoreBankingConfig, LoansConfig };

export interface ConnectorConfigs {
  core_banking: CoreBankingConfig;
  cards: CardsConfig;
  loans: LoansConfig;
}

/** A connector for one source system; throws on a malformed config (bad schema name, URL). */
export function createConnector<S extends SourceSystem>(system: S, config: ConnectorConfigs[S]): Connector {
  switch (system) {
    case 'core_banking':
      return new CoreBankingConnector(config as CoreBankingConfig);
    case 'cards':
      return new CardsConnector(config as CardsConfig);
    case 'loans':
      return new LoansConnector(config as LoansConfig);
    default:
      throw new Error(`unknown source system: ${String(system)}`);
  }
}

/** One connector per source system, keyed by system, in the order of SOURCE_SYSTEMS. */
export function createConnectors(configs: ConnectorConfigs): Map<SourceSystem, Connector> {
  return new Map<SourceSystem, Connector>([
    ['core_banking', createConnector('core_banking', configs.core_banking)],
    ['cards', createConnector('cards', configs.cards)],
    ['loans', createConnector('loans', configs.loans)],
  ]);
}
