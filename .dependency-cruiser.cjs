/**
 * The layout rules of the hub, checked by dependency-cruiser inside `npm test`
 * (test/layout/dependency-rules.test.ts). Why each rule exists is in its comment.
 */
// database, queue, network and file system: as resolved (a package's folder, or a core module's name)
const IO_MODULES = '((^|/)node_modules/(pg|pg-copy-streams|@mikro-orm/[^/]+|bullmq|ioredis|express|@apollo/server)/|^(node:)?(fs|net|http|https|child_process|worker_threads)$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment:
        'An import cycle (type-only imports included) makes a module impossible to understand, test or load on its own; ' +
        'the request context and the policy gate depend on narrow interfaces instead.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'pure-domain-has-no-io',
      comment:
        'Standardization, matching, survivorship and the data-quality checks are pure so that the batch job, the incremental worker, the evaluation tool and ' +
        'the API share them and tests need no services: they import no database, queue, network or file system module.',
      severity: 'error',
      from: { path: '^src/(standardize|matching/engine|golden/survivorship|quality/checks)/' },
      to: { dependencyTypesNot: ['type-only'], path: IO_MODULES },
    },
    {
      name: 'pure-domain-imports-pure-domain',
      comment: 'Pure code may import only pure code (and libraries): never a service, repository, resolver or job.',
      severity: 'error',
      from: { path: '^src/(standardize|matching/engine|golden/survivorship|quality/checks)/' },
      to: { path: '^(src/(?!standardize/|matching/engine/|golden/survivorship/|quality/checks/|types/)|jobs/|connectors/(?!contract\\.ts))' },
    },
    {
      name: 'hub-does-not-import-the-sample',
      comment:
        'The sample source systems and the evaluation tool are not the hub: only the demo start (src/app.ts) wires the sample in, ' +
        'so a bank deploying the hub runs none of their code.',
      severity: 'error',
      from: { path: '^(src|connectors|jobs)/', pathNot: '^src/(sample|evaluation)/|^src/app\\.ts$' },
      to: { path: '^src/(sample|evaluation)/' },
    },
    {
      name: 'entity-only-in-its-folder',
      comment:
        'A table belongs to one capability (test/layout/table-owners.ts): only its folder uses its *.entity.ts for anything but types, ' +
        'so every read and write of the table goes through the owner\'s repository. src/orm.ts (the composition root, beside src/app.ts) registers all entities with the ORM.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/.*\\.entity\\.ts$', pathNot: '^src/$1/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'entity-only-in-its-folder-outside-capabilities',
      comment:
        'The same for code outside the capability folders (src/app.ts, jobs/, scripts/): it uses entities as types only; ' +
        'src/orm.ts alone registers them with the ORM, so src/db (infrastructure) imports no capability.',
      severity: 'error',
      from: { path: '^(src/[^/]+$|jobs/|scripts/|connectors/)', pathNot: '^src/orm\\.ts$' },
      to: { path: '\\.entity\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'connectors-know-no-hub',
      comment: 'Connectors turn a source system\'s rows into the contract\'s records; hub logic stays in src/.',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(src|jobs)/', pathNot: '^src/(standardize|errors\\.ts)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
