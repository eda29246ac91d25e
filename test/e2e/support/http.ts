// A small JSON/text GET for probing the apps, with a short timeout so a hung app fails fast.

export interface HttpResult {
  status: number;
  text: string;
  json<T = unknown>(): T;
}

export async function get(url: string, timeoutMs = 3000): Promise<HttpResult> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  return { status: response.status, text, json: <T>() => JSON.parse(text) as T };
}
