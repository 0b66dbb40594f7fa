/** Responses every authenticated endpoint documents the same way (the problem+json bodies come from the HTTP kit). */
export const errorResponses = {
  400: { description: 'Invalid or unknown fields, or a bad cursor (problem+json with errors[])' },
  401: { description: 'Not authenticated' },
  403: { description: 'Not allowed for this role' },
} as const;
