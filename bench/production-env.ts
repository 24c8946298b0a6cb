/**
 * Import first: the hub is deployed with NODE_ENV=production, and libraries read it once when
 * they load (graphql 16 runs development-only `instanceOf` checks on every type test otherwise).
 * An explicit NODE_ENV in the environment is kept.
 */
process.env.NODE_ENV ??= 'production';
