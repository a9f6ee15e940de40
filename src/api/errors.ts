import type { FastifyError } from 'fastify';
import type { ApiApp } from './types.ts';

/**
 * Every error the API answers is JSON `{error, message}`: `error` the HTTP reason phrase, `message`
 * what was wrong in words a caller can act on. Never a stack trace or a file path.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const reasonOf = (status: number): string => REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');

/** Ajv's "querystring/limit must be <= 1000" → "query parameter limit must be <= 1000". */
function validationMessage(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return err.message;
  const where = err.validationContext ?? 'request';
  const path = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const missing = (first.params as { missingProperty?: string }).missingProperty;
  const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues;
  const additional = (first.params as { additionalProperty?: string }).additionalProperty;
  const label =
    where === 'querystring'
      ? 'query parameter'
      : where === 'params'
        ? 'path parameter'
        : where === 'body'
          ? 'body'
          : where;
  if (missing) return `${label} ${missing} is required`;
  if (additional) return `${label} ${additional} is not allowed`;
  const subject = path === '' ? label : `${label} ${path}`;
  const detail = allowed ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : first.message;
  return `${subject} ${detail ?? 'is invalid'}`;
}

export function installErrorHandlers(app: ApiApp): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      return reply.status(err.statusCode).send({ error: reasonOf(err.statusCode), message: err.message });
    }
    if (err.validation) {
      return reply.status(400).send({ error: reasonOf(400), message: validationMessage(err) });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err, url: request.url }, 'api: request failed');
      return reply
        .status(status)
        .send({ error: reasonOf(status), message: 'internal error; the daemon log has the details' });
    }
    // Fastify's own 4xx (bad JSON body, body too large, unsupported media type, rate limit): their
    // messages name the problem and carry no paths.
    return reply.status(status).send({ error: reasonOf(status), message: err.message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send({ error: reasonOf(404), message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
}
