/**
 * Finds active markup in untrusted text: HTML elements that run or load something (`<script>`,
 * `<iframe>`, `<svg>`…), event-handler attributes (`onerror=`), script URLs (`javascript:`), HTML data
 * URLs, and the same hidden behind HTML entities. Reports are free text shown to operators; anything
 * that could run in a browser is refused at the door (dead-lettered with the reason) rather than
 * trusted to be escaped everywhere it is displayed. Ordinary text with `<` or `>` ("level < 3 m") passes.
 */
export interface MarkupFinding {
  /** Dotted path of the offending string in the value, e.g. `payload.text`. */
  path: string;
  reason: string;
}

const DANGEROUS_ELEMENT =
  /<\s*\/?\s*(script|iframe|frame|frameset|object|embed|applet|style|link|meta|base|form|svg|math|template|noscript|img|video|audio|source|input|button|textarea|details|marquee)\b/i;
const EVENT_HANDLER = /<[^>]*[\s/"']on[a-z]+\s*=/i;
const SCRIPT_URL = /\b(?:java|vb|live)script\s*:/i;
const HTML_DATA_URL = /\bdata\s*:\s*(?:text\/html|image\/svg\+xml|application\/(?:x-)?javascript)/i;
const ENCODED_TAG = /&(?:lt|#0*60|#x0*3c);?\s*\/?\s*(?:script|iframe|svg|img|object|embed)\b/i;

/** The reason a string is refused, or null when it is plain text. */
export function hostileMarkupIn(text: string): string | null {
  if (text.length === 0) return null;
  const element = DANGEROUS_ELEMENT.exec(text);
  if (element) return `contains an HTML <${element[1]!.toLowerCase()}> element`;
  if (EVENT_HANDLER.test(text)) return 'contains an HTML event-handler attribute';
  if (SCRIPT_URL.test(text)) return 'contains a script URL';
  if (HTML_DATA_URL.test(text)) return 'contains an active data URL';
  if (ENCODED_TAG.test(text)) return 'contains an entity-encoded HTML element';
  return null;
}

/**
 * Walks `value` (objects, arrays, strings; at most `maxNodes` values and `maxDepth` levels) and returns
 * the first string carrying active markup, with its path.
 */
export function findHostileMarkup(
  value: unknown,
  options: { path?: string; maxDepth?: number; maxNodes?: number } = {},
): MarkupFinding | null {
  const maxDepth = options.maxDepth ?? 16;
  let budget = options.maxNodes ?? 10_000;
  const visit = (node: unknown, path: string, depth: number): MarkupFinding | null => {
    if (--budget < 0 || depth > maxDepth) return null;
    if (typeof node === 'string') {
      const reason = hostileMarkupIn(node);
      return reason === null ? null : { path, reason };
    }
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const found = visit(node[i], `${path}[${i}]`, depth + 1);
        if (found) return found;
      }
      return null;
    }
    if (typeof node === 'object' && node !== null) {
      for (const [key, child] of Object.entries(node)) {
        const keyReason = hostileMarkupIn(key);
        const childPath = path === '' ? key : `${path}.${key}`;
        if (keyReason !== null) return { path: childPath, reason: keyReason };
        const found = visit(child, childPath, depth + 1);
        if (found) return found;
      }
    }
    return null;
  };
  return visit(value, options.path ?? '', 0);
}
