// Responses are checked against the same schemas as the OpenAPI document before they leave: fastify's
// serializer alone would drop unknown fields and coerce types silently, so a drift between the handlers
// and the document would never show. A response that does not match is a bug: 500, logged.
import { Ajv, type ValidateFunction } from "ajv";
import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";
import { SHARED_SCHEMAS } from "./schemas.js";

export function addResponseCheck(app: FastifyInstance, logger?: Logger): void {
  const ajv = new Ajv({ strict: false, allErrors: false });
  for (const s of SHARED_SCHEMAS) ajv.addSchema(s);
  const compiled = new WeakMap<object, ValidateFunction>();
  app.addHook("preSerialization", async (req, reply, payload) => {
    const responses = req.routeOptions.schema?.response as Record<string, object> | undefined;
    const schema = responses?.[String(reply.statusCode)];
    if (!schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(payload)) return payload;
    logger?.error(
      { url: req.url, status: reply.statusCode, errors: ajv.errorsText(validate.errors) },
      "API response does not match its schema",
    );
    reply.code(500);
    return { code: "internal", message: "the response did not match the API's schema" };
  });
}
