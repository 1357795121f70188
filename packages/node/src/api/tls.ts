// Certificates for a local testnet: one CA, a server certificate per node (its API's TLS), and a client
// certificate (mutual TLS as the alternative to an API key). ECDSA P-256: what every browser and TLS
// stack accepts. For a production node the operator brings certificates of their own PKI.
import { webcrypto } from "node:crypto";
import { isIP } from "node:net";
// @peculiar/x509 needs the Reflect metadata polyfill loaded before it (its tsyringe container).
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const YEAR_MS = 365 * 24 * 3600 * 1000;

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

export interface LocalCa extends Pem {
  readonly issue: (o: { commonName: string; hosts?: readonly string[]; client?: boolean }) => Promise<Pem>;
}

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString("base64")
    .replace(/(.{64})/g, "$1\n")
    .trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

function serial(): string {
  return Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
    .toString("hex")
    .replace(/^[89a-f]/, "1");
}

/** A new CA (valid ten years) that issues the certificates of one testnet. */
export async function createLocalCa(name: string): Promise<LocalCa> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=${name}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 10 * YEAR_MS),
    keys,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const issue = async (o: { commonName: string; hosts?: readonly string[]; client?: boolean }) => {
    const leaf = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as CryptoKeyPair;
    const hosts = o.hosts ?? [];
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${o.commonName}`,
      issuer: ca.subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 2 * YEAR_MS),
      publicKey: leaf.publicKey,
      signingKey: keys.privateKey,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          o.client ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth,
        ]),
        ...(hosts.length > 0
          ? [
              new x509.SubjectAlternativeNameExtension(
                hosts.map((h) =>
                  isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h },
                ),
              ),
            ]
          : []),
        await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return { cert: cert.toString("pem"), key: await keyPem(leaf.privateKey) };
  };
  return { cert: ca.toString("pem"), key: await keyPem(keys.privateKey), issue };
}
