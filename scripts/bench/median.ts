// The one median every bench prints: the lower middle of the runs, a time that occurred (with an
// even number of runs, the faster of the two middle ones, never an average of them). NaN for no runs.
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? Number.NaN;
}
