export interface HydrationProgress {
  /** The day's goal from the hydration task of that day's protocol version; null when the day has none. */
  goalMl: number | null;
  consumedMl: number;
  /**
   * consumed / goal in whole percent, NOT capped: 130 tells the patient and the professional something.
   * A progress bar caps it for display; adherence caps it at 100 (see adherence.ts). Null without a goal.
   */
  percent: number | null;
}

export function hydrationProgress(goalMl: number | null, consumedMl: number): HydrationProgress {
  return { goalMl, consumedMl, percent: goalMl && goalMl > 0 ? Math.round((consumedMl * 100) / goalMl) : null };
}
