import { fmtDuration } from '../../model/estimate.js';
import type { EstimateResult } from '../../model/estimate-result.js';
import { fmtRange, predictionMarks, speedupBase, speedupOf } from '../markdown/estimate-report.js';
import { fmtBytes } from '../terminal/format.js';
import { svgHBarChart } from './svg-hbar-chart.js';
import { svgLineChart, type XRegion } from './svg-line-chart.js';

/**
 * The charts of an estimate's report.html: these functions choose what to draw from the
 * EstimateResult; the svg-* modules only draw.
 */
type Prediction = EstimateResult['predictions'][number];

export interface TimeUnit {
  label: string;
  seconds: number;
}

/** Estimates run from seconds to days: an axis in the unit of its largest value keeps its ticks round. */
export function timeUnit(maxSeconds: number): TimeUnit {
  if (maxSeconds >= 3 * 86_400) return { label: 'days', seconds: 86_400 };
  if (maxSeconds >= 3 * 3600) return { label: 'hours', seconds: 3600 };
  if (maxSeconds >= 180) return { label: 'minutes', seconds: 60 };
  return { label: 'seconds', seconds: 1 };
}

const parallelismTicks = (e: EstimateResult): number[] => [...new Set([...e.predictions.map((x) => x.parallelism), ...e.calibration.measuredParallelisms])].sort((a, b) => a - b);

function calibratedRegion(e: EstimateResult): XRegion[] {
  const measured = [...e.calibration.measuredParallelisms].sort((a, b) => a - b);
  if (measured.length === 0) return [];
  return [{ from: measured[0]!, to: measured.at(-1)!, label: `calibrated on p = ${measured.join(', ')}`, points: measured }];
}

/** Past the calibration machine's cores the scaling law is carried beyond what that machine could show. */
function coreMarker(e: EstimateResult): { x: number; label: string }[] {
  const cores = e.calibration.cores;
  return Math.max(...e.predictions.map((x) => x.parallelism)) > cores ? [{ x: cores, label: `${cores} cores (calibration)` }] : [];
}

const predictionTooltip = (e: EstimateResult, x: Prediction): string =>
  [`p=${x.parallelism}: ≈ ${fmtDuration(x.seconds)} (range ${fmtRange(x)})`, ...predictionMarks(e, x)].join(', ');

export function predictedTimeChart(e: EstimateResult): string {
  const unit = timeUnit(Math.max(...e.predictions.map((x) => x.high)));
  return svgLineChart({
    id: 'predicted-time',
    title: 'Predicted snapshot time vs parallelism',
    xLabel: 'parallelism',
    yLabel: unit.label,
    xTicks: parallelismTicks(e),
    xMarkers: coreMarker(e),
    xRegions: calibratedRegion(e),
    series: [
      {
        label: 'predicted time',
        rangeLabel: 'range (low – high)',
        extrapolatedLabel: 'extrapolated (hollow mark, dashed)',
        points: e.predictions.map((x) => ({ x: x.parallelism, y: x.seconds / unit.seconds, low: x.low / unit.seconds, high: x.high / unit.seconds, extrapolated: x.extrapolated, tooltip: predictionTooltip(e, x) })),
      },
    ],
  });
}

export function predictedSpeedupChart(e: EstimateResult): string {
  const base = speedupBase(e);
  const top = Math.max(...e.predictions.map((x) => x.parallelism));
  const b = base?.parallelism ?? 1;
  return svgLineChart({
    id: 'predicted-speedup',
    title: `Predicted speedup vs parallelism (T at p=${b} / T at p)`,
    xLabel: 'parallelism',
    yLabel: 'speedup',
    xTicks: parallelismTicks(e),
    xMarkers: coreMarker(e),
    xRegions: calibratedRegion(e),
    references: [{ label: b === 1 ? 'ideal (speedup = p)' : `ideal (speedup = p / ${b})`, points: [{ x: b, y: 1 }, { x: top, y: top / b }] }],
    series: [
      {
        label: 'predicted speedup',
        extrapolatedLabel: 'extrapolated (hollow mark, dashed)',
        points: e.predictions.map((x) => {
          const s = speedupOf(e, x);
          return { x: x.parallelism, y: s, extrapolated: x.extrapolated, tooltip: [`p=${x.parallelism}: speedup ${s.toFixed(2)}×, efficiency ${(s / (x.parallelism / b)).toFixed(2)}`, ...predictionMarks(e, x)].join(', ') };
        }),
      },
    ],
  });
}

export function longPoleChart(e: EstimateResult): string {
  const rec = e.predictions.find((x) => x.parallelism === e.recommended);
  // The whole snapshot's reading (without start-up) is what a long pole is measured against.
  const reading = rec ? Math.max(0, rec.seconds - e.calibration.fixedSeconds) : undefined;
  const unit = timeUnit(Math.max(...e.longPoles.map((lp) => lp.seconds), reading ?? 0));
  const bounding = e.longPoles.some((lp) => lp.boundsTotal);
  return svgHBarChart({
    id: 'long-poles',
    title: `Long poles at p=${e.recommended}: each table's own time`,
    xLabel: unit.label,
    segments: ['own time', ...(bounding ? ['own time, bounds the total'] : [])],
    markers: reading !== undefined ? [{ x: reading / unit.seconds, label: `the whole snapshot's reading at p=${e.recommended} (${fmtDuration(reading)})` }] : [],
    rows: e.longPoles.map((lp) => {
      const tooltip = `${lp.table}: ${fmtDuration(lp.seconds)} at p=${e.recommended}, ${lp.chunks} chunks${lp.boundsTotal ? ', bounds the total' : ''}`;
      const v = lp.seconds / unit.seconds;
      return lp.boundsTotal ? { label: lp.table, values: [undefined, v], tooltips: [undefined, tooltip] } : { label: lp.table, values: [v], tooltips: [tooltip] };
    }),
  });
}

/** WAL the slot would retain beside the limits it must stay under; undefined when the write rate was not sampled. */
export function walChart(e: EstimateResult): string | undefined {
  const w = e.wal;
  if (w.retainedBytes === undefined) return undefined;
  const bars: { row: string; segment: string; bytes: number }[] = [
    { row: `retained at p=${e.recommended} (upper estimate)`, segment: 'WAL retained by the slot', bytes: w.retainedBytes },
    ...(w.maxSlotWalKeepSizeBytes !== undefined ? [{ row: 'max_slot_wal_keep_size', segment: 'limit: max_slot_wal_keep_size', bytes: w.maxSlotWalKeepSizeBytes }] : []),
    ...(w.freeDiskBytes !== undefined ? [{ row: 'free disk', segment: 'free disk', bytes: w.freeDiskBytes }] : []),
  ];
  // Each bar its own segment, so each gets its own colour and legend entry.
  return svgHBarChart({
    id: 'wal-vs-limits',
    title: `WAL retained by the slot vs its limits (${w.level})`,
    xLabel: 'bytes',
    formatX: fmtBytes,
    segments: bars.map((b) => b.segment),
    markers: w.freeDiskBytes !== undefined ? [{ x: w.freeDiskBytes / 2, label: 'half the free disk (danger above)' }] : [],
    rows: bars.map((b, i) => ({ label: b.row, values: bars.map((_, k) => (k === i ? b.bytes : undefined)), tooltips: bars.map((_, k) => (k === i ? `${b.row}: ${fmtBytes(b.bytes)}` : undefined)) })),
  });
}
