/**
 * Peak resident memory of this process, for benchmark children.
 *
 * `process.resourceUsage().maxRSS` is not it on Linux: a child started by spawn/exec keeps the
 * high-water mark of the process it was started from (the kernel carries it across exec), so
 * every child of a large benchmark process reported the parent's peak. VmHWM in
 * /proc/self/status belongs to this process's own address space.
 */
import { readFileSync } from 'node:fs';

/** Peak resident set size in KB (VmHWM; maxRSS where /proc is missing). */
export function peakRssKB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // Not Linux: the rusage figure is the best there is.
  }
  return process.resourceUsage().maxRSS;
}
