// Types of scripts/vendor-operations.mjs, for the TypeScript tests that import it.
export const PACKAGE_ROOT: string;
export const VENDOR_DOCS_DIR: string;
export const API_DOCS_DIR: string;
export const TWINS: ('slack' | 'okta' | 'jira' | 'google')[];

export interface VendorSource { file: string; prefixes: string[]; nameFromPath?: boolean }
export const VENDOR_SOURCES: Record<string, VendorSource[]>;

export interface VendorOperation { name: string; family: string; method: string; path: string; deprecated: boolean }
export interface TwinOperation { name: string; family?: string; method: string; path: string; paths: string[] }
export interface FamilyCoverage { source: string; family: string; total: number; implemented: string[]; missing: string[] }
export interface Coverage {
  twin: string;
  families: FamilyCoverage[];
  totals: { source: string; total: number; implemented: number }[];
  extras: TwinOperation[];
  misplaced: (TwinOperation & { vendor: string[] })[];
  operations: number;
}

export function hasVendorDocs(): boolean;
export function vendorOperations(source: VendorSource): Promise<VendorOperation[]>;
export function twinOperations(document: Record<string, any>): TwinOperation[];
export function compareWithVendor(twin: string, document: Record<string, any>): Promise<Coverage>;
export function readExtrasAllowList(): Record<string, Record<string, string>>;
