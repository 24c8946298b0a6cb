/** The query limit rules on their own: what counts towards depth, aliases and cost. */
import { buildSchema, parse, validate, type GraphQLError } from 'graphql';
import { maxAliasesRule, maxCostRule, maxDepthRule } from '../../src/api/limits';

const schema = buildSchema(`
  type Query { customers(first: Int = 20): [Customer!]! customer(id: ID!): Customer me: Customer }
  type Customer { id: ID! name: String accounts(first: Int): [Account!]! friends: [Customer!]! }
  type Account { id: ID! balance: Float transactions(first: Int): [Transaction!]! }
  type Transaction { id: ID! amount: Float }
`);

const errors = (query: string, rule: ReturnType<typeof maxDepthRule>): readonly GraphQLError[] => validate(schema, parse(query), [rule]);
const codes = (query: string, rule: ReturnType<typeof maxDepthRule>) => errors(query, rule).map((e) => e.extensions.code);

describe('maxDepthRule', () => {
  const nested = '{ me { friends { friends { id } } } }'; // depth 4

  it('passes at the limit and refuses one deeper', () => {
    expect(codes(nested, maxDepthRule(4))).toEqual([]);
    expect(codes(nested, maxDepthRule(3))).toEqual(['QUERY_TOO_DEEP']);
    expect(errors(nested, maxDepthRule(3))[0].message).toBe('query depth 4 exceeds the limit of 3');
  });

  it('follows fragment spreads and inline fragments', () => {
    const query = `{ me { ...F } } fragment F on Customer { friends { ... on Customer { friends { id } } } }`;
    expect(codes(query, maxDepthRule(3))).toEqual(['QUERY_TOO_DEEP']);
    expect(codes(query, maxDepthRule(4))).toEqual([]);
  });

  it('stops at a fragment cycle instead of recursing forever', () => {
    const query = `{ me { ...A } } fragment A on Customer { friends { ...B } } fragment B on Customer { friends { ...A } }`;
    expect(codes(query, maxDepthRule(10))).toEqual([]); // graphql-js's NoFragmentCycles refuses it
    expect(codes(query, maxDepthRule(2))).toEqual(['QUERY_TOO_DEEP']);
  });

  it('does not count introspection', () => {
    const query = '{ __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }';
    expect(codes(query, maxDepthRule(2))).toEqual([]);
  });
});

describe('maxAliasesRule', () => {
  it('counts aliases in the operation and in each use of a fragment', () => {
    const query = `{ a: me { ...F } b: me { ...F } } fragment F on Customer { x: id y: name }`;
    expect(codes(query, maxAliasesRule(6))).toEqual([]);
    expect(codes(query, maxAliasesRule(5))).toEqual(['TOO_MANY_ALIASES']);
  });
});

describe('maxCostRule', () => {
  it('costs 1 per field and multiplies a field’s selections by its `first`', () => {
    // customers: 1 + 10 × (id 1 + accounts (1 + 5 × (id 1 + balance 1))) = 1 + 10 × 12
    const query = '{ customers(first: 10) { id accounts(first: 5) { id balance } } }';
    expect(codes(query, maxCostRule(121))).toEqual([]);
    expect(errors(query, maxCostRule(120))[0].message).toBe('query cost 121 exceeds the limit of 120');
  });

  it('uses the schema default of `first`, and 1 for lists without `first`', () => {
    expect(codes('{ customers { id } }', maxCostRule(21))).toEqual([]); // 1 + 20 × 1
    expect(codes('{ customers { id } }', maxCostRule(20))).toEqual(['QUERY_TOO_COSTLY']);
    expect(codes('{ me { friends { id name } } }', maxCostRule(4))).toEqual([]); // 1 + (1 + 2)
  });

  it('reads `first` from variables', () => {
    const query = 'query Q($n: Int) { customers(first: $n) { id } }';
    expect(codes(query, maxCostRule(101, { n: 100 }))).toEqual([]);
    expect(codes(query, maxCostRule(100, { n: 100 }))).toEqual(['QUERY_TOO_COSTLY']);
    expect(codes(query, maxCostRule(21, {}))).toEqual([]); // unset: the schema default, 20
  });

  it('counts a fragment each time it is spread', () => {
    const query = `{ a: customers(first: 10) { ...C } b: customers(first: 10) { ...C } } fragment C on Customer { id name }`;
    expect(codes(query, maxCostRule(42))).toEqual([]);
    expect(codes(query, maxCostRule(41))).toEqual(['QUERY_TOO_COSTLY']);
  });
});
