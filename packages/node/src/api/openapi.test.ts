import { describe, expect, it } from "vitest";
import { keptOpenApiText, openApiDocument, openApiText } from "./openapi.js";

describe("the OpenAPI document", () => {
  it("kept in packages/node/openapi.json is what the server makes (else: npm run openapi -w @pbft/node)", async () => {
    expect(keptOpenApiText()).toBe(openApiText(await openApiDocument()));
  });

  it("is OpenAPI 3.1 and names every /v1 route with its refusals", async () => {
    const doc = (await openApiDocument()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/config/proof",
      "/v1/entries",
      "/v1/entries/{height}",
      "/v1/entries/{height}/proof",
      "/v1/genesis",
      "/v1/heads/latest",
      "/v1/proposals",
      "/v1/records",
      "/v1/records/{id}",
      "/v1/status",
    ]);
    const submit = doc.paths["/v1/proposals"]!.post!.responses;
    for (const code of ["200", "400", "401", "403", "413", "429"]) expect(submit).toHaveProperty(code);
  });
});
