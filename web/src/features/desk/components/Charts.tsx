// Inline SVG charts for the dashboard. No chart library: a bar is a <rect>.
// Each chart is an image with a text alternative that states every figure
// (role="img" + aria-label), and a data table beneath it for those who want
// the numbers as a table. Colours come from CSS classes (the CSP forbids
// style attributes); statuses also keep their order and labels, so colour is
// never the only carrier of meaning.
import { useI18n } from '../../../i18n';

export interface Series {
  key: string;
  label: string;
  /** CSS class suffix: desk-bar--{cls} and desk-swatch--{cls}. */
  cls: string;
}

export interface Row {
  label: string;
  values: Record<string, number>;
}

const WIDTH = 640;
const LABEL_W = 200;
const BAR_H = 20;
const GAP = 8;

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

function shorten(s: string, max = 30): string {
  return [...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s;
}

/**
 * Horizontal stacked bars: one bar per row, one segment per series. With a
 * single series it is a plain bar chart.
 */
export function StackedBars(props: { id: string; title: string; series: Series[]; rows: Row[]; testId?: string }) {
  const { t } = useI18n();
  const { series, rows } = props;
  const totals = rows.map((r) => series.reduce((s, x) => s + (r.values[x.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = WIDTH - LABEL_W - 50;
  const height = rows.length * (BAR_H + GAP) + GAP;
  const alt =
    rows.length === 0
      ? `${props.title}. ${t('desk.chart.empty')}`
      : `${props.title}. ` +
        rows
          .map((r, i) =>
            series.length === 1
              ? `${r.label}: ${fmt(totals[i] ?? 0)}`
              : `${r.label}: ${series.map((s) => `${s.label} ${fmt(r.values[s.key] ?? 0)}`).join(', ')}`,
          )
          .join('; ') +
        '.';
  const captionId = `${props.id}-caption`;
  return (
    <figure class="desk-chart" aria-labelledby={captionId} data-testid={props.testId}>
      <figcaption id={captionId}>{props.title}</figcaption>
      {series.length > 1 && (
        <ul class="desk-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <span class={`desk-swatch desk-swatch--${s.cls}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <svg
        role="img"
        aria-label={alt}
        viewBox={`0 0 ${WIDTH} ${Math.max(height, 30)}`}
        preserveAspectRatio="xMinYMin meet"
        focusable="false"
      >
        {rows.length === 0 && (
          <text x={10} y={20}>
            {t('desk.chart.empty')}
          </text>
        )}
        <line class="desk-axis" x1={LABEL_W} y1={0} x2={LABEL_W} y2={height} />
        {rows.map((r, i) => {
          const y = GAP + i * (BAR_H + GAP);
          let x = LABEL_W;
          return (
            <g key={`${r.label}-${i}`}>
              <text x={LABEL_W - 6} y={y + BAR_H / 2 + 4} text-anchor="end">
                {shorten(r.label)}
              </text>
              {series.map((s) => {
                const v = r.values[s.key] ?? 0;
                const w = (v / max) * plotW;
                const rect = w > 0 ? <rect key={s.key} class={`desk-bar--${s.cls}`} x={x} y={y} width={w} height={BAR_H} /> : null;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + BAR_H / 2 + 4}>
                {fmt(totals[i] ?? 0)}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('desk.chart.showTable')}</summary>
        <table class="usa-table usa-table--borderless usa-table--compact nrm-table">
          <caption class="usa-sr-only">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('desk.chart.category')}</th>
              {series.map((s) => (
                <th scope="col" key={s.key}>
                  {s.label}
                </th>
              ))}
              {series.length > 1 && <th scope="col">{t('desk.chart.total')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={`${r.label}-${i}`}>
                <th scope="row">{r.label}</th>
                {series.map((s) => (
                  <td key={s.key}>{fmt(r.values[s.key] ?? 0)}</td>
                ))}
                {series.length > 1 && <td>{fmt(totals[i] ?? 0)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
