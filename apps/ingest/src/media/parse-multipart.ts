/**
 * A small `multipart/form-data` reader for media uploads from browsers and phones: text fields and
 * at most one file part, read from a body already limited in size.
 */
export interface MultipartForm {
  fields: Record<string, string>;
  file?: { name: string; filename: string; contentType?: string; bytes: Buffer };
}

export type MultipartResult = { ok: true; form: MultipartForm } | { ok: false; reason: string };

export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType ?? '');
  return match?.[1] ?? match?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  let file: MultipartForm['file'];
  let position = body.indexOf(delimiter);
  if (position < 0) return { ok: false, reason: 'multipart body without its boundary' };
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, position);
    if (next < 0) return { ok: false, reason: 'multipart body cut short (no closing boundary)' };
    // Part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(position + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return { ok: false, reason: 'multipart part without headers' };
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) return { ok: false, reason: 'multipart part without a name' };
    if (filename !== undefined) {
      if (file) return { ok: false, reason: 'send one file per request' };
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      file = { name, filename, ...(contentType ? { contentType } : {}), bytes: Buffer.from(content) };
    } else {
      fields[name] = content.toString('utf8');
    }
    position = next;
  }
  return { ok: true, form: { fields, ...(file ? { file } : {}) } };
}
