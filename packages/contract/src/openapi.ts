// Builds the OpenAPI 3.1 document from the route table, so the docs cannot drift from the code.
import { z } from 'zod';
import { problemSchema } from './common.js';
import { routes, type RouteSpec } from './routes.js';

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No content',
  400: 'Invalid input (see `errors` for each field)',
  401: 'Not signed in, or the token is invalid or expired',
  403: 'Signed in but not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  429: 'Too many requests (see Retry-After)',
  503: 'A dependency is unavailable',
};

/**
 * Named schemas (those with a `meta({ id })`) are lifted into `components.schemas`, so each
 * appears once in the document and every operation refers to it.
 */
class SchemaCollector {
  readonly components: Record<string, JsonSchema> = {};

  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }) as JsonSchema;
    delete json.$schema;
    const { $defs, ...rest } = JSON.parse(
      JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    Object.assign(this.components, $defs);
    return rest;
  }
}

/** `/users/:id` → `/users/{id}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

function parametersOf(spec: RouteSpec, schemas: SchemaCollector): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  const add = (where: 'path' | 'query', objectSchema: z.ZodType | undefined) => {
    if (!objectSchema) return;
    const json = schemas.convert(objectSchema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(properties)) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        schema,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      });
    }
  };
  add('path', spec.params);
  add('query', spec.query);
  return parameters;
}

function operationOf(name: string, spec: RouteSpec, schemas: SchemaCollector): JsonSchema {
  const problemResponse = (status: number) => ({
    description: STATUS_TEXT[status] ?? 'Error',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });
  const responses: Record<string, unknown> = {
    [spec.success.status]: spec.success.schema
      ? {
          description: STATUS_TEXT[spec.success.status],
          content: {
            'application/json': { schema: schemas.convert(spec.success.schema, 'output') },
          },
        }
      : { description: STATUS_TEXT[spec.success.status] },
  };
  const errorStatuses = new Set<number>([...(spec.errors ?? []), 429]);
  if (spec.body || spec.query || spec.params) errorStatuses.add(400);
  if (spec.body) errorStatuses.add(413);
  if (spec.access !== 'public') errorStatuses.add(401);
  if (spec.access === 'admin') errorStatuses.add(403);
  if (spec.usesRefreshCookie && spec.path !== '/auth/register') errorStatuses.add(401);
  for (const status of [...errorStatuses].sort()) responses[status] = problemResponse(status);

  return {
    operationId: name,
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.access === 'public' ? { security: [] } : {}),
    ...(spec.access === 'admin' ? { description: 'Admins only.' } : {}),
    parameters: parametersOf(spec, schemas),
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemas.convert(spec.body, 'input') } },
          },
        }
      : {}),
    responses,
  };
}

export interface OpenApiInfo {
  version: string;
  serverUrl?: string;
}

export function buildOpenApiDocument(info: OpenApiInfo): JsonSchema {
  const schemas = new SchemaCollector();
  schemas.convert(problemSchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, spec] of Object.entries(routes) as [string, RouteSpec][]) {
    const path = `/api${toOpenApiPath(spec.path)}`;
    paths[path] ??= {};
    paths[path][spec.method] = operationOf(name, spec, schemas);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'GV Playground API',
      version: info.version,
      description:
        'Accounts, sessions, users, audit logs and health. Errors are RFC 9457 problem+json ' +
        'documents carrying a `requestId`. Sign in with /api/auth/login and send the access ' +
        'token as `Authorization: Bearer <token>`.',
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    tags: [
      { name: 'auth', description: 'Register, sign in, refresh, sign out' },
      { name: 'users', description: 'Profiles and user administration' },
      { name: 'sessions', description: 'Signed-in devices' },
      { name: 'logs', description: 'Audit and security events' },
      { name: 'admin', description: 'Operational numbers for administrators' },
      { name: 'health', description: 'Probes for load balancers and orchestrators' },
    ],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: schemas.components,
    },
    paths,
  };
}
