// A JQL query Jira refuses: one or more messages, rendered as its 400 ErrorCollection.
import { TwinError } from '../../../shared/kernel/vendor-errors.js';
import { jiraResponse } from '../errors.js';

export class JqlError extends Error {
  readonly list: string[];
  constructor(messages: string | string[]) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join(' '));
    this.list = list;
  }
}

/** Jira's 400 for a refused query: every message in errorMessages, errors empty. */
export const jqlHttpError = (error: JqlError): TwinError => new TwinError(jiraResponse(400, error.list), error.message);
