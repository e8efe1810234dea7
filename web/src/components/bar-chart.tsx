// A bar chart drawn by chart.js, with the same numbers in a table for screen readers and for
// checking against the API.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';

import { formatNumber } from '../i18n/format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface BarSeries {
  label: string;
  values: number[];
  color: string;
}

interface Props {
  title: string;
  labels: string[];
  series: BarSeries[];
  stacked?: boolean;
}

export function BarChart({ title, labels, series, stacked = false }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (canvas.current === null) return undefined;

    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: 'vi-VN',
        // Every charted figure is a count or whole đồng, so the axis has no fractional ticks.
        scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [labels, series, stacked]);

  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      <table className="table chart-table">
        <thead>
          <tr><th scope="col"></th>{series.map((s) => <th key={s.label} scope="col">{s.label}</th>)}</tr>
        </thead>
        <tbody>
          {labels.map((label, row) => (
            <tr key={label}><th scope="row">{label}</th>{series.map((s) => <td key={s.label}>{formatNumber(s.values[row] ?? 0)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
