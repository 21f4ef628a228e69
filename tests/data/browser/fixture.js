// The static pages the browser harness (tools/render-report) is tested on. They carry the same
// hooks as alchemy's report pages (sim/report/html_page.cpp): #js-errors, filled by an onerror hook
// installed before any other script, and #alchemy-check, holding JSON with each chart's rectangle
// once data-rendered="1" is set. The "charts" are plain canvases filled with crisp rectangles, so
// the share of drawn pixels in each is known exactly. render-report counts each canvas 2 px in
// from its edges: prices 596 x 296 px, 149 x 296 filled, 25 %; volumes 298 x 296 filled, 50 %;
// network 396 x 196 px, 99 x 98 filled, 12.5 %.
window.alchemyErrors = [];
(function () {
  function note(text) {
    window.alchemyErrors.push(text);
    var pre = document.getElementById('js-errors');
    if (pre) { pre.hidden = false; pre.textContent += text + '\n'; }
  }
  window.onerror = function (message, source, line, column) {
    note(String(message) + ' at ' + (source || '?') + ':' + (line || 0) + ':' + (column || 0));
  };
})();

// options.blank: ids of charts left undrawn; options.rendered === false: never mark the check.
// Drawing waits for a timer, as a real page waits for its libraries, so the harness must let
// virtual time run for the page to finish.
function renderFixture(options) {
  var fills = { prices: [2, 2, 149, 296], volumes: [2, 2, 298, 296], network: [50, 50, 99, 98] };
  setTimeout(function () {
    var charts = [];
    var network = null;
    Object.keys(fills).forEach(function (id) {
      var canvas = document.getElementById(id);
      if ((options.blank || []).indexOf(id) < 0) {
        var g = canvas.getContext('2d');
        g.fillStyle = id === 'network' ? '#c03030' : '#3366cc';
        g.fillRect.apply(g, fills[id]);
      }
      var r = canvas.getBoundingClientRect();
      var rect = [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];
      if (id === 'network') network = { nodes: 3, edges: 2, defaulted: 1, rect: rect };
      else charts.push({ id: id, series: 1, points: 10, rect: rect });
    });
    if (options.rendered === false) return;
    var check = document.getElementById('alchemy-check');
    check.textContent = JSON.stringify({
      page: 'run', errors: window.alchemyErrors.length,
      height: document.documentElement.scrollHeight, charts: charts, network: network,
      defaults: 1, cascades: 1, tables: 0, note: 'escaped in the DOM: <&>'
    });
    check.setAttribute('data-rendered', '1');
  }, 300);
}
