import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AlertRuleService } from './alerting/alert-rule.service';
import { AlertRulesController } from './alerting/alert-rules.controller';
import { AlertingQueueService } from './alerting/alerting-queue.service';
import { AlertsController } from './alerting/alerts.controller';
import { MaintenanceWindowsController } from './alerting/maintenance-windows.controller';
import { NotificationChannelService } from './alerting/notification-channel.service';
import { NotificationChannelsController } from './alerting/notification-channels.controller';
import { NotificationPoliciesController } from './alerting/notification-policies.controller';
import { RawThresholdService } from './alerting/raw-threshold.service';
import { SilencesController } from './alerting/silences.controller';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditSnapshots } from './audit/audit-snapshots';
import { AccessChangesService } from './auth/access-changes.service';
import { AccessGuard } from './auth/access.guard';
import { CheckService } from './checks/check.service';
import { ChecksController, IncidentsController } from './checks/checks.controller';
import { FailoverGroupsController } from './checks/failover-groups.controller';
import { FailoverService } from './checks/failover.service';
import { PushController } from './checks/push.controller';
import { UptimeController } from './reports/uptime.controller';
import { UptimeService } from './reports/uptime.service';
import { ApiKeysController } from './auth/api-keys.controller';
import { AuthController } from './auth/auth.controller';
import { AuthenticationService } from './auth/authentication.service';
import { IngestController } from './ingest/ingest.controller';
import { MetricIngestService } from './ingest/metric-ingest.service';
import { ProjectIngestSettingsService } from './ingest/project-ingest-settings.service';
import { ProtocolIngestController } from './ingest/protocol-ingest.controller';
import { TelemetryIngestService } from './ingest/telemetry-ingest.service';
import { LogTailService } from './logs/log-tail.service';
import { LogsQueryController } from './logs/logs-query.controller';
import { MetricsQueryController } from './metrics/metrics-query.controller';
import { ProjectSettingsController } from './projects/project-settings.controller';
import { ServicesController } from './services/services.controller';
import { SloLateDataService } from './slos/slo-late-data.service';
import { SloQueriesService } from './slos/slo-queries.service';
import { SloService } from './slos/slo.service';
import { SlosController } from './slos/slos.controller';
import { PublicStatusPageService } from './status-pages/public-status-page.service';
import { PublicStatusPagesController } from './status-pages/public-status-pages.controller';
import { StatusPageService } from './status-pages/status-page.service';
import { StatusPagesController } from './status-pages/status-pages.controller';
import { SystemStatusController } from './system/system-status.controller';
import { SystemModule } from './system/system.module';
import { AccountController } from './teams/account.controller';
import { InviteMailerService } from './teams/invite-mailer.service';
import { InvitesController } from './teams/invites.controller';
import { InvitesService } from './teams/invites.service';
import { MembersController } from './teams/members.controller';
import { MembersService } from './teams/members.service';
import { OrganizationsController } from './teams/organizations.controller';
import { ProjectDeletionQueueService } from './teams/project-deletion-queue.service';
import { ProjectsController } from './teams/projects.controller';
import { ProjectsService } from './teams/projects.service';

/** The HTTP API: ingest, queries, alerting and checks configuration, push pings, teams and the audit trail, auth, health. Needs RuntimeModule.forRoot(...) beside it. */
@Module({
  imports: [SystemModule],
  controllers: [
    AuthController,
    IngestController,
    ProtocolIngestController,
    MetricsQueryController,
    LogsQueryController,
    SystemStatusController,
    ServicesController,
    ApiKeysController,
    ProjectSettingsController,
    AlertRulesController,
    NotificationChannelsController,
    NotificationPoliciesController,
    SilencesController,
    MaintenanceWindowsController,
    AlertsController,
    ChecksController,
    IncidentsController,
    PushController,
    FailoverGroupsController,
    UptimeController,
    OrganizationsController,
    ProjectsController,
    MembersController,
    InvitesController,
    AccountController,
    AuditController,
    SlosController,
    StatusPagesController,
    PublicStatusPagesController,
  ],
  providers: [
    AlertingQueueService,
    RawThresholdService,
    AlertRuleService,
    CheckService,
    FailoverService,
    UptimeService,
    NotificationChannelService,
    SloLateDataService,
    SloService,
    SloQueriesService,
    StatusPageService,
    PublicStatusPageService,
    AuthenticationService,
    MetricIngestService,
    ProjectIngestSettingsService,
    TelemetryIngestService,
    LogTailService,
    AuditSnapshots,
    AccessChangesService,
    ProjectDeletionQueueService,
    ProjectsService,
    MembersService,
    InviteMailerService,
    InvitesService,
    { provide: APP_GUARD, useClass: AccessGuard },
    // Every write of every route is audited unless it is marked @AuditExempt (docs/teams.md).
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class ApiModule {}
