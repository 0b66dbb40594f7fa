/** The protocol engine's functions, for functions/index.ts and for tests (startTestHost({ extraFunctions })). */
import listProtocols from './list-protocols.ts';
import createProtocol from './create-protocol.ts';
import getProtocol from './get-protocol.ts';
import updateProtocol from './update-protocol.ts';
import activateProtocol from './activate-protocol.ts';
import archiveProtocol from './archive-protocol.ts';
import listProtocolVersions from './list-protocol-versions.ts';
import diffProtocolVersions from './diff-protocol-versions.ts';
import listProtocolTemplates from './list-protocol-templates.ts';
import createProtocolTemplate from './create-protocol-template.ts';
import applyProtocolTemplate from './apply-protocol-template.ts';

export const protocolFunctions = [
  listProtocols, createProtocol, getProtocol, updateProtocol, activateProtocol, archiveProtocol,
  listProtocolVersions, diffProtocolVersions, listProtocolTemplates, createProtocolTemplate, applyProtocolTemplate,
] as const;
