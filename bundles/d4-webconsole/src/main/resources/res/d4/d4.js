// SPDX-License-Identifier: Apache-2.0
// The D4 pages' script: confirmations for destructive buttons, and the charts. The charts are drawn by
// uPlot, shipped in the bundle under res/d4/uplot (the pages load nothing from outside the appliance):
// values at the cursor, drag across a time chart to zoom, double-click to see the whole range again.
(function () {
  'use strict';
  var COLORS = ['#1f6feb', '#2da44e', '#8250df', '#bf8700', '#cf222e', '#1b7c83', '#e16f24', '#6e7781', '#bc4c00', '#0969da'];
  var DAY = 86400;
  var charts = [];

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      e.preventDefault();
    }
  }, true);

  function compact(n) {
    var a = Math.abs(n);
    if (a >= 1e9) { return (n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G'; }
    if (a >= 1e6) { return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M'; }
    if (a >= 1e3) { return (n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k'; }
    return String(n);
  }

  // the server counts in UTC days: show them as such whatever the browser's zone
  function utcDay(seconds) {
    return new Date(seconds * 1000).toISOString().slice(0, 10);
  }

  function axis(extra) {
    var a = {stroke: '#6b7c93', font: '10.5px sans-serif', grid: {stroke: '#eef1f5', width: 1}, ticks: {stroke: '#dde4ec', width: 1, size: 4}};
    Object.keys(extra).forEach(function (k) { a[k] = extra[k]; });
    return a;
  }

  // ticks at whole numbers: counts of frames and bytes have no fractions
  var WHOLE = [];
  for (var p = 1; p <= 1e15; p *= 10) { WHOLE.push(p, 2 * p, 5 * p); }

  function countAxis(extra) {
    extra.incrs = WHOLE;
    extra.values = function (u, splits) { return splits.map(compact); };
    return axis(extra);
  }

  // counts start at zero, with a little room above the highest bar or point
  function fromZero(u, lo, hi) {
    return [0, hi > 0 ? hi * 1.08 : 1];
  }

  // a box over the plot with the values under the cursor (first line: the day or the name)
  function tooltip(linesAt) {
    var tip;
    return {hooks: {
      init: function (u) {
        tip = document.createElement('div');
        tip.className = 'd4-tip';
        u.over.appendChild(tip);
      },
      setCursor: function (u) {
        var i = u.cursor.idx;
        if (i == null || u.cursor.left < 0) {
          tip.style.display = 'none';
          return;
        }
        tip.textContent = '';
        linesAt(i).forEach(function (line, n) {
          var row = document.createElement('div');
          row.textContent = line;
          if (n === 0) { row.className = 'd4-tip-head'; }
          tip.appendChild(row);
        });
        tip.style.display = 'block';
        var left = u.cursor.left + 12;
        if (left + tip.offsetWidth > u.over.clientWidth) { left = u.cursor.left - tip.offsetWidth - 12; }
        tip.style.left = Math.max(0, left) + 'px';
        tip.style.top = Math.max(0, u.cursor.top - tip.offsetHeight - 8) + 'px';
      }
    }};
  }

  // the shown range of the horizontal axis, on the chart's element, for whoever reads the page
  function shownRange(box) {
    return {hooks: {setScale: function (u, key) {
      if (key === 'x') {
        box.setAttribute('data-x-min', String(u.scales.x.min));
        box.setAttribute('data-x-max', String(u.scales.x.max));
      }
    }}};
  }

  // line: one line per series; bar: one series as bars; stack: the series stacked as bars
  function timeChart(box, data, kind) {
    var stacked = kind === 'stack', bars = stacked || kind === 'bar';
    var raw = data.series.map(function (s) { return s.values; });
    var order = raw.map(function (_, i) { return i; });
    var drawn = raw;
    var totals = data.times.map(function (_, d) { return raw.reduce(function (sum, v) { return sum + v[d]; }, 0); });
    if (stacked) {
      // uPlot does not stack: each series is drawn as the running total up to it, the highest first,
      // so that each one covers the part of the one above that is not its own
      var running = data.times.map(function () { return 0; });
      drawn = raw.map(function (values) { return values.map(function (v, d) { running[d] += v; return running[d]; }); });
      order.reverse();
    }
    var series = [{label: 'UTC day', value: function (u, t) { return t == null ? '' : utcDay(t); }}];
    order.forEach(function (si) {
      var color = COLORS[si % COLORS.length];
      series.push({
        label: data.series[si].name,
        stroke: color,
        width: bars ? 1 : 2,
        fill: bars ? color : undefined,
        paths: bars ? uPlot.paths.bars({size: [0.72, 48]}) : undefined,
        points: {show: !bars, size: 5, fill: color},
        value: function (u, v, s, idx) { return idx == null ? '' : raw[si][idx].toLocaleString(); }
      });
    });
    var opts = {
      width: box.clientWidth,
      height: 220,
      tzDate: function (t) { return uPlot.tzDate(new Date(t * 1000), 'Etc/UTC'); },
      scales: {
        // half a day either side, so that the first and last bars are whole
        x: {time: true, range: function (u, lo, hi) { return [lo - DAY / 2, hi + DAY / 2]; }},
        y: {range: fromZero}
      },
      axes: [axis({}), countAxis({size: 48})],
      series: series,
      cursor: {drag: {x: true, y: false}},
      plugins: [tooltip(function (i) {
        var head = utcDay(data.times[i]) + (stacked && raw.length > 1 ? ': ' + totals[i].toLocaleString() + ' ' + data.unit : '');
        return [head].concat(data.series.map(function (s) { return s.name + ': ' + s.values[i].toLocaleString(); }));
      }), shownRange(box)]
    };
    return new uPlot(opts, [data.times].concat(order.map(function (si) { return drawn[si]; })), box);
  }

  // horizontal bars, one per label, in the given order from the top
  function barList(box, data) {
    var values = data.series[0].values;
    var positions = values.map(function (_, i) { return i; });
    var shortLabel = function (label) { return label.length > 30 ? label.slice(0, 29) + '\u2026' : label; };
    var opts = {
      width: box.clientWidth,
      height: values.length * 26 + 34,
      scales: {
        x: {time: false, ori: 1, dir: -1, range: function () { return [-0.5, values.length - 0.5]; }},
        y: {ori: 0, dir: 1, range: fromZero}
      },
      axes: [
        axis({side: 3, size: Math.min(200, box.clientWidth * 0.4), grid: {show: false}, ticks: {show: false},
          splits: function () { return positions; }, values: function (u, splits) { return splits.map(function (i) { return shortLabel(data.labels[i]); }); }}),
        countAxis({side: 0, size: 26})
      ],
      series: [{label: 'name'}, {label: data.unit, stroke: COLORS[0], fill: COLORS[0], width: 1,
        paths: uPlot.paths.bars({size: [0.7, 20]}), points: {show: false}}],
      legend: {show: false},
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      plugins: [tooltip(function (i) { return [data.labels[i], values[i].toLocaleString() + ' ' + data.unit]; }), shownRange(box)]
    };
    return new uPlot(opts, [positions, values], box);
  }

  function draw(box) {
    var source = document.getElementById(box.id + '-data');
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    box.textContent = '';
    var empty = data.series.every(function (s) { return s.values.every(function (v) { return v === 0; }); });
    var message = !data.labels.length || empty ? 'No data yet.' : typeof uPlot === 'undefined' ? 'The charting library did not load.' : null;
    if (message) {
      var p = document.createElement('div');
      p.className = 'd4-empty';
      p.textContent = message;
      box.appendChild(p);
    } else {
      var plot = box.getAttribute('data-kind') === 'hbar' ? barList(box, data) : timeChart(box, data, box.getAttribute('data-kind'));
      charts.push({box: box, plot: plot});
    }
    box.setAttribute('data-drawn', 'true');
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-d4-chart]'), draw);
  }

  function fitAll() {
    charts.forEach(function (c) { c.plot.setSize({width: c.box.clientWidth, height: c.plot.height}); });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', drawAll); } else { drawAll(); }
  var resizing;
  window.addEventListener('resize', function () { clearTimeout(resizing); resizing = setTimeout(fitAll, 150); });
}());
