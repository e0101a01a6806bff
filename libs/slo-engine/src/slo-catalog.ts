import type { ConfigStore, SloRecord } from '@vigil/config-store';
import type { SloRequest } from '@vigil/contracts';
import { sliKey } from '@vigil/slo';
import { managedRules } from './managed-rules';

/** What a stored SLO was defined with (the request it would be recreated from). */
export function requestOf(slo: SloRecord): SloRequest {
  return { name: slo.name, description: slo.description, service: slo.service, sli: slo.sli, objective: slo.objective, window: slo.window, alerting: slo.alerting };
}

/**
 * SLO definitions and the alert rules they keep, changed together in one Postgres transaction
 * (docs/slo.md): an SLO never exists without its rules, nor rules without their SLO. A changed
 * SLI bumps the revision, so recording starts over for it (live from now, history re-recorded).
 * Input is validated by the caller.
 */
export class SloCatalog {
  constructor(private readonly store: ConfigStore) {}

  /** Null when the project has an SLO of that name. */
  create(projectId: string, request: SloRequest): Promise<SloRecord | null> {
    return this.createAll(projectId, [request]).then((created) => created?.[0] ?? null);
  }

  /** All or none: null when one of the names is taken (nothing is created then). */
  async createAll(projectId: string, requests: readonly SloRequest[]): Promise<SloRecord[] | null> {
    try {
      return await this.store.runInTransaction(async (repos) => {
        const created: SloRecord[] = [];
        for (const request of requests) {
          const slo = await repos.slos.create(projectId, request);
          if (!slo) throw new NameTaken();
          await repos.alertRules.syncManaged(projectId, slo.id, managedRules(slo.id, request));
          created.push(slo);
        }
        return created;
      });
    } catch (error) {
      if (error instanceof NameTaken) return null;
      throw error;
    }
  }

  /** `undefined`: no such SLO in the project; null: another SLO has that name. */
  async replace(projectId: string, id: string, request: SloRequest): Promise<SloRecord | null | undefined> {
    try {
      return await this.store.runInTransaction(async (repos) => {
        const current = await repos.slos.find(projectId, id);
        if (!current) return undefined;
        const slo = await repos.slos.replace(projectId, id, request, sliKey(current.sli) !== sliKey(request.sli));
        if (slo === null) throw new NameTaken();
        if (slo) await repos.alertRules.syncManaged(projectId, id, managedRules(id, request));
        return slo;
      });
    } catch (error) {
      if (error instanceof NameTaken) return null;
      throw error;
    }
  }

  /** Deletes the SLO with its rules and their alerts (the records expire with their retention). */
  delete(projectId: string, id: string): Promise<boolean> {
    return this.store.slos.delete(projectId, id);
  }
}

class NameTaken extends Error {}
