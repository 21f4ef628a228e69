// The run report's page script: reads the data block (sim/report/run_report_json.cpp describes
// its layout), draws the charts with Apache ECharts (no animation, so a rendered page is final),
// then writes the counts of what it drew into #alchemy-check for the browser test.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('alchemy-data').textContent);
  var charts = [];
  var palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1',
    '#ff9da7', '#9c755f', '#bab0ac'];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function chart(id, option) {
    var c = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
    option.animation = false;
    option.color = option.color || palette;
    c.setOption(option);
    charts.push({ id: id, chart: c });
    return c;
  }
  function money(v) {
    if (v === null) return 'n/a';
    var a = Math.abs(v);
    if (a >= 1e12) return (v / 1e12).toFixed(2) + 'T';
    if (a >= 1e9) return (v / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return (v / 1e6).toFixed(2) + 'M';
    return v.toFixed(2);
  }
  // A series' points as [date, value] pairs; log axes cannot show zero or less, so those are gaps.
  function pairs(dates, values, positive) {
    var out = new Array(values.length);
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      out[i] = [dates[i], positive && !(v > 0) ? null : v];
    }
    return out;
  }

  var E = D.events;
  function ev(i) {
    return { seq: E.seq[i], date: E.dates[E.date[i]], type: E.types[E.type[i]], firm: E.firm[i],
      counterparty: E.counterparty[i], contract: E.contract[i], amount: E.amount[i], cause: E.cause[i] };
  }
  var bySeq = {};
  for (var i = 0; i < E.seq.length; i++) bySeq[E.seq[i]] = i;
  function firmName(f) { return f >= 0 ? D.firms[f] : '—'; }
  function describe(e) {
    var s = e.type;
    if (e.firm >= 0) s += ' ' + firmName(e.firm);
    if (e.counterparty >= 0) s += ' → ' + firmName(e.counterparty);
    if (e.contract >= 0) s += ' [' + E.contracts[e.contract] + ']';
    return s;
  }
  var defaults = [], shocks = [];
  for (i = 0; i < E.seq.length; i++) {
    var t = E.types[E.type[i]];
    if (t === 'default') defaults.push(i);
    if (t === 'shock') shocks.push(i);
  }

  // Header.
  var R = D.run;
  document.getElementById('run-header').querySelector('h1').textContent =
    'alchemy run report: ' + R.scenario;
  document.getElementById('run-meta').textContent = R.file + ', seed ' + R.seed + ', ' + R.start +
    ' to ' + R.end + ', ' + R.status + '; ' + D.firms.length + ' firms, ' + E.seq.length +
    ' events, ' + defaults.length + ' defaults';

  // Market value and price, log scale, with defaults and shocks marked.
  var shockLines = shocks.map(function (i) { return { xAxis: E.dates[E.date[i]] }; });
  function firmLines(values, positive, withMarks) {
    return D.firms.map(function (id, f) {
      var s = { name: id, type: 'line', showSymbol: false, data: pairs(D.dates, values[f], positive) };
      if (withMarks) {
        var marks = [];
        defaults.forEach(function (i) {
          if (E.firm[i] !== f) return;
          var d = E.dates[E.date[i]], k = D.dates.indexOf(d), y = null;
          for (var j = k; j >= 0 && y === null; j--) if (values[f][j] > 0) y = values[f][j];
          if (y !== null) marks.push({ coord: [d, y], value: 'default' });
        });
        s.markPoint = { symbol: 'pin', symbolSize: 28, data: marks, label: { show: false } };
        if (f === 0 && shockLines.length) {
          s.markLine = { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#888' },
            label: { show: false }, data: shockLines };
        }
      }
      return s;
    });
  }
  function timeChart(id, title, yName, series, log) {
    return chart(id, {
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'time' },
      yAxis: log ? { type: 'log', name: yName } : { type: 'value', name: yName, scale: true },
      dataZoom: [{ type: 'inside' }],
      series: series
    });
  }
  timeChart('chart-mv', 'Market value (USD, log scale)', 'USD', firmLines(D.mv, true, true), true);
  timeChart('chart-price', 'Price per share (USD, log scale; private firms: mark)', 'USD',
    firmLines(D.price, true, false), true);
  timeChart('chart-pd', 'Default probability over the treasury horizon', 'probability',
    firmLines(D.pd, false, true), false);
  // Only the firms whose commitments cost anything (the others stay at 0).
  timeChart('chart-cv', 'Commitment value (USD; the cost of idle committed compute)', 'USD',
    firmLines(D.cv, false, false).filter(function (s, f) {
      return D.cv[f].some(function (v) { return v !== 0; });
    }), false);

  // Balance sheets at month ends, one firm at a time.
  var select = document.getElementById('bs-firm');
  D.firms.forEach(function (id, f) { select.appendChild(el('option', { value: f }, id)); });
  var bsDates = D.bs.at.map(function (t) { return D.dates[t]; });
  var assets = ['cash', 'fleet', 'stakes', 'warrants', 'receivables', 'other_assets',
    'operating_assets'];
  var liabilities = ['debt', 'payables', 'other_liabilities'];
  var bsChart = null;
  function drawBalanceSheet(f) {
    var series = [];
    assets.forEach(function (k) {
      series.push({ name: k, type: 'bar', stack: 'assets', data: pairs(bsDates, D.bs[k][f], false) });
    });
    liabilities.forEach(function (k) {
      series.push({ name: k, type: 'bar', stack: 'liabilities',
        data: pairs(bsDates, D.bs[k][f].map(function (v) { return -v; }), false) });
    });
    series.push({ name: 'equity', type: 'line', showSymbol: false, data: pairs(bsDates, D.bs.equity[f], false) });
    var option = {
      title: { text: 'Balance sheet of ' + D.firms[f] + ' (month ends, USD)', left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
      grid: { left: 80, right: 30, top: 40, bottom: 60 },
      xAxis: { type: 'time' }, yAxis: { type: 'value', axisLabel: { formatter: money } },
      series: series
    };
    if (bsChart) { bsChart.setOption(option, true); } else { bsChart = chart('chart-bs', option); }
  }
  select.addEventListener('change', function () { drawBalanceSheet(Number(select.value)); });
  if (D.firms.length) drawBalanceSheet(0);

  // Market state.
  var M = D.market;
  chart('chart-market', {
    title: { text: 'Sentiment, GPU index and risk-free rate', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' }, legend: { bottom: 0 },
    grid: { left: 60, right: 60, top: 40, bottom: 60 },
    xAxis: { type: 'time' },
    yAxis: [{ type: 'value', name: 'index', scale: true }, { type: 'value', name: 'rate', scale: true }],
    series: [
      { name: 'sentiment', type: 'line', showSymbol: false, data: pairs(M.dates, M.sentiment, false) },
      { name: 'GPU index', type: 'line', showSymbol: false, data: pairs(M.dates, M.gpu_index, false) },
      { name: 'risk-free rate', type: 'line', showSymbol: false, yAxisIndex: 1, data: pairs(M.dates, M.risk_free, false) }
    ]
  });

  // Defaults: a timeline (one row per firm) and a table of causes.
  function chainOf(i) {  // the event and its causes, root first
    var chain = [], seen = {};
    while (i !== undefined && !seen[i]) {
      seen[i] = true;
      chain.unshift(i);
      i = E.cause[i] ? bySeq[E.cause[i]] : undefined;
    }
    return chain;
  }
  chart('chart-defaults', {
    title: { text: 'Default timeline', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { formatter: function (p) { return p.data.name; } },
    grid: { left: 110, right: 30, top: 40, bottom: 40 },
    xAxis: { type: 'time', min: R.start, max: R.end },
    yAxis: { type: 'category', data: D.firms },
    series: [{ name: 'defaults', type: 'scatter', symbol: 'diamond', symbolSize: 14, itemStyle: { color: '#e15759' },
      data: defaults.map(function (i) {
        var e = ev(i), chain = chainOf(i);
        return { value: [e.date, D.firms[e.firm]], name: e.date + ' ' + firmName(e.firm) + ': ' +
          chain.map(function (j) { return describe(ev(j)); }).join(' ← ') };
      }) }]
  });
  var holder = document.getElementById('defaults-table');
  if (!defaults.length) {
    holder.appendChild(el('p', { 'class': 'meta' }, 'No firm defaulted in this run.'));
  } else {
    var table = el('table', { 'class': 'defaults' });
    var head = el('tr');
    var headings = ['date', 'firm', 'liabilities', 'round', 'led to', 'caused by (root first)'];
    headings.forEach(function (h, k) {
      head.appendChild(el('th', { 'class': k === 1 || k >= 4 ? 'text' : '' }, h));
    });
    table.appendChild(head);
    var led = {};  // seq of a default → the events it caused directly (a cascade, ...)
    for (var j = 0; j < E.seq.length; j++) if (E.cause[j]) (led[E.cause[j]] = led[E.cause[j]] || []).push(j);
    defaults.forEach(function (i) {
      var e = ev(i), f = E.fields[e.seq] || {}, tr = el('tr');
      tr.appendChild(el('td', {}, e.date));
      tr.appendChild(el('td', { 'class': 'text' }, firmName(e.firm)));
      tr.appendChild(el('td', {}, money(f.liabilities === undefined ? null : f.liabilities)));
      tr.appendChild(el('td', {}, f.round === undefined || f.round === null ? 'n/a' : String(f.round)));
      tr.appendChild(el('td', { 'class': 'text' }, (led[e.seq] || []).map(function (j) {
        var c = ev(j), g = E.fields[c.seq] || {};
        return describe(c) + (c.type === 'cascade' && g.size !== undefined ? ' (size ' + g.size + ', depth ' + g.depth + ')' : '');
      }).join('; ') || '—'));
      var chain = chainOf(i).slice(0, -1);
      tr.appendChild(el('td', { 'class': 'text' }, chain.length ? chain.map(function (j) {
        var c = ev(j); return c.date + ' ' + describe(c);
      }).join(' → ') : 'no recorded cause'));
      table.appendChild(tr);
    });
    holder.appendChild(table);
  }

  // ρ(W) and the strongest loops.
  var L = D.loops, rhoIdx = L.names.indexOf('rho');
  var rho = [], best = {};
  for (i = 0; i < L.loop.length; i++) {
    if (L.loop[i] === rhoIdx) { rho.push([L.dates[L.date[i]], L.gain[i]]); continue; }
    var g = Math.abs(L.per_edge_gain[i]);
    if (!(best[L.loop[i]] >= g)) best[L.loop[i]] = g;
  }
  var strongest = Object.keys(best).map(Number).sort(function (a, b) { return best[b] - best[a] || a - b; }).slice(0, 8);
  var loopSeries = [{ name: 'ρ(W)', type: 'line', showSymbol: false, data: rho, lineStyle: { width: 3 },
    markLine: { symbol: 'none', silent: true, label: { show: false }, lineStyle: { type: 'dashed', color: '#b00020' }, data: [{ yAxis: 1 }] } }];
  strongest.forEach(function (k) {
    var pts = [];
    for (var r = 0; r < L.loop.length; r++) if (L.loop[r] === k) pts.push([L.dates[L.date[r]], L.per_edge_gain[r]]);
    loopSeries.push({ name: L.names[k] + ' (' + L.classes[k] + ')', type: 'line', showSymbol: false, data: pts });
  });
  chart('chart-loops', {
    title: { text: 'ρ(W) and per-edge loop gains', left: 'center', textStyle: { fontSize: 14 } },
    tooltip: { trigger: 'axis' }, legend: { type: 'scroll', bottom: 0 },
    grid: { left: 60, right: 30, top: 40, bottom: 60 },
    xAxis: { type: 'time' }, yAxis: { type: 'value', scale: true },
    series: loopSeries
  });

  // The contract network at a month end (network.csv): firms on a circle in firm order (fixed,
  // so every date draws each firm in the same place), an arrow per merged set of contracts as
  // `alchemy graph` draws it: colour by kind, width by amount, loops outlined red, defaulted
  // firms grey and dashed, ended contracts grey and dashed. A slider picks the date.
  var N = D.network, cy = null, shownDate = null;
  var netHolder = document.getElementById('network');
  var slider = document.getElementById('network-date');
  var dateLabel = document.getElementById('network-date-label');
  function drawNetwork(k) {
    var dead = {}, edges = [];
    N.defaulted[k].forEach(function (f) { dead[f] = true; });
    for (var a = 0; a < N.from[k].length; a++) {
      var kind = N.kinds[N.kind[k][a]];
      edges.push({ group: 'edges', classes: (N.loop[k][a] ? 'loop' : '') + (N.active[k][a] ? '' : ' ended'),
        data: { id: 'e' + a, source: 'f' + N.from[k][a], target: 'f' + N.to[k][a],
          colour: N.colours[N.kind[k][a]], width: N.width[k][a],
          tip: D.firms[N.from[k][a]] + ' → ' + D.firms[N.to[k][a]] + ': ' + kind +
            (N.contracts[k][a] > 1 ? ' (' + N.contracts[k][a] + ' contracts)' : '') + ', ' +
            money(N.amount[k][a]) + (N.loop[k][a] ? ', on a feedback loop' : '') } });
    }
    cy.batch(function () {
      cy.edges().remove();
      cy.nodes().forEach(function (n) {
        if (dead[n.data('index')]) { n.addClass('defaulted'); } else { n.removeClass('defaulted'); }
      });
      cy.add(edges);
    });
    shownDate = N.dates[k];
    var loops = cy.edges('.loop').length;
    dateLabel.textContent = shownDate + ' — arrows: ' + edges.length + ', on feedback loops: ' + loops +
      ', defaulted firms: ' + N.defaulted[k].length;
  }
  if (N.dates.length) {
    var n = D.firms.length, radius = 60 * Math.max(3, n) / Math.PI;
    var nodes = D.firms.map(function (id, f) {
      var angle = 2 * Math.PI * f / n - Math.PI / 2;
      return { group: 'nodes', data: { id: 'f' + f, index: f, label: id },
        position: { x: radius * Math.cos(angle), y: radius * Math.sin(angle) } };
    });
    cy = cytoscape({
      container: netHolder, elements: nodes, layout: { name: 'preset' },
      userZoomingEnabled: false, boxSelectionEnabled: false, autoungrabify: true,
      maxZoom: 1.5,  // a network of a few firms is not blown up to fill the box
      style: [
        { selector: 'node', style: { 'shape': 'round-rectangle', 'background-color': '#ffffff',
          'border-width': 1, 'border-color': '#1d2330', 'label': 'data(label)', 'text-valign': 'center',
          'font-size': 11, 'width': 'label', 'height': 22, 'padding': '6px', 'color': '#1d2330' } },
        { selector: 'node.defaulted', style: { 'background-color': N.inactive_fill,
          'border-color': N.inactive_colour, 'border-style': 'dashed', 'color': '#616161' } },
        { selector: 'edge', style: { 'curve-style': 'bezier', 'line-color': 'data(colour)',
          'target-arrow-color': 'data(colour)', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8,
          'width': 'data(width)' } },
        { selector: 'edge.loop', style: { 'line-outline-color': N.loop_colour, 'line-outline-width': 2,
          'underlay-color': N.loop_colour, 'underlay-padding': 4, 'underlay-opacity': 0.3,
          'target-arrow-color': N.loop_colour } },
        { selector: 'edge.ended', style: { 'line-color': N.inactive_colour, 'target-arrow-color': N.inactive_colour,
          'line-style': 'dashed' } }
      ]
    });
    var start = N.dates.length - 1;
    if (N.dates[0] <= '2025-12-31' && '2025-12-31' <= N.dates[start]) {
      while (start > 0 && N.dates[start] > '2025-12-31') start--;
    }
    slider.min = 0;
    slider.max = N.dates.length - 1;
    slider.value = start;
    slider.addEventListener('input', function () { drawNetwork(Number(slider.value)); });
    drawNetwork(start);
    cy.fit(undefined, 30);
    var tipBox = document.getElementById('network-tip');
    cy.on('mouseover', 'edge', function (e) { tipBox.textContent = e.target.data('tip'); });
    cy.on('mouseout', 'edge', function () { tipBox.textContent = ''; });
  } else {
    slider.disabled = true;
    dateLabel.textContent = 'no snapshots: the run recorded no month end';
  }
  var legend = document.getElementById('network-legend');
  N.kinds.forEach(function (kind, k) {
    legend.appendChild(el('span', { 'class': 'key', style: 'border-bottom: 4px solid ' + N.colours[k] }, kind));
  });
  legend.appendChild(el('span', { 'class': 'key', style: 'border-bottom: 4px double ' + N.loop_colour + '; color: ' + N.loop_colour },
    'on a feedback loop'));
  legend.appendChild(el('span', { 'class': 'key', style: 'border-bottom: 2px dashed ' + N.inactive_colour + '; color: ' + N.inactive_colour },
    'ended contract'));
  legend.appendChild(el('span', { 'class': 'key', style: 'background: ' + N.inactive_fill + '; border: 1px dashed ' + N.inactive_colour },
    'defaulted firm'));
  legend.appendChild(el('span', { 'class': 'meta' },
    'line width: 1 + 1.5 × log10(amount / $100 M), from 1 to 8 ($1 B 2.5, $1 T 7)'));

  // Cascade trees: events linked by cause, each tree with a default in it, largest first.
  var children = {}, roots = [];
  for (i = 0; i < E.seq.length; i++) {
    var p = E.cause[i] ? bySeq[E.cause[i]] : undefined;
    if (p === undefined) { roots.push(i); continue; }
    (children[p] = children[p] || []).push(i);
  }
  function tree(i) {
    var e = ev(i), kids = (children[i] || []).map(tree), size = 1, hasDefault = e.type === 'default';
    kids.forEach(function (k) { size += k.size; hasDefault = hasDefault || k.hasDefault; });
    return { name: e.date + ' ' + describe(e), size: size, hasDefault: hasDefault, children: kids,
      itemStyle: { color: e.type === 'default' ? '#e15759' : '#4e79a7' } };
  }
  var trees = roots.map(tree).filter(function (t) { return t.hasDefault && t.size > 1; });
  trees.sort(function (a, b) { return b.size - a.size; });
  var cascadeHolder = document.getElementById('cascades'), cascadesDrawn = 0;
  var maxTrees = 12;
  if (!trees.length) cascadeHolder.appendChild(el('p', { 'class': 'meta' }, 'No default had recorded causes.'));
  trees.slice(0, maxTrees).forEach(function (t, k) {
    var id = 'chart-cascade-' + k;
    var height = Math.max(160, Math.min(900, 26 * t.size));
    cascadeHolder.appendChild(el('div', { id: id, 'class': 'chart', style: 'height:' + height + 'px' }));
    chart(id, {
      title: { text: 'Cascade ' + (k + 1) + ': ' + t.size + ' events', left: 0, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item' },
      series: [{ type: 'tree', data: [t], top: 30, left: 20, right: 320, bottom: 10, orient: 'LR',
        symbolSize: 9, initialTreeDepth: -1, expandAndCollapse: false,
        label: { position: 'right', fontSize: 11 }, leaves: { label: { position: 'right' } } }]
    });
    cascadesDrawn++;
  });
  if (trees.length > maxTrees)
    cascadeHolder.appendChild(el('p', { 'class': 'meta' }, (trees.length - maxTrees) + ' smaller cascades not drawn.'));

  // The run's summary: summary.txt's blocks (separated by blank lines), each a table when its
  // lines are columns aligned by runs of two or more spaces, else kept as text.
  var summary = document.getElementById('summary'), tablesShown = 0;
  D.summary.split(/\n\s*\n/).forEach(function (block) {
    var lines = block.split('\n').filter(function (l) { return l.trim().length; });
    if (!lines.length) return;
    var rows = lines.map(function (l) { return l.trim().split(/\s{2,}/); });
    var width = rows.length > 1 ? rows[1].length : 0;
    var tabular = rows.length > 2 && width > 1 && rows.slice(1).every(function (r) { return r.length >= width - 1; });
    if (!tabular) { summary.appendChild(el('pre', {}, block.replace(/^\n+|\n+$/g, ''))); return; }
    var table = el('table', { 'class': 'summary' });
    rows.forEach(function (r, k) {
      var tr = el('tr');
      r.forEach(function (cell, c) { tr.appendChild(el(k === 0 ? 'th' : 'td', { 'class': c === 0 ? 'text' : '' }, cell)); });
      table.appendChild(tr);
    });
    summary.appendChild(table);
    tablesShown++;
  });

  // The check hook: what was drawn, counted from the rendered objects.
  function rectOf(node) {
    var r = node.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
  }
  var check = { page: 'run', errors: window.alchemyErrors.length,
    height: document.documentElement.scrollHeight, charts: [],
    network: cy ? { nodes: cy.nodes().length, edges: cy.edges().length,
      defaulted: cy.nodes('.defaulted').length, date: shownDate, rect: rectOf(netHolder) } : null,
    defaults: 0, cascades: cascadesDrawn, tables: tablesShown };
  charts.forEach(function (c) {
    var series = c.chart.getOption().series || [], points = 0;
    series.forEach(function (s) {
      if (s.type === 'tree') {
        (function count(n) { points++; (n.children || []).forEach(count); })(s.data[0]);
      } else {
        points += (s.data || []).length;
      }
    });
    check.charts.push({ id: c.id, series: series.length, points: points, rect: rectOf(document.getElementById(c.id)) });
  });
  var timeline = charts.filter(function (c) { return c.id === 'chart-defaults'; })[0];
  check.defaults = timeline ? (timeline.chart.getOption().series[0].data || []).length : 0;
  var pre = document.getElementById('alchemy-check');
  pre.textContent = JSON.stringify(check);
  pre.setAttribute('data-rendered', '1');
})();
