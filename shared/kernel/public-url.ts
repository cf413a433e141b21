// The base URL a twin puts into every URL it hands out (pagination links, upload and websocket URLs).
// --public-url wins; else --public-url-template with {port} and {twin}; else the listening address.

export function publicUrlFor(options: { publicUrl?: string; template?: string; twin: string; host: string; port: number }): string {
  if (options.publicUrl) return options.publicUrl.replace(/\/+$/, '');
  if (options.template) return options.template.replaceAll('{port}', String(options.port)).replaceAll('{twin}', options.twin).replace(/\/+$/, '');
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host.includes(':') ? `[${options.host}]` : options.host;
  return `http://${host}:${options.port}`;
}
