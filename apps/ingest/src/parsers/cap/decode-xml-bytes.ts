/**
 * Turns the bytes of an XML document into text the way an XML processor would: a byte-order mark
 * first (UTF-8, UTF-16 LE/BE), else the encoding named in the XML declaration (`ISO-8859-1`,
 * `windows-1252`…), else UTF-8. `fetch().text()` would always decode UTF-8 and garble Latin-1 feeds.
 *
 * Also refuses what no feed needs and an attacker loves: a DOCTYPE declaring entities (the "billion
 * laughs" bomb) or pointing to an external DTD (external entities, server-side requests).
 */

export type DecodedXml = { ok: true; text: string; encoding: string } | { ok: false; reason: string };

function declaredEncoding(head: string): string | undefined {
  const declaration = /^\s*<\?xml\s[^>]*?\?>/.exec(head)?.[0];
  if (!declaration) return undefined;
  return /\bencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/.exec(declaration)?.[1];
}

function decoderFor(label: string): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(label, { fatal: false });
  } catch {
    return undefined;
  }
}

/** Decodes XML bytes (or passes text through, a leading BOM removed). */
export function decodeXmlBytes(input: Uint8Array | string): DecodedXml {
  if (typeof input === 'string') return { ok: true, text: input.replace(/^\uFEFF/, ''), encoding: 'utf-16' };
  const b0 = input[0];
  const b1 = input[1];
  if (b0 === 0xef && b1 === 0xbb && input[2] === 0xbf) {
    return { ok: true, text: new TextDecoder('utf-8').decode(input.subarray(3)), encoding: 'utf-8' };
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { ok: true, text: new TextDecoder('utf-16le').decode(input.subarray(2)), encoding: 'utf-16le' };
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { ok: true, text: new TextDecoder('utf-16be').decode(input.subarray(2)), encoding: 'utf-16be' };
  }
  // The declaration is ASCII in every encoding an XML feed uses without a BOM.
  const head = new TextDecoder('latin1').decode(input.subarray(0, 200));
  const label = declaredEncoding(head) ?? 'utf-8';
  const decoder = decoderFor(label);
  if (!decoder) {
    return {
      ok: false,
      reason: `Unsupported character encoding "${label}" in the XML declaration; send UTF-8 or ISO-8859-1`,
    };
  }
  return { ok: true, text: decoder.decode(input), encoding: decoder.encoding };
}

/**
 * The reason a document must not be parsed, or null. A DOCTYPE without an internal subset or external
 * identifier (`<!DOCTYPE alert>`) is harmless and allowed.
 */
export function unsafeXmlReason(text: string): string | null {
  const at = text.search(/<!DOCTYPE/i);
  if (at < 0) return null;
  const doctype = text.slice(at, at + 4096);
  if (/<!ENTITY/i.test(text)) {
    return 'The document declares XML entities in a DOCTYPE; entity declarations are refused (entity expansion attacks)';
  }
  if (/^<!DOCTYPE\s+[^\s>[]+\s+(SYSTEM|PUBLIC)\b/i.test(doctype)) {
    return 'The document refers to an external DTD; external entities and DTDs are refused';
  }
  if (/^<!DOCTYPE\s+[^\s>[]+\s*\[/i.test(doctype)) {
    return 'The document has a DOCTYPE internal subset; DTD declarations are refused';
  }
  return null;
}
