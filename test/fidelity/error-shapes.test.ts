// Each vendor error renderer against the vendor's own published schema for its error body.
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import { oktaErrors } from '../../twins/okta/errors.js';
import { jiraErrors } from '../../twins/jira/errors.js';
import { slackErrors, slackResponse } from '../../twins/slack/errors.js';
import type { VendorErrors, VendorResponse } from '../../shared/kernel/vendor-errors.js';
import { hasVendorDocs, standaloneSchema, vendorDoc } from '../helpers/vendor-docs.js';

function everyError(errors: VendorErrors): [string, VendorResponse][] {
  return [
    ['unauthorized', errors.unauthorized('bad token')],
    ['forbidden', errors.forbidden('no')],
    ['notFound', errors.notFound('missing')],
    ['invalid', errors.invalid('bad field')],
    ['tooLarge', errors.tooLarge('too big')],
    ['rateLimited', errors.rateLimited({ retryAfterSec: 2, resetAtSec: 1_900_000_000 })],
    ['serverError', errors.serverError(500, 'boom')],
    ['serverError 503', errors.serverError(503, 'down')],
  ];
}

const validator = (doc: any, pointer: string) => new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(standaloneSchema(doc, pointer));

describe.skipIf(!hasVendorDocs)('vendor error bodies match the vendors’ published schemas', () => {
  it('okta: every error is an Okta Error (management API)', () => {
    const validate = validator(vendorDoc('okta/management-minimal.yaml'), '#/components/schemas/Error');
    for (const [name, response] of everyError(oktaErrors)) {
      expect(validate(response.body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(Object.keys(response.body as object).sort()).toEqual(['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
    }
  });

  it('jira: every error is an ErrorCollection (platform API v3), with nothing extra', () => {
    const validate = validator(vendorDoc('jira/jira-platform-swagger-v3.v3.json'), '#/components/schemas/ErrorCollection');
    for (const [name, response] of everyError(jiraErrors)) expect(validate(response.body), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);
  });

  it('slack: auth and argument errors fit the chat.postMessage error schema of the Web API description', () => {
    const validate = validator(vendorDoc('slack/slack_web_openapi_v2_without_examples.json'), '#/paths/~1chat.postMessage/post/responses/default/schema');
    for (const code of ['not_authed', 'invalid_auth', 'channel_not_found', 'no_text']) expect(validate(slackResponse(code).body)).toBe(true);
    expect(slackErrors.unauthorized('').status).toBe(200);
  });
});
