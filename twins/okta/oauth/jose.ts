// jose, loaded on the first token request or JWT check rather than at start: it is the largest module
// the Okta twin needs, and most universes start without anyone asking Okta for a token.
let loading: Promise<typeof import('jose')> | undefined;

export const loadJose = (): Promise<typeof import('jose')> => (loading ??= import('jose'));
