// The twins of the universe, in the order they take ports after the control plane (4100 + offset).
export const TWIN_NAMES = ['okta', 'slack', 'jira', 'google'] as const;
export type TwinName = (typeof TWIN_NAMES)[number];

export const DEFAULT_PORT_BASE = 4100;

export function isTwinName(value: unknown): value is TwinName {
  return typeof value === 'string' && (TWIN_NAMES as readonly string[]).includes(value);
}

/** Port of a twin for a port base: control plane = base, okta = base + 1, ... */
export function twinPort(base: number, twin: TwinName): number {
  return base + 1 + TWIN_NAMES.indexOf(twin);
}
