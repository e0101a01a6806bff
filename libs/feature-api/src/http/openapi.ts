import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import { z } from 'zod';

/** JSON Schema for OpenAPI straight from the zod contract, so the docs cannot drift from validation. */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

export const ApiJsonBody = (schema: z.ZodType) => ApiBody({ schema: jsonSchema(schema) as never });

export const ApiQueryParams = (params: { name: string; description: string; required?: boolean; isArray?: boolean }[]) =>
  applyDecorators(...params.map((param) => ApiQuery({ name: param.name, description: param.description, required: param.required ?? false, isArray: param.isArray ?? false })));
