import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** JSON Schema for OpenAPI straight from the zod contract, so the docs cannot drift from validation. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export const ApiJsonBody = (schema: z.ZodType) => ApiBody({ schema: jsonSchema(schema) as never });

/** The `project` query parameter of every route on one project (RequireScope): a key implies it, a session names it. */
export const PROJECT_QUERY_PARAM = { name: 'project', description: 'Project id (needed with a session; implied by an API key)' };

export const ApiQueryParams = (params: { name: string; description: string; required?: boolean; isArray?: boolean }[]) =>
  applyDecorators(...params.map((param) => ApiQuery({ name: param.name, description: param.description, required: param.required ?? false, isArray: param.isArray ?? false })));
