// Error texts about a delivery are logged and stored in outbox.last_error; neither may carry the code or
// the link. A mail server or HTTP library could echo part of what it was sent, so every secret of the
// message is cut out of the text, which is also kept short.
const MAX_ERROR_LENGTH = 500;

export function describeFailure(error: unknown, secrets: readonly string[]): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  let text = typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
  // Longest first, so the link is removed before the code inside it.
  for (const secret of [...secrets].filter(Boolean).sort((a, b) => b.length - a.length)) text = text.split(secret).join("[redacted]");
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}
