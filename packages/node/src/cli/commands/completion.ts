// `pbft completion bash|zsh`: the scripts are made from the command tree (../completion.ts).
import { Argument } from "commander";
import type { CommandModule } from "../command.js";
import { bashCompletion, zshCompletion } from "../completion.js";

export const completion: CommandModule<Record<string, never>> = {
  path: ["completion"],
  description: "print a shell completion script: source <(./pbft completion bash), or zsh",
  declare: (c) => c.addArgument(new Argument("<shell>", "bash or zsh").choices(["bash", "zsh"])),
  handler: (_o, ctx, [shell]) => {
    process.stdout.write(shell === "zsh" ? zshCompletion(ctx.program) : bashCompletion(ctx.program));
  },
};
