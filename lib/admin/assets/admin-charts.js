// The admin page's charts, drawn with uPlot (served from our own origin) from the JSON the
// page carries in <script type="application/json" id="admin-data">. The same figures are
// in the page's tables, which screen readers and keyboards use; the charts are pictures of them.
(() => {
  const data = JSON.parse(document.getElementById('admin-data').textContent);
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const ink = dark ? '#ddd' : '#333';
  const grid = dark ? '#333' : '#e5e5e5';
  const COLORS = ['#8a3b12', '#1a5fb4', '#26a269', '#c64600', '#813d9c', '#986a44'];
  const axis = { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } };
  const widthOf = (el) => Math.max(320, Math.min(el.clientWidth || 900, 960));

  function line(el) {
    if (!data.subscribers.length) return empty(el);
    const xs = data.days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    new uPlot(
      {
        width: widthOf(el),
        height: 300,
        scales: { x: { time: true } },
        series: [
          { label: 'Day' },
          ...data.subscribers.map((s, i) => ({
            label: s.label,
            stroke: COLORS[i % COLORS.length],
            width: 2,
          })),
        ],
        axes: [axis, axis],
      },
      [xs, ...data.subscribers.map((s) => s.values)],
      el,
    );
  }

  function bars(el, labels, values, label, color) {
    if (!labels.length) return empty(el);
    const xs = labels.map((_, i) => i);
    new uPlot(
      {
        width: widthOf(el),
        height: 260,
        scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
        series: [
          { label: 'Item', value: (_, i) => (i == null ? '' : labels[i]) },
          {
            label,
            fill: color,
            stroke: color,
            paths: uPlot.paths.bars({ size: [0.6, 80] }),
            points: { show: false },
          },
        ],
        axes: [
          { ...axis, splits: () => xs, values: (_, splits) => splits.map((i) => labels[i] ?? '') },
          axis,
        ],
      },
      [xs, values],
      el,
    );
  }

  function empty(el) {
    el.classList.add('empty');
    el.textContent = 'No figures for this range.';
  }

  line(document.getElementById('chart-subscribers'));
  bars(
    document.getElementById('chart-families'),
    data.families.map((f) => f.label),
    data.families.map((f) => f.requests),
    'Requests',
    COLORS[1],
  );
  bars(
    document.getElementById('chart-top'),
    data.topFeeds.map((f) => f.label),
    data.topFeeds.map((f) => f.subscribers),
    'Subscribers',
    COLORS[0],
  );
  bars(
    document.getElementById('chart-partners'),
    data.partners.map((p) => p.name),
    data.partners.map((p) => p.requests),
    'Requests',
    COLORS[2],
  );
})();
