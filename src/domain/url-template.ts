// Link templates (`url_template`) in the subset of Go's text/template that verification links use:
// literal text, `{{.Name}}` with optional spaces and `{{- ` / ` -}}` trim markers, and `{{/* comments */}}`.
// ZITADEL parses the template with text/template and renders it with sample values at request time; a
// template that fails either way is InvalidArgument. We check everything at compile time instead:
// pipelines, functions, `{{.}}`, if/range/with, variables and names outside `allowed` are refused.
//
// Go's lexing rules we keep: a trim marker is a `-` with whitespace on its inner side; a comment must
// start right after `{{` (or `{{- `) and end right before `}}` (or ` -}}`); a `}}` outside an action is
// plain text; values are inserted as they are (text/template does no escaping).
//
// A maintained JS port of text/template exists on npm (@ctrl/golang-template); it is not installed, and
// this subset is small enough to own.
import { invalidField } from "./errors.js";

export interface UrlTemplate {
  render(values: Readonly<Record<string, string>>): string;
}

type Part = { text: string } | { name: string };

const OPEN = "{{";
const CLOSE = "}}";
/** Go's template whitespace. */
const SPACE = /^[ \t\r\n]$/;
const FIELD = /^\.([\p{L}_][\p{L}\p{Nd}_]*)$/u;

export function compileUrlTemplate(template: string, allowed: readonly string[], field = "url_template"): UrlTemplate {
  const fail = (problem: string) =>
    invalidField("URLTPL-Inval1", field, "url_template.invalid", `Errors.User.InvalidURLTemplate: ${problem}`);
  const parts: Part[] = [];
  let trimNextText = false;
  let position = 0;

  const addText = (text: string, trimEnd: boolean) => {
    let kept = trimNextText ? text.replace(/^[ \t\r\n]+/, "") : text;
    if (trimEnd) kept = kept.replace(/[ \t\r\n]+$/, "");
    if (kept !== "") parts.push({ text: kept });
    trimNextText = false;
  };

  while (position < template.length) {
    const open = template.indexOf(OPEN, position);
    if (open < 0) {
      addText(template.slice(position), false);
      break;
    }
    const afterOpen = open + OPEN.length;
    const trimLeft = template[afterOpen] === "-" && SPACE.test(template[afterOpen + 1] ?? "");
    addText(template.slice(position, open), trimLeft);
    const bodyStart = trimLeft ? afterOpen + 2 : afterOpen;

    if (template.startsWith("/*", bodyStart)) {
      const commentEnd = template.indexOf("*/", bodyStart + 2);
      if (commentEnd < 0) throw fail("unclosed comment");
      const afterComment = commentEnd + 2;
      if (SPACE.test(template[afterComment] ?? "") && template.startsWith("-" + CLOSE, afterComment + 1)) {
        trimNextText = true;
        position = afterComment + 2 + CLOSE.length;
      } else if (template.startsWith(CLOSE, afterComment)) {
        trimNextText = false;
        position = afterComment + CLOSE.length;
      } else {
        throw fail("a comment must end right before }}");
      }
      continue;
    }

    const close = template.indexOf(CLOSE, bodyStart);
    if (close < 0) throw fail("unclosed action: {{ without }}");
    let body = template.slice(bodyStart, close);
    const trimRight = body.length >= 2 && body.endsWith("-") && SPACE.test(body[body.length - 2]!);
    if (trimRight) body = body.slice(0, -1);
    const expression = body.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, "");
    if (expression === "") throw fail("empty action");
    const match = FIELD.exec(expression);
    if (!match) throw fail(`unsupported action {{${expression}}}: only {{.Name}} is allowed`);
    const name = match[1]!;
    if (!allowed.includes(name)) throw fail(`unknown variable .${name}; allowed: ${allowed.map((n) => "." + n).join(", ")}`);
    parts.push({ name });
    trimNextText = trimRight;
    position = close + CLOSE.length;
  }

  return {
    render(values) {
      return parts
        .map((part) => {
          if ("text" in part) return part.text;
          const value = values[part.name];
          if (value === undefined) throw new Error(`url template value for .${part.name} is missing`);
          return value;
        })
        .join("");
    },
  };
}
