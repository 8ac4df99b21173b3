import { afterNextRender, ChangeDetectionStrategy, ViewEncapsulation, Component, computed, DestroyRef, effect, ElementRef, inject, input, viewChild } from '@angular/core';
import type uPlot from 'uplot';
import type { Series } from '../data/live-series.service';

type Kind = 'line' | 'bars' | 'spark';

/** 24-hour clock, as in the activity feed. */
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** Time-axis steps (seconds): never below a minute, so no two ticks read the same "HH:MM". */
const TIME_STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 21600, 43200, 86400];

/** Axis labels with repeats blanked (a flat line would say "$136.7K" twice), and none while there is no data. */
function labels(u: uPlot, splits: number[], format: (value: number) => string): string[] {
  if (u.data[1]?.length === 0) return splits.map(() => '');
  let previous = '';
  return splits.map((split) => {
    const label = format(split);
    if (label === previous) return '';
    previous = label;
    return label;
  });
}

/**
 * uPlot is loaded on first use, in its own chunk, once the browser is idle (at the latest 1 s
 * later), so the dashboard's first load and its first data do not wait for it.
 */
let uplotModule: Promise<typeof uPlot> | undefined;
const whenIdle = () =>
  new Promise<void>((resolve) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 1000 }) : setTimeout(resolve, 200)));
const loadUplot = () =>
  (uplotModule ??= whenIdle()
    .then(() => import('uplot'))
    .then((module) => module.default));

/**
 * A small live time-series chart on uPlot (canvas). `series` is a signal input: every new value is
 * handed to `setData`, which redraws without rebuilding the chart. The host carries the number of
 * points, their sum and the last value as data attributes, for tests and screen readers' labels.
 */
@Component({
  selector: 'app-time-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // uPlot builds its own DOM, which emulated encapsulation would not reach.
  encapsulation: ViewEncapsulation.None,
  styleUrl: '../../../../../node_modules/uplot/dist/uPlot.min.css',
  host: {
    '[attr.data-points]': 'series().x.length',
    '[attr.data-sum]': 'sum()',
    '[attr.data-last]': 'series().y.at(-1) ?? null',
    '[attr.aria-label]': 'label()',
    role: 'img',
    style: 'display: block; position: relative',
  },
  template: `
    <div #plot [style.height.px]="height()"></div>
    @if (series().x.length < minPoints()) {
      <div class="chart-empty muted" [style.height.px]="height()">{{ emptyText() }}</div>
    }
  `,
})
export class TimeChartComponent {
  readonly series = input.required<Series>();
  readonly kind = input<Kind>('line');
  readonly height = input(110);
  readonly color = input('#2f6fed');
  readonly label = input('');
  readonly emptyText = input('collecting data…');
  /** How the y values read on the axis and in the tooltip-free legend. */
  readonly format = input<(value: number) => string>((value) => String(value));
  readonly minPoints = computed(() => (this.kind() === 'bars' ? 1 : 2));
  readonly sum = computed(() => this.series().y.reduce((total, value) => total + value, 0));

  private readonly plot = viewChild.required<ElementRef<HTMLDivElement>>('plot');
  private chart: uPlot | undefined;

  constructor() {
    const destroyRef = inject(DestroyRef);
    let resize: ResizeObserver | undefined;
    afterNextRender(() => {
      void loadUplot().then((UPlot) => {
        if (destroyed) return;
        const target = this.plot().nativeElement;
        this.chart = new UPlot(this.options(UPlot, target.clientWidth || 300), this.data(), target);
        resize = new ResizeObserver(() => this.chart?.setSize({ width: target.clientWidth, height: this.height() }));
        resize.observe(target);
      });
    });
    let destroyed = false;
    destroyRef.onDestroy(() => {
      destroyed = true;
      resize?.disconnect();
      this.chart?.destroy();
    });
    effect(() => {
      const data = this.data();
      this.chart?.setData(data);
    });
  }

  private data(): uPlot.AlignedData {
    const { x, y } = this.series();
    return [x as number[], y as number[]];
  }

  private options(UPlot: typeof uPlot, width: number): uPlot.Options {
    const kind = this.kind();
    const color = this.color();
    const format = this.format();
    const spark = kind === 'spark';
    return {
      width,
      height: this.height(),
      legend: { show: false },
      cursor: { show: !spark, points: { show: false }, drag: { x: false, y: false } },
      // Room on the right for the last time label, which uPlot centres on its tick.
      padding: spark ? [4, 2, 4, 2] : [8, 18, 0, 0],
      scales: {
        x: { time: true },
        y: {
          range: (u, min, max) =>
            u.data[1]?.length === 0 || min === null || max === null
              ? [0, 1]
              : kind === 'bars'
                ? [0, Math.max(max, 3)]
                : [Math.min(min, max - 1), max + (max - min) * 0.1 || max + 1],
        },
      },
      axes: spark
        ? [{ show: false }, { show: false }]
        : [
            {
              stroke: '#7a8396',
              grid: { show: false },
              ticks: { size: 3 },
              font: '10px system-ui',
              size: 22,
              space: 56,
              incrs: TIME_STEPS,
              values: (u, splits) => labels(u, splits, (s) => CLOCK.format(s * 1000)),
            },
            { stroke: '#7a8396', grid: { stroke: '#eef1f6' }, ticks: { show: false }, font: '10px system-ui', size: 52, values: (u, splits) => labels(u, splits, format) },
          ],
      series: [
        {},
        kind === 'bars'
          ? { stroke: color, fill: `${color}cc`, width: 0, paths: UPlot.paths.bars!({ size: [0.7, 24] }), points: { show: false } }
          : { stroke: color, fill: `${color}22`, width: 2, points: { show: false } },
      ],
    };
  }
}
