import type { ProtocolContent } from './content.ts';

export const PROTOCOL_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProtocolStatus = (typeof PROTOCOL_STATUSES)[number];

/** A patient's protocol (seed §10.1). `content` is the draft's content, or the latest version's once active. */
export interface Protocol {
  id: string;
  professionalId: string;
  patientId: string;
  name: string;
  status: ProtocolStatus;
  content: ProtocolContent;
  /** 0 for a draft never activated; the latest immutable version afterwards. */
  currentVersion: number;
  /** Optimistic concurrency token (the ETag): every change bumps it. */
  rowVersion: number;
  activatedAt: Date | null;
  archivedAt: Date | null;
  /** The template it was created from (POST /v1/protocol-templates/{id}/apply), null when written from scratch. */
  templateId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An immutable snapshot of a protocol's content. */
export interface ProtocolVersion {
  id: string;
  professionalId: string;
  protocolId: string;
  version: number;
  content: ProtocolContent;
  createdBy: string;
  createdAt: Date;
}

/** A composite template (nutrition + training + supplementation + hydration) owned by a professional. */
export interface ProtocolTemplate {
  id: string;
  professionalId: string;
  name: string;
  description: string | null;
  content: ProtocolContent;
  rowVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Who acts: the authenticated caller as the use cases need it. */
export interface ProtocolCaller {
  userId: string;
  role: 'professional' | 'patient';
  professionalId: string;
  patientId: string | null;
}
