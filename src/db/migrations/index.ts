/** Every migration in order. `npm run migration:create` writes a new file; add it here. */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123111415 } from './Migration20261123111415.js';
import { Migration20261123141959 } from './Migration20261123141959.js';
import { Migration20261123153000 } from './Migration20261123153000.js';
import { Migration20261123160000 } from './Migration20261123160000.js';
import { Migration20261123170000 } from './Migration20261123170000.js';
import { Migration20261123180000 } from './Migration20261123180000.js';
import { Migration20261123190000 } from './Migration20261123190000.js';
import { Migration20261202000000 } from './Migration20261202000000.js';
import { Migration20261202010000 } from './Migration20261202010000.js';
import { Migration20261202020000 } from './Migration20261202020000.js';
import { Migration20261202040000 } from './Migration20261202040000.js';
import { Migration20261202300000 } from './Migration20261202300000.js';
import { Migration20261202400000 } from './Migration20261202400000.js';
import { Migration20261202500000 } from './Migration20261202500000.js';
import { Migration20261202600000 } from './Migration20261202600000.js';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123111415', class: Migration20261123111415 },
  { name: 'Migration20261123141959', class: Migration20261123141959 },
  { name: 'Migration20261123153000', class: Migration20261123153000 },
  { name: 'Migration20261123160000', class: Migration20261123160000 },
  { name: 'Migration20261123170000', class: Migration20261123170000 },
  { name: 'Migration20261123180000', class: Migration20261123180000 },
  { name: 'Migration20261123190000', class: Migration20261123190000 },
  { name: 'Migration20261202000000', class: Migration20261202000000 },
  { name: 'Migration20261202010000', class: Migration20261202010000 },
  { name: 'Migration20261202020000', class: Migration20261202020000 },
  { name: 'Migration20261202040000', class: Migration20261202040000 },
  { name: 'Migration20261202300000', class: Migration20261202300000 },
  { name: 'Migration20261202400000', class: Migration20261202400000 },
  { name: 'Migration20261202500000', class: Migration20261202500000 },
  { name: 'Migration20261202600000', class: Migration20261202600000 },
];
