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

/**
 * A small time chart (uPlot: canvas, ~50 KB, no dependencies): `times` are the x values in
 * milliseconds. Returns its container, which resizes the chart with the page.
 */
export function timeChart(title: string, times: number[], series: Series[], testId: string): HTMLElement {
  const container = h('figure', { class: 'chart', 'data-testid': testId });
  const percent = series.some((one) => one.scale === 'percent');
  const options: uPlot.Options = {
    title,
    width: 600,
    height: 170,
    ms: 1,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      count: { auto: true, range: (_u, _min, max) => [0, Math.max(1, max)] },
      percent: { range: [0, 100] },
    },
    axes: [
      { stroke: '#667' },
      { scale: 'count', stroke: '#667', size: 44 },
      ...(percent
        ? [{ scale: 'percent', side: 1 as const, stroke: '#667', grid: { show: false }, size: 44 }]
        : []),
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
