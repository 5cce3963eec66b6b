// Builds the OpenAPI 3.1 document from the route table, so the docs cannot drift from the code.
import { z } from 'zod';
import { DEVICE_COOKIE_NAME, REFRESH_COOKIE_NAME } from './auth.js';
import { problemSchema } from './common.js';
import type { RouteSpec } from './route-spec.js';
import { routes } from './routes.js';

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the work goes on after the answer',
  204: 'No content',
  400: 'Invalid input: a body that is not JSON, or fields that fail validation (see `errors`)',
  401: 'Not signed in, or the credentials are invalid or expired',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Request body too large',
  415: 'The body is not UTF-8 JSON',
  429: 'Too many requests: wait for the seconds in Retry-After',
  500: 'Something failed on the server; quote the requestId when reporting it',
  503: 'A dependency (database or Redis) is unavailable: retry after the seconds in Retry-After',
};

/** Answers any API request can get, whatever the route: every request passes the body parser. */
const EVERY_ROUTE_ERRORS = [400, 413, 415, 500];

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const seconds = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 };

/** Response headers, as components so each is described once. */
const RESPONSE_HEADERS: Record<string, JsonSchema> = {
  'Cache-Control': {
    description: 'API answers carry tokens and personal data: no cache may keep them',
    schema: { type: 'string', enum: ['no-store'] },
  },
  'X-Request-Id': {
    description: "The request's id (the client's X-Request-Id when it is safe, else a new UUID)",
    schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]{8,128}$' },
  },
  'RateLimit-Policy': {
    description: 'The limit that applies, as "<requests>;w=<window seconds>" (IETF draft 6)',
    schema: { type: 'string', maxLength: 40, pattern: '^\\d+;w=\\d+$' },
  },
  'RateLimit-Limit': {
    description: 'Requests allowed in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the current window',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 },
  },
  'RateLimit-Reset': { description: 'Seconds until the window resets', schema: seconds },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: seconds },
};

function responseHeaders(spec: RouteSpec, status: number): Record<string, unknown> {
  const headers: Record<string, unknown> = {
    'Cache-Control': headerRef('Cache-Control'),
    'X-Request-Id': headerRef('X-Request-Id'),
  };
  // The API-wide limiter runs before anything else answers, so every answer carries its headers.
  if (spec.throttled !== false) {
    for (const name of ['RateLimit-Policy', 'RateLimit-Limit', 'RateLimit-Remaining'])
      headers[name] = headerRef(name);
    headers['RateLimit-Reset'] = headerRef('RateLimit-Reset');
  }
  if (status === 429 || status === 503) headers['Retry-After'] = headerRef('Retry-After');
  return headers;
}

const ACCESS_TEXT: Record<RouteSpec['access'], string> = {
  public: 'Public: no access token needed.',
  user: 'Needs a signed-in user: send the access token as `Authorization: Bearer <token>`.',
  admin: 'Admins only: the access token of a signed-in administrator.',
};

function descriptionOf(spec: RouteSpec): string {
  const parts = [ACCESS_TEXT[spec.access]];
  if (spec.refreshCookie === 'required')
    parts.push('Needs the refresh cookie and an Origin header naming this site.');
  if (spec.refreshCookie === 'optional')
    parts.push(
      'Ends the session of the refresh cookie, else of the access token, if either is sent.',
    );
  if (spec.usesRefreshCookie)
    parts.push('Sets or clears the refresh cookie (HttpOnly, SameSite=Strict, path /api/auth).');
  if (spec.deviceCookie)
    parts.push(
      `Sets the device cookie \`${DEVICE_COOKIE_NAME}\` (HttpOnly, SameSite=Strict, path ` +
        '/api/auth, one year): it marks this browser as one that signed in to this email.',
    );
  if (spec.deviceCookie === 'reads and sets')
    parts.push(
      'With the device cookie of an earlier sign-in to the same email, failed attempts are ' +
        "throttled for this browser alone, so other people's failures for the email do not " +
        'make it wait.',
    );
  if (spec.throttled === false) parts.push('Never rate limited.');
  return parts.join(' ');
}

