import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Writes a SoftHSM2 config whose token directory is `tokenDir`; set SOFTHSM2_CONF to the returned path
 * before the module is first loaded in the process (SoftHSM reads it in C_Initialize). */
export function writeSoftHsmConfig(
  tokenDir: string,
  confPath = join(tokenDir, "..", "softhsm2.conf"),
): string {
  const dir = resolve(tokenDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(confPath, `directories.tokendir = ${dir}\nobjectstore.backend = file\nlog.level = ERROR\n`, {
    mode: 0o600,
  });
  return resolve(confPath);
}
