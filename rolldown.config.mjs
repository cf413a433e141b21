// Bundles the compiled CLI (dist/shared/universe/cli.js and every module of ours it imports) into one
// file, dist/dtu.js: loading ~300 small ES modules cost Node more than running them, and cold start is
// a feature. Packages from node_modules stay external, loaded as they are.
export default {
  input: 'dist/shared/universe/cli.js',
  platform: 'node',
  external: (id) => !id.startsWith('.') && !id.startsWith('/'),
  output: { file: 'dist/dtu.js', format: 'esm', sourcemap: true },
};