/** Who may call an operation, in OpenAPI terms; undefined inherits the bearer-token default. */
function securityOf(spec: RouteSpec): JsonSchema[] | undefined {
  if (spec.refreshCookie === 'required') return [{ refreshCookie: [] }];
  if (spec.refreshCookie === 'optional') return [{ refreshCookie: [] }, { bearerAuth: [] }, {}];
  return spec.access === 'public' ? [] : undefined;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Facts zod leaves out of its JSON Schema: a UUID is 36 characters, and an integer has a size
 * (clients generated from the document need one).
 */
function addImpliedLimits(json: JsonSchema): void {
  if (json.format === 'uuid' && json.maxLength === undefined) json.maxLength = 36;
  if (json.type !== 'integer' || json.format !== undefined) return;
  const { minimum, maximum } = json as { minimum?: number; maximum?: number };
  const fits = minimum !== undefined && maximum !== undefined;
  json.format = fits && minimum >= INT32.min && maximum <= INT32.max ? 'int32' : 'int64';
}

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
      override: ({ jsonSchema }) => addImpliedLimits(jsonSchema as JsonSchema),
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

/** Sent back by the browser on its own; a missing, foreign or tampered one is simply ignored. */
const DEVICE_COOKIE_PARAMETER: JsonSchema = {
  name: DEVICE_COOKIE_NAME,
  in: 'cookie',
  required: false,
  description:
    'The device cookie a sign-in or registration set: a random device id and an HMAC binding ' +
    'it to the email, signed by the server.',
  schema: { type: 'string', maxLength: 66, pattern: '^[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}$' },
};

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
  if (spec.deviceCookie === 'reads and sets') parameters.push(DEVICE_COOKIE_PARAMETER);
  return parameters;
}

function operationOf(name: string, spec: RouteSpec, schemas: SchemaCollector): JsonSchema {
  const response = (status: number, content?: JsonSchema) => ({
    description: STATUS_TEXT[status] ?? 'Error',
    headers: responseHeaders(spec, status),
    ...(content ? { content } : {}),
  });
  const problem = {
    'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
  };
  const responses: Record<string, unknown> = {
    [spec.success.status]: response(
      spec.success.status,
      spec.success.schema
        ? {
            [spec.success.contentType ?? 'application/json']: {
              schema: schemas.convert(spec.success.schema, 'output'),
            },
          }
        : undefined,
    ),
  };
  const errorStatuses = new Set<number>([...EVERY_ROUTE_ERRORS, ...(spec.errors ?? [])]);
  if (spec.throttled !== false) errorStatuses.add(429);
  if (spec.usesDependencies !== false) errorStatuses.add(503);
  if (spec.access !== 'public') errorStatuses.add(401);
  if (spec.access === 'admin') errorStatuses.add(403);
  for (const status of [...errorStatuses].sort()) responses[status] = response(status, problem);

  const security = securityOf(spec);
  return {
    operationId: name,
    summary: spec.summary,
    description: descriptionOf(spec),
    tags: [spec.tag],
    ...(security ? { security } : {}),
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
    servers: [
      {
        url: info.serverUrl ?? '/',
        description: 'The deployment serving this document: local, staging or production',
        'x-internal': false,
      },
    ],
    tags: [
      { name: 'auth', description: 'Register, sign in, refresh, sign out' },
      { name: 'account', description: 'Two-factor sign-in and email changes for my account' },
      { name: 'users', description: 'Profiles and user administration' },
      { name: 'sessions', description: 'Signed-in devices' },
      { name: 'logs', description: 'Audit and security events' },
      { name: 'admin', description: 'Operational numbers for administrators' },
      { name: 'health', description: 'Probes for load balancers and orchestrators' },
    ],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'The access token from register, login or refresh: a JWS following RFC8725. The ' +
            'server accepts only HS256 (never `none`), checks issuer, audience and expiry, and ' +
            'refuses tokens of ended sessions.',
        },
        refreshCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: REFRESH_COOKIE_NAME,
          description:
            'The refresh token: an opaque random value in an HttpOnly, SameSite=Strict cookie ' +
            'scoped to /api/auth, rotated on every refresh.',
        },
      },
      headers: RESPONSE_HEADERS,
      schemas: schemas.components,
    },
    paths,
  };
}
