/** A clock whose sleeps return at once and are recorded (mock only the clock). */
export interface InstantClock {
  now(): number;
  sleep(millis: number, signal?: AbortSignal): Promise<void>;
  sleeps: number[];
}

export function instantClock(start = Date.UTC(2026, 0, 1)): InstantClock {
  let time = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (millis) => {
      sleeps.push(millis);
      time += millis;
    },
  };
}
