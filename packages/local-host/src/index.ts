export * from './local-host.ts';
export * from './http-server.ts';
export * from './routes.ts';
export * from './timers.ts';
export * from './early-listener.ts';
export * from './azurite.ts';
