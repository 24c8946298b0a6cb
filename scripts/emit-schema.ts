/**
 * Writes the GraphQL SDL built from the resolvers to schema/schema.graphql (run by `npm run
 * build`). test/schema/generated-files.test.ts fails when the committed file is stale.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printHubSchema } from '../src/server/schema.js';

const SCHEMA_FILE = join(__dirname, '..', '..', 'schema', 'schema.graphql');

printHubSchema()
  .then((sdl) => writeFileSync(SCHEMA_FILE, sdl))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
