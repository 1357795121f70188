import { readFileSync, statSync } from "node:fs";
import { HsmError } from "./errors.js";

/** Reads a PIN from an environment variable or from a file of mode 0600 (or stricter) owned by this user. */
export function readPin(source: { readonly envVar?: string; readonly file?: string }): string {
  if (source.envVar !== undefined) {
    const v = process.env[source.envVar];
    if (v !== undefined && v.length > 0) return v;
  }
  if (source.file === undefined)
    throw new HsmError("pin-file", `no PIN: set ${source.envVar ?? "a PIN variable"} or give a PIN file`);
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(source.file);
  } catch {
    throw new HsmError("pin-file", `PIN file ${source.file} cannot be read`);
  }
  if ((st.mode & 0o077) !== 0)
    throw new HsmError(
      "pin-file",
      `PIN file ${source.file} is readable by others (mode ${(st.mode & 0o777).toString(8)})`,
    );
  if (typeof process.getuid === "function" && st.uid !== process.getuid())
    throw new HsmError("pin-file", `PIN file ${source.file} is owned by another user`);
  const pin = readFileSync(source.file, "utf8").trim();
  if (pin.length === 0) throw new HsmError("pin-file", `PIN file ${source.file} is empty`);
  return pin;
}
