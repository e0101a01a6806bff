import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { decodeOtlpLogs, decodeOtlpMetrics, decodeRemoteWrite, decodeVigilLogs, type OtlpFormat, DecodedSeriesCache, OtlpSeriesCache, type VigilLogsKind } from '@vigil/ingest';
import { DomainError } from '@vigil/server-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditExempt } from '../audit/audit-draft';
import { ProjectId, RequireScope } from '../auth/access.guard';
import { mediaType } from '../http/media-types';
import { ApiQueryParams, PROJECT_QUERY_PARAM } from '../http/openapi';
import { encodeExportResponseProtobuf, exportResponseJson } from './otlp-response';
import { decodeContentEncoding } from './request-body';
import { describeRejection, type IngestOutcome, refuseIfNothingStored, TelemetryIngestService } from './telemetry-ingest.service';

const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf'];
const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];

function vigilLogsKind(request: FastifyRequest): VigilLogsKind {
  const type = mediaType(request.headers['content-type']);
  if (type === 'application/json') return 'json';
  if (NDJSON_TYPES.includes(type)) return 'ndjson';
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `Vigil JSON logs take application/json or application/x-ndjson, not "${type || 'none'}".`);
}

function otlpFormat(request: FastifyRequest): OtlpFormat {
  const type = mediaType(request.headers['content-type']);
  if (PROTOBUF_TYPES.includes(type)) return 'protobuf';
  if (type === 'application/json') return 'json';
  throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `OTLP/HTTP takes application/x-protobuf or application/json, not "${type || 'none'}".`);
}

/**
 * The ingest endpoints at the paths each ecosystem expects: OTLP/HTTP (`/v1/metrics`,
 * `/v1/logs`), Prometheus remote_write 1.0 (`/api/v1/write`) and Vigil's JSON logs.
 * Each answers only after the data is written.
 */
@ApiTags('ingest')
@ApiBearerAuth()
// Every route ingests into one project: the key's, or the one a session names.
@ApiQueryParams([PROJECT_QUERY_PARAM])
@AuditExempt('ingest writes telemetry, not configuration')
@Controller()
export class ProtocolIngestController {
  /** Decoded remote_write series reused across requests: Prometheus resends the same series. */
  private readonly remoteWriteSeries = new DecodedSeriesCache();
  /** The same for OTLP metrics: an SDK exports the same series every interval. */
  private readonly otlpMetricSeries = new OtlpSeriesCache();

  constructor(private readonly ingest: TelemetryIngestService) {}

  @Post('v1/metrics')
  @RequireScope('ingest')
  @ApiOperation({ summary: 'OTLP/HTTP metrics (protobuf or JSON, gzip accepted)' })
  @ApiConsumes('application/x-protobuf', 'application/json')
  async otlpMetrics(@ProjectId() projectId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const format = otlpFormat(request);
    const [body, settings] = await Promise.all([this.body(request), this.ingest.settingsFor(projectId)]);
    const batch = this.ingest.decode(() => decodeOtlpMetrics(body, format, settings.limits, Date.now(), { seriesCache: this.otlpMetricSeries }));
    await this.answerOtlp(reply, format, 'metrics', await this.ingest.writeMetrics('otlp', projectId, batch, settings));
  }

  @Post('v1/logs')
  @RequireScope('ingest')
  @ApiOperation({ summary: 'OTLP/HTTP logs (protobuf or JSON, gzip accepted)' })
  @ApiConsumes('application/x-protobuf', 'application/json')
  async otlpLogs(@ProjectId() projectId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const format = otlpFormat(request);
    const [body, settings] = await Promise.all([this.body(request), this.ingest.settingsFor(projectId)]);
    const batch = this.ingest.decode(() => decodeOtlpLogs(body, format, settings.limits, Date.now()));
    await this.answerOtlp(reply, format, 'logs', await this.ingest.writeLogs('otlp', projectId, batch, settings));
  }

  @Post('api/v1/write')
  @RequireScope('ingest')
  @ApiOperation({ summary: 'Prometheus remote_write 1.0 (snappy-compressed protobuf); 204 when all is stored' })
  @ApiConsumes('application/x-protobuf')
  async remoteWrite(@ProjectId() projectId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const type = mediaType(request.headers['content-type']);
    if (!PROTOBUF_TYPES.includes(type)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `remote_write takes application/x-protobuf with Content-Encoding: snappy, not "${type || 'none'}".`);
    }
    const encoding = (request.headers['content-encoding'] ?? '').toLowerCase();
    if (encoding !== 'snappy') throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'remote_write bodies must be snappy-compressed (Content-Encoding: snappy).');
    if (!Buffer.isBuffer(request.body)) throw new DomainError('VALIDATION_FAILED', 'The request has no body.');
    const body = request.body;
    const settings = await this.ingest.settingsFor(projectId);
    const batch = this.ingest.decode(() => decodeRemoteWrite(body, settings.limits, Date.now(), { seriesCache: this.remoteWriteSeries }));
    const outcome = await this.ingest.writeMetrics('remote_write', projectId, batch, settings);
    // Prometheus drops a batch on 4xx and retries 5xx: refused samples are reported with 400
    // after the valid ones are stored, so they are neither retried nor silently lost.
    if (outcome.rejected.count > 0) throw new DomainError('VALIDATION_FAILED', `Stored ${outcome.accepted} samples, ${describeRejection(outcome.rejected, 'samples')}.`);
    void reply.status(204).send();
  }

  @Post('api/v1/ingest/logs')
  @HttpCode(200)
  @RequireScope('ingest')
  @ApiOperation({ summary: 'Vigil JSON logs: one record, an array, or NDJSON; 400 when every record is refused' })
  @ApiConsumes('application/json', 'application/x-ndjson')
  async vigilLogs(@ProjectId() projectId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const kind = vigilLogsKind(request);
    const [body, settings] = await Promise.all([this.body(request), this.ingest.settingsFor(projectId)]);
    const batch = this.ingest.decode(() => decodeVigilLogs(body, kind, settings.limits, Date.now()));
    const outcome = await this.ingest.writeLogs('vigil_json', projectId, batch, settings);
    refuseIfNothingStored(outcome, 'log records');
    void reply.status(200).send({ accepted: outcome.accepted, rejected: outcome.rejected.count, reasons: outcome.rejected.reasons });
  }

  private body(request: FastifyRequest): Promise<Buffer> {
    return decodeContentEncoding(request.body, request.headers['content-encoding'], this.maxBodyBytes(request));
  }

  private maxBodyBytes(request: FastifyRequest): number {
    return request.routeOptions.bodyLimit ?? 10 * 1024 * 1024;
  }

  private async answerOtlp(reply: FastifyReply, format: OtlpFormat, kind: 'metrics' | 'logs', outcome: IngestOutcome): Promise<void> {
    const partial = outcome.rejected.count > 0 ? { rejected: outcome.rejected.count, message: describeRejection(outcome.rejected, kind === 'metrics' ? 'data points' : 'log records') } : undefined;
    if (format === 'protobuf') {
      await reply.status(200).header('content-type', 'application/x-protobuf').send(encodeExportResponseProtobuf(partial));
      return;
    }
    await reply.status(200).header('content-type', 'application/json').send(exportResponseJson(kind, partial));
  }
}
