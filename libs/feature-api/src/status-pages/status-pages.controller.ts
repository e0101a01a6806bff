import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type StatusPage, type StatusPageNote, statusPageNoteRequestSchema, statusPageRequestSchema } from '@vigil/contracts';
import { parseOrThrow } from '@vigil/server-kit';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { ApiJsonBody, ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { StatusPageService } from './status-page.service';

/**
 * Public status pages' configuration (docs/checks.md, Status pages): read with `read`, written
 * with `configure`. The page itself is public at `/status/<slug>` (public-status-pages.controller.ts).
 */
@ApiTags('status pages')
@ApiBearerAuth()
@Controller('api/v1/status-pages')
export class StatusPagesController {
  constructor(private readonly pages: StatusPageService) {}

  @Get()
  @RequireScope('read')
  @ApiOperation({ summary: "The project's status pages with their notes" })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  list(@ProjectId() projectId: string): Promise<{ statusPages: StatusPage[] }> {
    return this.pages.list(projectId);
  }

  @Get(':id')
  @RequireScope('read')
  @ApiOperation({ summary: 'One status page with its notes' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  get(@ProjectId() projectId: string, @Param('id') id: string): Promise<StatusPage> {
    return this.pages.get(projectId, id);
  }

  @Post()
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Create a status page: a unique slug (its public address), a title and the checks it shows under public names' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(statusPageRequestSchema)
  create(@ProjectId() projectId: string, @Body() body: unknown): Promise<StatusPage> {
    return this.pages.create(projectId, parseOrThrow(statusPageRequestSchema, body, 'status page'));
  }

  @Put(':id')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a status page (its notes stay)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(statusPageRequestSchema)
  replace(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<StatusPage> {
    return this.pages.replace(projectId, id, parseOrThrow(statusPageRequestSchema, body, 'status page'));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a status page and its notes; its public address answers 404 at once' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  delete(@ProjectId() projectId: string, @Param('id') id: string): Promise<void> {
    return this.pages.delete(projectId, id);
  }

  @Get(':id/notes')
  @RequireScope('read')
  @ApiOperation({ summary: "A status page's notes, newest first (ended ones too)" })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  listNotes(@ProjectId() projectId: string, @Param('id') id: string): Promise<{ notes: StatusPageNote[] }> {
    return this.pages.listNotes(projectId, id);
  }

  @Post(':id/notes')
  @HttpCode(201)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Post a note (announcement, maintenance, update) on a status page; it shows until its end' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(statusPageNoteRequestSchema)
  createNote(@ProjectId() projectId: string, @Param('id') id: string, @Body() body: unknown): Promise<StatusPageNote> {
    return this.pages.createNote(projectId, id, parseOrThrow(statusPageNoteRequestSchema, body, 'note'));
  }

  @Put(':id/notes/:noteId')
  @RequireScope('configure')
  @ApiOperation({ summary: 'Replace a note (without startsAt it keeps its time)' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  @ApiJsonBody(statusPageNoteRequestSchema)
  replaceNote(@ProjectId() projectId: string, @Param('id') id: string, @Param('noteId') noteId: string, @Body() body: unknown): Promise<StatusPageNote> {
    return this.pages.replaceNote(projectId, id, noteId, parseOrThrow(statusPageNoteRequestSchema, body, 'note'));
  }

  @Delete(':id/notes/:noteId')
  @HttpCode(204)
  @RequireScope('configure')
  @ApiOperation({ summary: 'Delete a note' })
  @ApiQueryParams([PROJECT_QUERY_PARAM])
  deleteNote(@ProjectId() projectId: string, @Param('id') id: string, @Param('noteId') noteId: string): Promise<void> {
    return this.pages.deleteNote(projectId, id, noteId);
  }
}
