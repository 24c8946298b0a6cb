/** A small GraphQL-over-HTTP client for tests that go through the running server. */
export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: { code?: string } }[] };
}

export async function postGraphQL<T = any>(
  url: string,
  query: string,
  { token, variables, operationName, purpose }: { token?: string; variables?: Record<string, unknown>; operationName?: string; purpose?: string } = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(purpose ? { 'x-purpose': purpose } : {}),
    },
    body: JSON.stringify({ query, variables, operationName }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T>['body'] };
}
