/**
 * Query limits: depth, aliases and cost, as graphql-js validation rules, checked by an Apollo
 * plugin once the operation is resolved. They run there rather than in Apollo's
 * `validationRules` because the cost depends on variable values (`first: $n`), which validation
 * never sees. A refused query answers HTTP 400 with QUERY_TOO_DEEP, TOO_MANY_ALIASES or
 * QUERY_TOO_COSTLY; syntax errors never reach this and stay GRAPHQL_PARSE_FAILED.
 *
 * Fragment spreads count where they are used. Fragment cycles are refused by graphql-js's own
 * NoFragmentCycles rule before this runs; the walk below still stops at a cycle so it can never
 * recurse forever.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  validate,
  valueFromAST,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  /** deepest field nesting, the root field being 1 */
  maxDepth: number;
  /** aliased fields in one operation */
  maxAliases: number;
  /** fields, each 1, a field with `first: n` multiplying what it selects by n */
  maxCost: number;
}

// cost 20,000: the full customer view (schema/operations/customers.graphql) for a page of 100 costs about 10,200
export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 10, maxAliases: 30, maxCost: 20_000 };

export type QueryLimitCode = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'QUERY_TOO_COSTLY';
export const QUERY_LIMIT_CODES: readonly QueryLimitCode[] = ['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES', 'QUERY_TOO_COSTLY'];

function limitError(code: QueryLimitCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

// Introspection is off in production and bounded by the schema; its standard query is deeper
// than any data query should be, so it does not count towards depth.
const isIntrospectionRoot = (field: FieldNode) => field.name.value === '__schema' || field.name.value === '__type';

/**
 * Folds a value over an operation's selections, following fragment spreads (memoised per
 * fragment, a cycle counting as `empty`). `field` combines one field with the folded value of its
 * own selections; `combine` joins siblings.
 */
function selectionFolder<T>(
  context: ValidationContext,
  empty: T,
  combine: (a: T, b: T) => T,
  field: (node: FieldNode, parent: GraphQLCompositeType | undefined, inner: (type: GraphQLCompositeType | undefined) => T) => T,
) {
  const fragments = new Map<string, T>();
  const inProgress = new Set<string>();
  const fold = (set: SelectionSetNode | undefined, parent: GraphQLCompositeType | undefined): T => {
    let total = empty;
    for (const selection of set?.selections ?? []) {
      if (selection.kind === 'Field') {
        total = combine(total, field(selection, parent, (type) => fold(selection.selectionSet, type)));
      } else if (selection.kind === 'InlineFragment') {
        const type = selection.typeCondition ? typeNamed(context, selection.typeCondition.name.value) : parent;
        total = combine(total, fold(selection.selectionSet, type));
      } else {
        const name = selection.name.value;
        if (!fragments.has(name)) {
          const fragment = context.getFragment(name);
          if (!fragment || inProgress.has(name)) continue;
          inProgress.add(name);
          fragments.set(name, fold(fragment.selectionSet, typeNamed(context, fragment.typeCondition.name.value)));
          inProgress.delete(name);
        }
        total = combine(total, fragments.get(name)!);
      }
    }
    return total;
  };
  return fold;
}

function typeNamed(context: ValidationContext, name: string): GraphQLCompositeType | undefined {
  const type = context.getSchema().getType(name);
  return type && isCompositeType(type) ? type : undefined;
}

function fieldDefinition(parent: GraphQLCompositeType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

function childType(definition: GraphQLField<unknown, unknown> | undefined): GraphQLCompositeType | undefined {
  const type = definition && getNamedType(definition.type);
  return type && isCompositeType(type) ? type : undefined;
}

function perOperation(context: ValidationContext, measure: (set: SelectionSetNode, root: GraphQLCompositeType | undefined) => void): ASTVisitor {
  return {
    OperationDefinition(node) {
      const schema = context.getSchema();
      const root = node.operation === 'query' ? schema.getQueryType() : node.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
      measure(node.selectionSet, root ?? undefined);
      return false; // the fold walks the selections itself
    },
  };
}

export function maxDepthRule(maxDepth: number): ValidationRule {
  return (context) => {
    const depth = selectionFolder<number>(context, 0, Math.max, (node, parent, inner) =>
      isIntrospectionRoot(node) ? 0 : 1 + inner(childType(fieldDefinition(parent, node.name.value))),
    );
    return perOperation(context, (set, root) => {
      const found = depth(set, root);
      if (found > maxDepth) context.reportError(limitError('QUERY_TOO_DEEP', `query depth ${found} exceeds the limit of ${maxDepth}`));
    });
  };
}

export function maxAliasesRule(maxAliases: number): ValidationRule {
  return (context) => {
    const aliases = selectionFolder<number>(context, 0, (a, b) => a + b, (node, parent, inner) =>
      (node.alias ? 1 : 0) + inner(childType(fieldDefinition(parent, node.name.value))),
    );
    return perOperation(context, (set, root) => {
      const found = aliases(set, root);
      if (found > maxAliases) context.reportError(limitError('TOO_MANY_ALIASES', `${found} aliases exceed the limit of ${maxAliases}`));
    });
  };
}

/**
 * The page size a field asks for: its `first` argument (a literal, or the variable's value), else
 * the schema's default for `first`, else 1.
 */
function pageSize(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined, variables: Record<string, unknown>): number {
  const argument = definition?.args.find((a) => a.name === 'first');
  const given = node.arguments?.find((a) => a.name.value === 'first');
  let value: unknown = argument?.defaultValue;
  if (given && argument) value = valueFromAST(given.value, argument.type, variables) ?? value;
  else if (given?.value.kind === 'IntValue') value = Number(given.value.value);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 1;
}

export function maxCostRule(maxCost: number, variables: Record<string, unknown> = {}): ValidationRule {
  return (context) => {
    const cost = selectionFolder<number>(context, 0, (a, b) => a + b, (node, parent, inner) => {
      const definition = fieldDefinition(parent, node.name.value);
      return 1 + pageSize(node, definition, variables) * inner(childType(definition));
    });
    return perOperation(context, (set, root) => {
      const found = cost(set, root);
      if (found > maxCost) context.reportError(limitError('QUERY_TOO_COSTLY', `query cost ${found} exceeds the limit of ${maxCost}`));
    });
  };
}

/** Refuses, before execution, an operation over any limit (the first limit broken is reported). */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  // Depth and aliases depend on the document only, and Apollo hands the same parsed document to
  // every request that sends the same text, so their verdict is kept per document (they cost
  // about 5 % of the API's CPU under load, bench/customer-view); cost depends on the variables.
  const verdicts = new WeakMap<DocumentNode, GraphQLError | null>();
  const shapeRules = [maxDepthRule(limits.maxDepth), maxAliasesRule(limits.maxAliases)];
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          let verdict = verdicts.get(document);
          if (verdict === undefined) verdicts.set(document, (verdict = validate(schema, document, shapeRules)[0] ?? null));
          if (verdict) throw verdict;
          const [tooCostly] = validate(schema, document, [maxCostRule(limits.maxCost, request.variables ?? {})]);
          if (tooCostly) throw tooCostly;
        },
      };
    },
  };
}
