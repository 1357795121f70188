import { describe, expect, it } from "vitest";
import { DOCS_TEST_MARKER, placeholders, shellBlocks, withoutComment } from "./doc-commands.js";

const DOC = [
  "# Title",
  "## A short tour",
  "```sh",
  "./pbft status      # every node",
  "# a comment line",
  "",
  "./pbft submit --title 'a # not a comment' \\",
  "  --json",
  "```",
  "## Deploy",
  "### By hand",
  DOCS_TEST_MARKER,
  "```bash",
  "echo hi",
  "```",
  "```json",
  '{"not": "shell"}',
  "```",
].join("\n");

describe("shell commands of a Markdown document", () => {
  it("finds sh/bash blocks with their headings and markers, joins continuations, drops comment lines", () => {
    const blocks = shellBlocks(DOC, "DOC.md");
    expect(blocks).toHaveLength(2);
    expect(blocks[0]!.headings).toEqual(["Title", "A short tour"]);
    expect(blocks[0]!.marked).toBe(false);
    expect(blocks[0]!.commands.map((c) => [c.line, c.text])).toEqual([
      [4, "./pbft status      # every node"],
      [7, "./pbft submit --title 'a # not a comment'  --json"],
    ]);
    expect(blocks[1]!.heading).toBe("By hand");
    expect(blocks[1]!.headings).toEqual(["Title", "Deploy", "By hand"]);
    expect(blocks[1]!.marked).toBe(true);
  });

  it("tells a trailing comment and placeholders apart from the command", () => {
    expect(withoutComment("./pbft status   # node<i>")).toBe("./pbft status");
    expect(withoutComment(`echo "a # b" 'c#d' e#f`)).toBe(`echo "a # b" 'c#d' e#f`);
    expect(placeholders("./pbft submit --amends <record id> --reason x  # see <here>")).toEqual([
      "<record id>",
    ]);
    expect(placeholders("./pbft status >> node.log 2>&1")).toEqual([]);
  });
});
