// Tiny JSON-schema builders for test routes.
export const Type = {
  string: () => ({ type: 'string' }),
  object: (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required }),
};
