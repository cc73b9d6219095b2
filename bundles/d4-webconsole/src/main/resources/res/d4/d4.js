// SPDX-License-Identifier: Apache-2.0
// The D4 pages' script: confirmations for destructive buttons and the SVG charts (no library, no CDN).
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#1f6feb', '#2da44e', '#8250df', '#bf8700', '#cf222e', '#1b7c83', '#e16f24', '#6e7781', '#bc4c00', '#0969da'];

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      e.preventDefault();
    }
  }, true);

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function compact(n) {
    var a = Math.abs(n);
    if (a >= 1e9) { return (n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G'; }
    if (a >= 1e6) { return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M'; }
    if (a >= 1e3) { return (n / 1e3).toFixed(a >= 1e4 ? 0 : 1) + 'k'; }
    return String(n);
  }

  // a round upper bound and 4 ticks
  function scale(max) {
    if (max <= 0) { return 4; }
    var step = Math.pow(10, Math.floor(Math.log10(max / 4)));
    var nice = [1, 2, 2.5, 5, 10].map(function (m) { return m * step; }).filter(function (s) { return s * 4 >= max; })[0];
    return nice * 4;
  }

  function legend(box, series) {
    if (series.length < 2) { return; }
    var div = document.createElement('div');
    div.className = 'd4-legend';
    series.forEach(function (s, i) {
      var item = document.createElement('span');
      var swatch = document.createElement('i');
      swatch.style.background = COLORS[i % COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.name));
      div.appendChild(item);
    });
    box.appendChild(div);
  }

  function tooltip(box) {
    var tip = document.createElement('div');
    tip.className = 'd4-tip';
    box.appendChild(tip);
    return tip;
  }

  function showTip(tip, box, x, y, lines) {
    tip.textContent = '';
    lines.forEach(function (l, i) {
      var row = document.createElement('div');
      row.textContent = l;
      if (i === 0) { row.style.fontWeight = '600'; }
      tip.appendChild(row);
    });
    tip.style.display = 'block';
    var left = Math.min(x + 12, box.clientWidth - tip.offsetWidth - 4);
    tip.style.left = Math.max(0, left) + 'px';
    tip.style.top = Math.max(0, y - tip.offsetHeight - 8) + 'px';
  }

  function timeChart(box, data, kind) {
    var W = Math.max(320, box.clientWidth), H = 220, L = 46, R = 8, T = 10, B = 24;
    var n = data.labels.length, stacked = kind === 'stack' || kind === 'bar';
    var totals = data.labels.map(function (_, d) {
      return data.series.reduce(function (acc, s) { return stacked ? acc + s.values[d] : Math.max(acc, s.values[d]); }, 0);
    });
    var top = scale(Math.max.apply(null, totals.concat([0])));
    var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, height: H, role: 'img'}, box);
    var x = function (d) { return L + (W - L - R) * (n <= 1 ? 0.5 : (d + 0.5) / n); };
    var y = function (v) { return T + (H - T - B) * (1 - v / top); };
    for (var t = 0; t <= 4; t++) {
      var v = top * t / 4;
      el('line', {x1: L, x2: W - R, y1: y(v), y2: y(v), 'class': t ? 'd4-gridline' : 'd4-axis'}, svg);
      el('text', {x: L - 6, y: y(v) + 3, 'text-anchor': 'end'}, svg).textContent = compact(v);
    }
    var every = Math.ceil(n / 8);
    data.labels.forEach(function (label, d) {
      // every few days, and the last one, unless it would overlap the one before
      if ((d % every === 0 && n - 1 - d >= every / 2) || d === n - 1) {
        el('text', {x: x(d), y: H - 6, 'text-anchor': 'middle'}, svg).textContent = label;
      }
    });
    var band = (W - L - R) / Math.max(1, n);
    if (stacked) {
      var base = data.labels.map(function () { return 0; });
      data.series.forEach(function (s, i) {
        s.values.forEach(function (val, d) {
          if (val > 0) {
            el('rect', {x: x(d) - band * 0.36, width: band * 0.72, y: y(base[d] + val), height: Math.max(1, y(base[d]) - y(base[d] + val)),
              fill: COLORS[i % COLORS.length], rx: 1.5}, svg);
          }
          base[d] += val;
        });
      });
    } else {
      data.series.forEach(function (s, i) {
        var c = COLORS[i % COLORS.length];
        var pts = s.values.map(function (val, d) { return x(d) + ',' + y(val); }).join(' ');
        el('polyline', {points: pts, fill: 'none', stroke: c, 'stroke-width': 2, 'stroke-linejoin': 'round'}, svg);
        s.values.forEach(function (val, d) { el('circle', {cx: x(d), cy: y(val), r: 2.2, fill: c}, svg); });
      });
    }
    var guide = el('line', {y1: T, y2: H - B, stroke: '#8494a7', 'stroke-dasharray': '3,3', visibility: 'hidden'}, svg);
    var tip = tooltip(box);
    svg.addEventListener('mousemove', function (e) {
      var r = svg.getBoundingClientRect();
      var px = (e.clientX - r.left) * W / r.width;
      var d = Math.max(0, Math.min(n - 1, Math.floor((px - L) / band)));
      guide.setAttribute('x1', x(d)); guide.setAttribute('x2', x(d)); guide.setAttribute('visibility', 'visible');
      var lines = [data.labels[d] + (stacked && data.series.length > 1 ? ': ' + totals[d].toLocaleString() + ' ' + data.unit : '')];
      data.series.forEach(function (s) { lines.push(s.name + ': ' + s.values[d].toLocaleString()); });
      showTip(tip, box, e.clientX - r.left, e.clientY - r.top, lines);
    });
    svg.addEventListener('mouseleave', function () { tip.style.display = 'none'; guide.setAttribute('visibility', 'hidden'); });
    legend(box, data.series);
  }

  function barList(box, data) {
    var values = data.series.length ? data.series[0].values : [];
    var W = Math.max(320, box.clientWidth), row = 24, L = Math.min(200, W * 0.4), R = 64;
    var H = values.length * row + 4;
    var max = Math.max.apply(null, values.concat([1]));
    var svg = el('svg', {viewBox: '0 0 ' + W + ' ' + H, height: H, role: 'img'}, box);
    values.forEach(function (v, i) {
      var yy = i * row + 2;
      var label = data.labels[i];
      el('text', {x: L - 8, y: yy + 15, 'text-anchor': 'end'}, svg).textContent = label.length > 30 ? label.slice(0, 29) + '…' : label;
      el('rect', {x: L, y: yy + 3, width: W - L - R, height: row - 8, fill: '#eef1f5', rx: 3}, svg);
      var bar = el('rect', {x: L, y: yy + 3, width: Math.max(2, (W - L - R) * v / max), height: row - 8, fill: COLORS[i % COLORS.length], rx: 3}, svg);
      el('title', {}, bar).textContent = label + ': ' + v.toLocaleString() + ' ' + data.unit;
      el('text', {x: W - R + 6, y: yy + 15}, svg).textContent = compact(v);
    });
  }

  function draw(box) {
    var source = document.getElementById(box.id + '-data');
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    box.textContent = '';
    var empty = data.series.every(function (s) { return s.values.every(function (v) { return v === 0; }); });
    if (!data.labels.length || empty) {
      var p = document.createElement('div');
      p.className = 'd4-empty';
      p.textContent = 'No data yet.';
      box.appendChild(p);
    } else if (box.getAttribute('data-kind') === 'hbar') {
      barList(box, data);
    } else {
      timeChart(box, data, box.getAttribute('data-kind'));
    }
    box.setAttribute('data-drawn', 'true');
  }

  function drawAll() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-d4-chart]'), draw);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', drawAll); } else { drawAll(); }
  var resizing;
  window.addEventListener('resize', function () { clearTimeout(resizing); resizing = setTimeout(drawAll, 150); });
}());
