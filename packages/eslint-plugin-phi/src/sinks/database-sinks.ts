import type { Sink } from './sink.js';

const destination = 'the database';

/**
 * The database calls that send values to a database: statement parameters, SQL text and the data
 * of ORM writes. Queries count as well as writes, because a plaintext PHI parameter of a lookup
 * reaches the database server just the same. Exact lookups go through the blind index instead.
 */
export const databaseSinks: readonly Sink[] = [
  {
    library: 'better-sqlite3',
    destination,
    modules: ['better-sqlite3'],
    object: 'Statement',
    methods: ['all', 'bind', 'get', 'iterate', 'run'],
  },
  {
    library: 'better-sqlite3',
    destination,
    modules: ['better-sqlite3'],
    object: 'Database',
    methods: ['exec', 'prepare'],
  },
  { library: 'pg', destination, modules: ['pg', 'pg-pool'], methods: ['query'] },
  { library: 'mysql2', destination, modules: ['mysql2', 'mysql'], methods: ['execute', 'query'] },
  {
    library: 'knex',
    destination,
    modules: ['knex'],
    methods: [
      'andWhere',
      'insert',
      'merge',
      'orWhere',
      'raw',
      'update',
      'upsert',
      'where',
      'whereIn',
      'whereNot',
    ],
  },
  {
    library: 'Prisma',
    destination,
    modules: ['@prisma/client', '.prisma/client'],
    methods: [
      '$executeRaw',
      '$executeRawUnsafe',
      '$queryRaw',
      '$queryRawUnsafe',
      'create',
      'createMany',
      'createManyAndReturn',
      'update',
      'updateMany',
      'upsert',
    ],
  },
  {
    library: 'TypeORM',
    destination,
    modules: ['typeorm'],
    methods: ['insert', 'save', 'update', 'upsert'],
  },
  {
    library: 'Sequelize',
    destination,
    modules: ['sequelize', 'sequelize-typescript'],
    methods: ['bulkCreate', 'create', 'update', 'upsert'],
  },
  {
    library: 'MongoDB',
    destination,
    modules: ['mongodb'],
    methods: [
      'bulkWrite',
      'findOneAndReplace',
      'findOneAndUpdate',
      'insertMany',
      'insertOne',
      'replaceOne',
      'updateMany',
      'updateOne',
    ],
  },
];
