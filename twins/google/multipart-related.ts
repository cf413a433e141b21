// A parser for multipart/related bodies (RFC 2387), as Google's multipart uploads send them: the first
// part is the JSON metadata, the second the media. Works on bytes, so binary media survive. Pure.
//
//   --BOUNDARY\r\nContent-Type: application/json\r\n\r\n{...}\r\n--BOUNDARY\r\nContent-Type: image/png\r\n\r\n<bytes>\r\n--BOUNDARY--

export interface Part { headers: Record<string, string>; body: Buffer }

export class MultipartError extends Error {}

/** The boundary of a `multipart/related; boundary=...` content type (quoted or not), or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/related\b/i.test(contentType.trim())) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]!) : null;
}

/** The parts between the delimiters; the preamble and epilogue are ignored, as RFC 2046 says. */
export function parseMultipart(body: Buffer, boundary: string): Part[] {
  if (boundary.length === 0 || boundary.length > 70) throw new MultipartError('bad boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new MultipartError('no boundary found in the body');
  for (;;) {
    pos += delimiter.length;
    // "--" right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return parts;
    // Transport padding, then the line break that ends the delimiter line.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    else throw new MultipartError('malformed delimiter line');
    const next = body.indexOf(delimiter, pos);
    if (next < 0) throw new MultipartError('missing closing boundary');
    // The line break before the next delimiter belongs to the delimiter.
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    parts.push(parsePart(body.subarray(pos, Math.max(pos, end))));
    pos = next;
  }
}

function parsePart(raw: Buffer): Part {
  let split = raw.indexOf('\r\n\r\n');
  let gap = 4;
  if (split < 0) { split = raw.indexOf('\n\n'); gap = 2; }
  // A part may have no headers at all: then it starts with the blank line.
  if (raw.subarray(0, 2).toString() === '\r\n') { split = 0; gap = 2; } else if (raw[0] === 0x0a) { split = 0; gap = 1; }
  if (split < 0) throw new MultipartError('part without a header/body separator');
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, split).toString('utf8').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`malformed part header: ${line}`);
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + gap);
  if (/^base64$/i.test(headers['content-transfer-encoding'] ?? '')) body = Buffer.from(body.toString('ascii'), 'base64');
  return { headers, body };
}
