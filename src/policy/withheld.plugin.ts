/**
 * Tells the caller what the policy gate withheld: `extensions.withheld` lists each withheld
 * response path (aliases as sent) with its field and reason, beside the intact rest of the data.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestContext } from '../api/context.js';

export const withheldPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response }) {
        const withheld = contextValue.access.allWithheld();
        if (withheld.length === 0 || response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        result.extensions = { ...result.extensions, withheld: withheld.map(({ path, field, reason }) => ({ path, field, reason })) };
      },
    };
  },
};
