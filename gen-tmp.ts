import { buildOpenApiDocument } from '@korevitta/platform';
import { allFunctions } from './functions/index.ts';
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/sp/openapi.json', JSON.stringify(buildOpenApiDocument(allFunctions, { version: 'x' }), null, 2));
