// Pieces of HTML the languages share, with the label in the language's words.
export const linkButton = (label: string): string =>
  `<p style="margin:24px 0"><a href="{{.Link}}" style="display:inline-block;padding:12px 20px;background:#2563eb;color:#ffffff;text-decoration:none;border-radius:6px">${label}</a></p>`;

export const codeLine = (label: string): string =>
  `<p>${label} <strong style="font-family:monospace;font-size:20px;letter-spacing:2px">{{.Code}}</strong></p>`;
