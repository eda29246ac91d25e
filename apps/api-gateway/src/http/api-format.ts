// Which format a response is written in (spec 3.4): a `.json` or `.xml` suffix on the path
// wins, then the Accept header, and JSON by default.

export type ApiFormat = 'json' | 'xml';

const SUFFIX = /\.(json|xml)$/;

/** Splits `/v1.1/t/flavors.xml?x=1` into the path without suffix and the suffix's format. */
export function stripFormatSuffix(url: string): { url: string; format?: ApiFormat } {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const match = SUFFIX.exec(path);
  if (!match) return { url };
  return { url: path.slice(0, -match[0].length) + (q === -1 ? '' : url.slice(q)), format: match[1] as ApiFormat };
}

/** The format the Accept header prefers, by q-value; JSON when it names neither. */
export function formatFromAccept(accept: string | undefined): ApiFormat {
  if (!accept) return 'json';
  let best: { format: ApiFormat; q: number } = { format: 'json', q: -1 };
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';').map((x) => x.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const format: ApiFormat | undefined =
      type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml') ? 'xml'
        : type === 'application/json' || type.endsWith('+json') ? 'json' : undefined;
    if (format && q > best.q) best = { format, q };
  }
  return best.format;
}
