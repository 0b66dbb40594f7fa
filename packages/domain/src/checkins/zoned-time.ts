/**
 * Wall-clock time in an IANA zone ↔ instants, with Intl only (no tz database of our own). The rule for
 * wall times that do not exist or exist twice is the one of Temporal's `disambiguation: 'compatible'`:
 * a time skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30 in New York), and a
 * time repeated by a fall-back overlap is the earlier of the two (01:30 EDT, not 01:30 EST).
 */
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of `instantMs` in `timeZone`, as if that wall clock were UTC (whole seconds). */
function wallClockMs(instantMs: number, timeZone: string): number {
  const parts = wallFormatter(timeZone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? Number.NaN);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** UTC offset of `timeZone` at `instantMs`, in ms (São Paulo: −3 h). */
function offsetMs(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallClockMs(whole, timeZone) - whole;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Memo of zonedInstant: Intl's formatToParts costs microseconds and a batch (the sweep creating thousands of
 * next check-ins) asks the same few (date, time, zone) triples over and over. Pure, so caching is invisible;
 * bounded by clearing when full.
 */
const instants = new Map<string, number>();
const MEMO_MAX = 50_000;

/** The instant at which the wall clock of `timeZone` shows `date` (YYYY-MM-DD) at `time` (HH:MM). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const key = `${date}T${time}@${timeZone}`;
  const hit = instants.get(key);
  if (hit !== undefined) return new Date(hit);
  const ms = computeZonedInstant(date, time, timeZone);
  if (instants.size >= MEMO_MAX) instants.clear();
  instants.set(key, ms);
  return new Date(ms);
}

function computeZonedInstant(date: string, time: string, timeZone: string): number {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) throw new Error(`not a local date and time: ${date} ${time}`);
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Offsets a day either side of the wall time are the ones before and after any transition that day.
  const before = wall - offsetMs(wall - DAY_MS, timeZone);
  const after = wall - offsetMs(wall + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])].sort((a, b) => a - b).filter((c) => wallClockMs(c, timeZone) === wall);
  // No candidate: the wall time falls in a gap; the pre-transition offset carries it forward by the gap.
  return candidates[0] ?? before;
}

/** The local `HH:MM` of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): string {
  return new Date(wallClockMs(instant.getTime(), timeZone)).toISOString().slice(11, 16);
}
