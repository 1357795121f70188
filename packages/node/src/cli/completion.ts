// `pbft completion bash|zsh`: shell completion made from the command tree itself, so it cannot drift from
// the commands. It completes subcommands, each command's options, the values of options with a fixed set
// (--format, --type, ...), and file names for the other options that take a value.
import type { Command } from "commander";

interface CommandNode {
  /** Subcommand names joined by spaces ("" for pbft itself, "ledger verify"). */
  readonly path: string;
  readonly words: readonly string[];
}

interface ValueOption {
  /** A fixed set of values, or a path (its argument is <dir>, <file>, <...json>), or anything (no completion). */
  readonly choices?: readonly string[];
  readonly path: boolean;
}

function walk(cmd: Command, path: string, out: CommandNode[], values: Map<string, ValueOption>): void {
  const subcommands = cmd.commands.map((c) => c.name());
  const options = cmd.options.filter((o) => !o.hidden && o.long).map((o) => o.long!);
  for (const o of cmd.options) {
    if (!(o.required || o.optional) || !o.long) continue;
    values.set(o.long, {
      path: /<(dir|file|[^>]*\.json)>/.test(o.flags),
      ...(o.argChoices ? { choices: o.argChoices } : {}),
    });
  }
  // A command's own positional choices (e.g. `completion <shell>`) complete like subcommands.
  const positional = cmd.registeredArguments.flatMap((a) => a.argChoices ?? []);
  out.push({ path, words: [...subcommands, ...positional, ...options, "--help"] });
  for (const c of cmd.commands) walk(c, path ? `${path} ${c.name()}` : c.name(), out, values);
}

function tree(program: Command): { nodes: CommandNode[]; values: Map<string, ValueOption> } {
  const nodes: CommandNode[] = [];
  const values = new Map<string, ValueOption>();
  walk(program, "", nodes, values);
  return { nodes, values };
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

export function bashCompletion(program: Command): string {
  const { nodes, values } = tree(program);
  const paths = nodes.map((n) => n.path).filter((p) => p !== "");
  const cases = nodes.map((n) => `    ${q(n.path)}) words=${q(n.words.join(" "))} ;;`).join("\n");
  const choiceCases = [...values.entries()]
    .filter(([, v]) => v.choices)
    .map(
      ([flag, v]) => `    ${flag}) COMPREPLY=($(compgen -W ${q(v.choices!.join(" "))} -- "$cur")); return ;;`,
    )
    .join("\n");
  const fileFlags = [...values.entries()].filter(([, v]) => !v.choices && v.path).map(([flag]) => flag);
  const freeFlags = [...values.entries()].filter(([, v]) => !v.choices && !v.path).map(([flag]) => flag);
  return `# bash completion for pbft (made by \`pbft completion bash\`). Load it with
#   source <(./pbft completion bash)
# or save it: ./pbft completion bash > /etc/bash_completion.d/pbft
_pbft_paths=${q(` | ${paths.join(" | ")} | `)}
_pbft() {
  local cur prev cmdpath="" cand i w words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ "$w" == -* ]] && continue
    cand="\${cmdpath:+$cmdpath }$w"
    [[ "$_pbft_paths" == *" | $cand | "* ]] && cmdpath="$cand"
  done
  case "$prev" in
${choiceCases}
    ${fileFlags.join("|")}) COMPREPLY=($(compgen -f -- "$cur")); return ;;
    ${freeFlags.join("|")}) COMPREPLY=(); return ;;
  esac
  case "$cmdpath" in
${cases}
    *) words="" ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _pbft pbft ./pbft
`;
}

export function zshCompletion(program: Command): string {
  const { nodes, values } = tree(program);
  const table = nodes.map((n) => `  ${q(n.path)} ${q(n.words.join(" "))}`).join("\n");
  const choiceCases = [...values.entries()]
    .filter(([, v]) => v.choices)
    .map(([flag, v]) => `    (${flag}) compadd -- ${v.choices!.join(" ")}; return ;;`)
    .join("\n");
  const fileFlags = [...values.entries()].filter(([, v]) => !v.choices && v.path).map(([flag]) => flag);
  const freeFlags = [...values.entries()].filter(([, v]) => !v.choices && !v.path).map(([flag]) => flag);
  return `#compdef pbft
# zsh completion for pbft (made by \`pbft completion zsh\`). Load it with
#   source <(./pbft completion zsh)
# or save it as _pbft in a directory of $fpath.
typeset -gA _pbft_words
_pbft_words=(
${table}
)
_pbft() {
  local cmdpath="" cand w i
  for (( i = 2; i < CURRENT; i++ )); do
    w=\${words[i]}
    [[ $w == -* ]] && continue
    cand="\${cmdpath:+$cmdpath }$w"
    (( \${+_pbft_words[$cand]} )) && cmdpath=$cand
  done
  case \${words[CURRENT-1]} in
${choiceCases}
    (${fileFlags.join("|")}) _files; return ;;
    (${freeFlags.join("|")}) return ;;
  esac
  compadd -- \${=_pbft_words[$cmdpath]}
}
compdef _pbft pbft ./pbft
`;
}
