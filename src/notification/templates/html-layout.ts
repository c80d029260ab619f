// The document around every HTML email body. `Body` is inserted as rendered HTML; the other values are escaped.
export const HTML_LAYOUT_VARIABLES = ["Language", "Subject", "Body"] as const;

export const HTML_LAYOUT = `<!DOCTYPE html>
<html lang="{{.Language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Subject}}</title>
</head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b">
<div style="max-width:560px;margin:0 auto;padding:24px;background:#ffffff;border-radius:8px">
{{.Body}}
</div>
</body>
</html>
`;
