// The sweep report's page script (sim/report/sweep_report.hpp says what each chart shows). Reads
// the data block, draws every chart with ECharts (animation off), builds the tables, and when
// every chart has rendered writes the #alchemy-check JSON the browser test reads, with counts
// taken from the rendered chart objects.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('alchemy-data').textContent);
  var root = document.getElementById('report');
  var charts = [];  // {id, chart, kind: 'heatmap' | 'tipping' | 'line' | 'metric'}
  var rendered = 0;  // charts that have fired 'finished'
  var built = false;  // every chart and table made
  var checked = false;
  var palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2',
                 '#7f7f7f', '#bcbd22', '#17becf'];

  function element(tag, parent, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    parent.appendChild(e);
    return e;
  }
  // Numbers for labels: four significant digits, large amounts with K/M/B/T as in scenarios.
  function fmt(v) {
    if (v === null || v === undefined) return '';
    if (typeof v !== 'number') return String(v);
    var a = Math.abs(v), units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'K']];
    for (var i = 0; i < units.length; ++i) {
      if (a >= units[i][0]) return String(+(v / units[i][0]).toPrecision(4)) + units[i][1];
    }
    return v !== 0 && a < 1e-3 ? v.toExponential(3) : String(+v.toPrecision(4));
  }
  function chart(id, kind, option) {
    var div = element('div', root, null, 'chart');
    div.id = id;
    var c = echarts.init(div, null, {renderer: 'canvas'});
    var finished = false;
    c.on('finished', function () {
      if (finished) return;
      finished = true;
      rendered += 1;
      maybeCheck();
    });
    option.animation = false;
    c.setOption(option);
    charts.push({id: id, chart: c, kind: kind});
    return c;
  }
  // A value axis over the cells' positions, or the labels when the parameter is not numeric.
  function valueAxis(axis, name) {
    var lo = Math.min.apply(null, axis.positions), hi = Math.max.apply(null, axis.positions);
    var pad = hi > lo ? (hi - lo) * 0.04 : 0.5;
    var a = {type: 'value', name: name, nameLocation: 'middle', nameGap: 28, scale: true,
             min: lo - pad, max: hi + pad,
             axisLabel: {formatter: fmt, showMinLabel: false, showMaxLabel: false}};
    if (!axis.numeric) {
      a.minInterval = 1;
      a.axisLabel = {showMinLabel: false, showMaxLabel: false, formatter: function (v) {
        return axis.labels[v] !== undefined ? axis.labels[v] : '';
      }};
    }
    return a;
  }

  var sweep = data.sweep;
  document.getElementById('meta').textContent =
      sweep.folder + ' — ' + sweep.sampling + ' sweep of ' + sweep.base_scenario + ': ' +
      sweep.points + ' points × ' + sweep.seeds + ' seeds = ' + sweep.runs + ' runs; alchemy ' +
      sweep.alchemy_version + ', finished ' + sweep.finished_at;

  var x = data.x, y = data.y;
  // Default probabilities.
  element('h2', root, 'Default probability' + (y ? ' over ' + x.key + ' × ' + y.key : ' over ' + x.key));
  element('p', root, y
      ? 'Share of the runs in each cell in which the firm defaulted; n is the cell\'s runs' +
        (x.binned || y.binned ? ' (sampled parameters binned into equal-width bins).' : '.')
      : 'Share of the runs at each value in which the firm defaulted, with 95 % Wilson intervals' +
        (x.binned ? ' (values binned into equal-width bins).' : '.'), 'meta');
  var bigGrid = y && x.labels.length * y.labels.length > 144;
  data.firms.forEach(function (f, index) {
    if (y) {
      chart('pd-' + f.firm, 'heatmap', {
        title: {text: f.firm, left: 'center'},
        tooltip: {formatter: function (p) {
          return f.firm + ': pd ' + fmt(p.data[2]) + ' (n = ' + p.data[3] + ')<br>' + x.key + ' ' +
                 x.labels[p.data[0]] + '<br>' + y.key + ' ' + y.labels[p.data[1]];
        }},
        grid: {left: 90, right: 90, top: 40, bottom: 60},
        xAxis: {type: 'category', data: x.labels, name: x.key, nameLocation: 'middle', nameGap: 32},
        yAxis: {type: 'category', data: y.labels, name: y.key, nameLocation: 'middle', nameGap: 70},
        visualMap: {min: 0, max: 1, dimension: 2, calculable: true, orient: 'vertical', right: 0, top: 'middle',
                    inRange: {color: ['#f7fbff', '#fdae61', '#a50026']}},
        series: [{type: 'heatmap', name: 'pd.' + f.firm, data: f.cells,
                  label: {show: !bigGrid, formatter: function (p) {
                    return fmt(p.data[2]) + '\nn=' + p.data[3];
                  }}}]
      });
    } else {
      var color = palette[index % palette.length];
      var xs = function (c) { return x.positions[c[0]]; };
      chart('pd-' + f.firm, 'line', {
        title: {text: f.firm, left: 'center'},
        tooltip: {trigger: 'axis'},
        grid: {left: 60, right: 30, top: 40, bottom: 60},
        xAxis: valueAxis(x, x.key),
        yAxis: {type: 'value', min: 0, max: 1, name: 'pd'},
        series: [
          {type: 'line', name: 'pd.' + f.firm, color: color,
           data: f.cells.map(function (c) { return [xs(c), c[1], c[4]]; }),
           markLine: {symbol: 'none', silent: true, label: {formatter: function (p) { return 'pd = 0.5 at ' + fmt(p.value); }},
                      data: f.tipping.map(function (t) { return {xAxis: t}; })}},
          {type: 'custom', name: '95 % interval', color: color,
           data: f.cells.map(function (c) { return [xs(c), c[2], c[3]]; }),
           renderItem: function (params, api) {
             var lo = api.coord([api.value(0), api.value(1)]);
             var hi = api.coord([api.value(0), api.value(2)]);
             var w = 5;
             var style = {stroke: color, lineWidth: 1.5};
             return {type: 'group', children: [
               {type: 'line', shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: style},
               {type: 'line', shape: {x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1]}, style: style},
               {type: 'line', shape: {x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1]}, style: style}]};
           }}]
      });
    }
  });

  // The tipping-point map: per firm, the contour where pd crosses 0.5.
  if (y) {
    element('h2', root, 'Tipping points: where the default probability crosses 0.5');
    element('p', root, 'One line per firm: the contour pd = 0.5, linearly interpolated between ' +
            'neighbouring cells (the cells\' positions: grid values or bin centres). Firms whose ' +
            'pd stays on one side of 0.5 everywhere have no line.', 'meta');
    var lines = [];
    data.firms.forEach(function (f, index) {
      if (f.tipping.length === 0) return;
      lines.push({type: 'lines', name: f.firm, coordinateSystem: 'cartesian2d', polyline: false,
                  color: palette[index % palette.length], lineStyle: {width: 2.5, opacity: 1},
                  data: f.tipping.map(function (s) { return {coords: [[s[0], s[1]], [s[2], s[3]]]}; })});
    });
    if (lines.length === 0) {
      element('p', root, 'No firm\'s default probability crosses 0.5 between neighbouring cells ' +
              'of this sweep, so the map is empty.', 'meta');
    }
    chart('tipping', 'tipping', {
      legend: {top: 0},
      tooltip: {},
      grid: {left: 80, right: 30, top: 40, bottom: 60},
      xAxis: valueAxis(x, x.key),
      yAxis: valueAxis(y, y.key),
      series: lines
    });
  }

  // Every other outcome per point: the p05–p95 band, the median and the mean.
  element('h2', root, 'Outcomes per point');
  element('p', root, 'Per point of the sweep (its parameter values, in point order): the band ' +
          'from the 5th to the 95th percentile of the point\'s runs, the median (line) and the ' +
          'mean (dots), as in summary.csv.', 'meta');
  var labels = data.points.labels;
  data.metrics.forEach(function (m) {
    var width = m.p05.map(function (lo, i) {
      return lo === null || m.p95[i] === null ? null : m.p95[i] - lo;
    });
    chart('metric-' + m.name, 'metric', {
      title: {text: m.name, left: 'center'},
      tooltip: {trigger: 'axis', formatter: function (ps) {
        var i = ps[0].dataIndex;
        return labels[i] + '<br>p05 ' + fmt(m.p05[i]) + '<br>median ' + fmt(m.p50[i]) +
               '<br>p95 ' + fmt(m.p95[i]) + '<br>mean ' + fmt(m.mean[i]);
      }},
      legend: {top: 0, right: 10, data: ['p05–p95', 'median', 'mean']},
      grid: {left: 80, right: 30, top: 40, bottom: 90},
      xAxis: {type: 'category', data: labels, name: data.sweep.parameters.join(' / '),
              nameLocation: 'middle', nameGap: 70, axisLabel: {rotate: 40, fontSize: 10}},
      yAxis: {type: 'value', scale: true, axisLabel: {formatter: fmt}},
      series: [
        {type: 'line', name: 'p05', data: m.p05, stack: 'band', symbol: 'none',
         lineStyle: {opacity: 0}, tooltip: {show: false}},
        {type: 'line', name: 'p05–p95', data: width, stack: 'band', symbol: 'none', color: '#9ecae1',
         lineStyle: {opacity: 0}, areaStyle: {color: '#9ecae1', opacity: 0.6}},
        {type: 'line', name: 'median', data: m.p50, color: '#08519c', symbolSize: 4},
        {type: 'scatter', name: 'mean', data: m.mean, color: '#d94801', symbolSize: 6}]
    });
  });

  // Tables.
  element('h2', root, 'Default probability per point (summary.csv)');
  var table = element('table', root);
  var head = element('tr', element('thead', table));
  data.points.header.forEach(function (h, i) { element('th', head, h, i >= 1 && i <= data.sweep.parameters.length ? 'text' : null); });
  var body = element('tbody', table);
  data.points.rows.forEach(function (r) {
    var tr = element('tr', body);
    r.forEach(function (v, i) { element('td', tr, v, i >= 1 && i <= data.sweep.parameters.length ? 'text' : null); });
  });
  element('h2', root, 'Tipping points per firm');
  var tt = element('table', root);
  var th = element('tr', element('thead', tt));
  element('th', th, 'firm', 'text');
  element('th', th, y ? 'contour segments (pd = 0.5)' : 'pd = 0.5 at ' + x.key, 'text');
  var tb = element('tbody', tt);
  data.firms.forEach(function (f) {
    var tr = element('tr', tb);
    element('td', tr, f.firm, 'text');
    element('td', tr, y ? String(f.tipping.length)
                        : (f.tipping.length ? f.tipping.map(fmt).join(', ') : 'never crossed'), 'text');
  });
  element('h2', root, 'The sweep');
  var st = element('table', root);
  [['folder', sweep.folder], ['sweep file', sweep.sweep_file], ['base scenario', sweep.base_scenario],
   ['sampling', sweep.sampling], ['parameters', sweep.parameters.join(', ')],
   ['outcome firms', sweep.outcomes.join(', ')], ['points × seeds = runs',
    sweep.points + ' × ' + sweep.seeds + ' = ' + sweep.runs],
   ['heatmap axes', x.key + (y ? ' × ' + y.key : '')], ['alchemy', sweep.alchemy_version],
   ['finished', sweep.finished_at]].forEach(function (r) {
    var tr = element('tr', st);
    element('th', tr, r[0], 'text');
    element('td', tr, r[1], 'text');
  });

  // The check for the browser test, once every chart has rendered.
  function writeCheck() {
    var out = {page: 'sweep', errors: window.alchemyErrors.length,
               height: document.documentElement.scrollHeight, charts: [], heatmaps: 0, cells: 0,
               tipping_lines: 0};
    charts.forEach(function (c) {
      var series = c.chart.getOption().series || [];
      var points = 0;
      series.forEach(function (s) {
        var d = s.data || [];
        points += d.length;
        if (s.type === 'heatmap') {
          d.forEach(function (v) { if (v && v[2] !== null && v[2] !== undefined) out.cells += 1; });
        }
        if (c.kind === 'tipping' && s.type === 'lines' && d.length > 0) out.tipping_lines += 1;
      });
      if (series.some(function (s) { return s.type === 'heatmap'; })) out.heatmaps += 1;
      var r = c.chart.getDom().getBoundingClientRect();
      out.charts.push({id: c.id, series: series.length, points: points,
                       rect: [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]});
    });
    var pre = document.getElementById('alchemy-check');
    pre.textContent = JSON.stringify(out);
    pre.setAttribute('data-rendered', '1');
  }
  function maybeCheck() {
    if (checked || !built || rendered < charts.length) return;
    checked = true;
    writeCheck();
  }
  built = true;
  maybeCheck();
})();
