// Test support: the shell commands a Markdown document shows, so a test can run them verbatim and the
// docs cannot drift from the product. A command is one line of a ```sh block (continuation lines joined),
// without blank and comment-only lines; a trailing comment stays (the shell ignores it).

/** A marker on the line before a fence: that block is run by the docs test (used in deploy/README.md). */
export const DOCS_TEST_MARKER = "<!-- docs-test: run verbatim by packages/node/src/it/docs.test.ts -->";

export interface DocCommand {
  readonly file: string;
  /** 1-based line of the command's first line in the file. */
  readonly line: number;
  readonly text: string;
}

export interface DocBlock {
  /** The nearest heading above the block, without its #s. */
  readonly heading: string;
  /** The headings above it, outermost first (## A, ### B). */
  readonly headings: readonly string[];
  readonly marked: boolean;
  readonly commands: readonly DocCommand[];
}

/** Every ```sh / ```bash block of `markdown`, with its commands. */
export function shellBlocks(markdown: string, file: string): DocBlock[] {
  const lines = markdown.split("\n");
  const blocks: DocBlock[] = [];
  const headings: string[] = [];
  let previous = "";
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      headings.length = Math.min(headings.length, h[1]!.length - 1);
      headings[h[1]!.length - 1] = h[2]!.trim();
    }
    const fence = /^```(\w*)\s*$/.exec(line);
    if (fence) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end++;
      if (fence[1] === "sh" || fence[1] === "bash") {
        const present = headings.filter((x) => x !== undefined);
        blocks.push({
          heading: present[present.length - 1] ?? "",
          headings: present,
          marked: previous.trim() === DOCS_TEST_MARKER,
          commands: commandsOf(lines.slice(start, end), start + 1, file),
        });
      }
      i = end;
      previous = "";
      continue;
    }
    if (line.trim() !== "") previous = line;
  }
  return blocks;
}

function commandsOf(lines: readonly string[], firstLine: number, file: string): DocCommand[] {
  const out: DocCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.trim();
    if (t === "" || t.startsWith("#")) continue;
    const line = firstLine + i;
    let text = lines[i]!;
    while (text.endsWith("\\") && i + 1 < lines.length) text = `${text.slice(0, -1)} ${lines[++i]!.trim()}`;
    out.push({ file, line, text: text.trim() });
  }
  return out;
}

/** The command without a trailing comment: an unquoted `#` after whitespace starts one. */
export function withoutComment(command: string): string {
  let quote: string | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "\\") i++;
    else if (c === "#" && (i === 0 || /\s/.test(command[i - 1]!))) return command.slice(0, i).trimEnd();
  }
  return command;
}

/** Placeholders such as `<record id>` in the command part (not in its comment). */
export function placeholders(command: string): string[] {
  return [...withoutComment(command).matchAll(/<([a-z][a-z -]*)>/gi)].map((m) => m[0]);
}
