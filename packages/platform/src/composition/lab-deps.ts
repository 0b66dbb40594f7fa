import { sharpImages } from '../storage/sharp-images.ts';
import { createLabStore, loadBiomarkerCatalog, withTenant, type Database, type Tx } from '@korevitta/db';
import type { BiomarkerCatalog, BiomarkerCatalogSource, BlobStore, LabDeps } from '@korevitta/domain';
import { practiceEntitlementReader } from './entitlements.ts';
import type { AuthContext } from '../functions/definitions.ts';
import type { Runtime } from '../runtime.ts';
import { ids } from '../ids.ts';
import { tenantOf } from '../auth/tenant-of.ts';
import { progressAudit } from './progress-audit.ts';

/**
 * The biomarker catalog changes only by a migration (a new catalog version), which ships with a deployment and so
 * with a new process: it is read once per process and database, then served from memory (no statement per request).
 * A failed read is not cached.
 */
const catalogs = new WeakMap<Database, Promise<BiomarkerCatalog>>();

function cachedCatalog(db: Database, load: () => Promise<BiomarkerCatalog>): Promise<BiomarkerCatalog> {
  const hit = catalogs.get(db);
  if (hit) return hit;
  const loading = load();
  catalogs.set(db, loading);
  loading.catch(() => catalogs.delete(db));
  return loading;
}

/** The catalog for one transaction: cached, or read through it on a miss. */
export const catalogSource = (db: Database, tx: Tx): BiomarkerCatalogSource => ({ load: () => cachedCatalog(db, () => loadBiomarkerCatalog(tx)) });

/** GET /v1/biomarkers: from memory, or read once in the caller's transaction (the catalog tables need a signed-in role). */
export function readBiomarkerCatalog(rt: Pick<Runtime, 'db'>, auth: AuthContext): Promise<BiomarkerCatalog> {
  return cachedCatalog(rt.db, () => withTenant(rt.db, tenantOf(auth), (tx) => loadBiomarkerCatalog(tx)));
}

interface RequestMeta { auth: AuthContext; requestId: string; now: Date }

export function labDeps(tx: Tx, meta: RequestMeta, rt: { db: Database; blobs: BlobStore | null }): LabDeps {
  return { store: createLabStore(tx), catalog: catalogSource(rt.db, tx), blobs: rt.blobs, entitlements: practiceEntitlementReader(tx), images: sharpImages, audit: progressAudit(tx, meta), newId: ids.newId, now: meta.now };
}
