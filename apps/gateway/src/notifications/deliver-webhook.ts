/**
 * Posts a notification to a webhook as JSON: `text` (what Slack-compatible endpoints show) plus the
 * structured fields (reason, severity, alert or digest items).
 */
export interface WebhookMessage {
  text: string;
  [field: string]: unknown;
}

export async function deliverWebhook(
  url: string,
  message: WebhookMessage,
  timeoutMs: number,
): Promise<{ status: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Vigie-notifier/1' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  return { status: response.status };
}
