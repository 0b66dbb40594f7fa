import { currentLogContext } from './log-context.ts';
import { redact, redactString } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export type LogSink = (line: string) => void;

/** Structured JSON logger: one line per event, with the request/message context and redaction. */
export interface Logger {
  debug(event: string, fields?: Record<string, unknown>): void;
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
  /** Security events (TEST-CATALOG 43): always logged, with a `security` marker for alert rules. */
  security(event: string, fields: { outcome: 'success' | 'failure' | 'denied'; [k: string]: unknown }): void;
}

export const stdoutSink: LogSink = (line) => { process.stdout.write(`${line}\n`); };
let sinks: LogSink[] = [stdoutSink];

/** Tests capture every line the service writes (to scan for leaked secrets). */
export function addLogSink(sink: LogSink): () => void {
  sinks.push(sink);
  return () => { sinks = sinks.filter((s) => s !== sink); };
}
/** Replaces every sink (tests keep the lines in memory instead of printing them); returns a restore function. */
export function setLogSinks(next: LogSink[]): () => void {
  const previous = sinks;
  sinks = next;
  return () => { sinks = previous; };
}

export function createLogger(level: LogLevel | 'silent' = 'info', base: Record<string, unknown> = {}): Logger {
  const emit = (lvl: LogLevel, event: string, fields: Record<string, unknown> = {}, force = false) => {
    if (!force && ORDER[lvl] < ORDER[level]) return;
    const record = {
      time: new Date().toISOString(),
      level: lvl,
      event: redactString(event),
      ...base,
      ...currentLogContext(),
      ...(redact(fields) as Record<string, unknown>),
    };
    const line = JSON.stringify(record);
    for (const sink of sinks) sink(line);
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    security: (e, f) => emit(f.outcome === 'success' ? 'info' : 'warn', e, { security: true, ...f }, true),
  };
}
