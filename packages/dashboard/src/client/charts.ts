import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { h } from './dom';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
  /** Bars for counts, a line with points for rates and scores. */
  kind: 'bars' | 'line';
  /** Which axis: the left one (counts) or the right one (percentages). */
  scale?: 'count' | 'percent';
}

const bars = uPlot.paths.bars?.({ size: [0.7, 24] });
const HALF_HOUR = 1_800_000;

/**
 * A small time chart (uPlot: canvas, ~50 KB, no dependencies): `times` are the x values in
 * milliseconds. Returns its container, which resizes the chart with the page.
 */
export function timeChart(title: string, times: number[], series: Series[], testId: string): HTMLElement {
  const container = h('figure', { class: 'chart', 'data-testid': testId });
  const scales = new Set(series.map((one) => one.scale ?? 'count'));
  const hasBars = series.some((one) => one.kind === 'bars');
  const options: uPlot.Options = {
    title,
    width: 600,
    height: 170,
    ms: 1,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      // Bars are centred on their hour: half an hour of room either side keeps the outer ones whole.
      x: { time: true, range: (_u, min, max) => (hasBars ? [min - HALF_HOUR, max + HALF_HOUR] : [min, max]) },
      count: { auto: true, range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] },
      percent: { range: [0, 100] },
    },
    axes: [
      { stroke: '#667' },
      ...[...scales].map((scale, index) => ({
        scale,
        side: index === 0 ? (3 as const) : (1 as const),
        stroke: '#667',
        size: 44,
        grid: { show: index === 0 },
        // Counts are whole: no tick at 0.5.
        incrs:
          scale === 'count'
            ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 50_000, 100_000]
            : undefined,
      })),
    ],
    series: [
      {},
      ...series.map((one) => ({
        label: one.label,
        scale: one.scale ?? 'count',
        stroke: one.color,
        width: one.kind === 'bars' ? 1 : 2,
        fill: one.kind === 'bars' ? `${one.color}aa` : undefined,
        paths: one.kind === 'bars' ? bars : undefined,
        points: { show: one.kind === 'line' },
        spanGaps: true,
      })),
    ],
  };
  const plot = new uPlot(
    options,
    [times, ...series.map((one) => one.values)] as uPlot.AlignedData,
    container,
  );
  const resize = new ResizeObserver(() => {
    const width = Math.max(280, Math.floor(container.clientWidth));
    if (Math.abs(width - plot.width) > 4) plot.setSize({ width, height: 170 });
  });
  resize.observe(container);
  return container;
}
