import { addDays, dateRange, maxDate, minDate } from './calendar.ts';
import { hydrationProgress, type HydrationProgress } from './hydration.ts';

/** One day's raw facts: tasks that count (every kind but hydration), completions, hydration goal and intake. */
export interface DayFacts { date: string; total: number; completed: number; goalMl: number | null; consumedMl: number }

export interface AdherenceDay {
  date: string;
  completed: number;
  total: number;
  /** completed / total (0..1), null on a day without tasks. */
  completionRate: number | null;
  /** The day's hydration progress, the same shape as in the patient's day view (percent not capped). */
  hydration: HydrationProgress;
}

export interface AdherenceAverage {
  /** The window, inclusive, ending at min(to, the patient's today). */
  from: string;
  to: string;
  /** Pooled: Σ completed / Σ total over the window; null when the window has no task. */
  completionRate: number | null;
  /**
   * Mean over days with a goal of min(1, intake / goal) (0..1): capped, so a day of excess never hides a
   * missed one; null when no day had a goal.
   */
  hydrationRate: number | null;
}

export interface Adherence { days: AdherenceDay[]; averages: { last7: AdherenceAverage; last30: AdherenceAverage } }

/** The adherence window the store must read so that the series and both averages can be computed. */
export function adherenceReadRange(from: string, to: string, today: string): { from: string; to: string } {
  const end = minDate(to, today);
  return { from: minDate(from, addDays(end, -29)), to: maxDate(to, end) };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function adherenceDay(f: DayFacts): AdherenceDay {
  return {
    date: f.date,
    completed: f.completed,
    total: f.total,
    completionRate: f.total > 0 ? round(f.completed / f.total, 4) : null,
    hydration: hydrationProgress(f.goalMl, f.consumedMl),
  };
}

function average(byDate: Map<string, AdherenceDay>, from: string, to: string): AdherenceAverage {
  let completed = 0;
  let total = 0;
  const hydration: number[] = [];
  for (const date of dateRange(from, to)) {
    const d = byDate.get(date);
    if (!d) continue;
    completed += d.completed;
    total += d.total;
    const goal = d.hydration.goalMl;
    if (goal !== null && goal > 0) hydration.push(Math.min(1, d.hydration.consumedMl / goal));
  }
  return {
    from,
    to,
    completionRate: total > 0 ? round(completed / total, 4) : null,
    hydrationRate: hydration.length > 0 ? round(hydration.reduce((a, b) => a + b, 0) / hydration.length, 4) : null,
  };
}

/**
 * The daily series from `from` to `to` and the 7- and 30-day averages ending at the last day that has
 * happened (min(to, today)): future days, whose tasks cannot be done yet, never drag an average down.
 * Days missing from `facts` count as days without tasks.
 */
export function computeAdherence(facts: DayFacts[], range: { from: string; to: string; today: string }): Adherence {
  const byDate = new Map(facts.map((f) => [f.date, adherenceDay(f)]));
  const days = dateRange(range.from, range.to).map((date) => byDate.get(date) ?? adherenceDay({ date, total: 0, completed: 0, goalMl: null, consumedMl: 0 }));
  const end = minDate(range.to, range.today);
  return { days, averages: { last7: average(byDate, addDays(end, -6), end), last30: average(byDate, addDays(end, -29), end) } };
}
