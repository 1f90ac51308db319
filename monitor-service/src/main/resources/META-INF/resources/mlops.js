// rtml MLOps page: the catalogue (landing) and one model through its lifecycle, from the monitor's REST API only
// (the monitor asks the registry with the caller's token). Filters, sort and the model shown live in the URL, so a
// view can be shared. No build step; charts with uPlot, served from the monitor's jar (no CDN).
(function () {
  'use strict';

  const $ = id => document.getElementById(id);
  const status = $('status');

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v !== undefined && v !== null) node.setAttribute(k, v);
    });
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c))));
    return node;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return '—';
    if (typeof v !== 'number') return String(v);
    if (Number.isInteger(v)) return String(v);
    if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
    return v.toFixed(digits === undefined ? 3 : digits);
  }

  const pct = v => v === null || v === undefined ? '—' : (v * 100).toFixed(1) + ' %';
  const empty = text => el('p', {class: 'empty'}, text);

  /** One measurement: its lifecycle phase, its name, its value and what it means, in one line. */
  function metric(phase, name, value, meaning) {
    return el('div', {class: 'metric', 'data-metric': name},
      el('span', {class: 'phase'}, phase), el('span', {class: 'name'}, name),
      el('strong', {class: 'value'}, value), el('span', {class: 'meaning'}, meaning));
  }

  function table(caption, headers, rows) {
    if (!rows.length) return empty(caption + ': none.');
    return el('table', {}, el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(c => el('td', {}, c))))));
  }

  function bar(share) {
    const b = el('span', {class: 'bar', 'aria-hidden': 'true'});
    b.append(el('span', {style: 'width:' + (Math.max(0, Math.min(1, share || 0)) * 100).toFixed(1) + '%'}));
    return b;
  }

  // The token pasted for this tab only (never a cookie, never the URL).
  const tokenInput = $('token');
  tokenInput.value = sessionStorage.getItem('rtml-token') || '';
  tokenInput.addEventListener('change', () => {
    sessionStorage.setItem('rtml-token', tokenInput.value.trim());
    render();
  });

  /** GET from the monitor; resolves to {ok, status, body}, never throws for an HTTP error (the panel says it). */
  async function get(path) {
    const token = sessionStorage.getItem('rtml-token');
    const res = await fetch(path, {headers: token ? {Authorization: 'Bearer ' + token} : {}});
    let body = null;
    try { body = await res.json(); } catch (e) { body = null; }
    return {ok: res.ok, status: res.status, body};
  }

  const why = r => (r.body && r.body.error) || ('HTTP ' + r.status);

  function chart(target, title, xs, series, labels) {
    if (typeof uPlot === 'undefined') return;
    const width = Math.max(320, Math.min(900, target.clientWidth || 640));
    const colours = ['#0969da', '#cf222e', '#1a7f37'];
    /* global uPlot */
    new uPlot({title, width, height: 200,
      series: [{}].concat(labels.map((l, i) => ({label: l, stroke: colours[i % 3], width: 2}))),
      axes: [{}, {size: 60}]}, [xs].concat(series), target);
  }

  // ---- the URL is the state -------------------------------------------------------------------------------
  const params = () => new URLSearchParams(location.search);
  function go(update) {
    const p = params();
    Object.entries(update).forEach(([k, v]) => v === null || v === '' || v === undefined ? p.delete(k) : p.set(k, v));
    history.pushState(null, '', '?' + p.toString());
    render();
  }
  window.addEventListener('popstate', render);

  const FILTERS = ['industry', 'mode', 'status', 'tenant'];
  FILTERS.forEach(f => $('f-' + f).addEventListener('change', e => go({[f]: e.target.value.trim()})));

  function fill(select, values, chosen) {
    const first = select.options[0];
    select.replaceChildren(first, ...values.map(v => el('option', {value: v}, v)));
    select.value = values.includes(chosen) ? chosen : '';
  }

  async function render() {
    const p = params();
    const model = p.get('model');
    $('catalogue-view').hidden = !!model;
    $('model-view').hidden = !model;
    if (!sessionStorage.getItem('rtml-token')) {
      // Without a token every call would be a 401: say what to do instead of asking.
      status.textContent = 'paste a bearer token (role operator, data-scientist or admin) to see the models';
      $('catalogue').replaceChildren(empty('Paste a bearer token above to see the catalogue.'));
      return;
    }
    status.textContent = 'loading…';
    try {
      if (model) await renderModel(model); else await renderCatalogue(p);
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = 'error: ' + e.message;
    }
  }

  // ---- catalogue ----------------------------------------------------------------------------------------------
  const COLUMNS = [
    ['model', 'Model', 'name'], ['industry', 'Industry'], ['ingestionMode', 'Mode'], ['champion', 'Champion'],
    ['challenger', 'Challenger'], ['route', 'Route'], ['perMinute', 'Inferences / min', 'perMinute'],
    ['perHour', 'Inferences / hour', 'perHour'], ['perDay', 'Inferences / day', 'perDay'], ['drift', 'Drift'],
    ['accuracy', 'Live accuracy'], ['resiliency', 'Resiliency'], ['alerts', 'Open alerts'],
    ['age', 'Champion age (days)', 'age'], ['status', 'Status']];

  async function renderCatalogue(p) {
    FILTERS.forEach(f => { if (f === 'tenant') $('f-tenant').value = p.get('tenant') || ''; });
    const query = new URLSearchParams();
    FILTERS.concat(['sort', 'order']).forEach(k => { if (p.get(k)) query.set(k, p.get(k)); });
    const r = await get('/api/v1/catalogue?' + query.toString());
    const target = $('catalogue');
    if (!r.ok) {
      target.replaceChildren(el('p', {class: 'error', role: 'alert'}, 'The catalogue cannot be shown: ' + why(r)));
      return;
    }
    const view = r.body;
    fill($('f-industry'), view.industries, p.get('industry'));
    fill($('f-mode'), view.modes, p.get('mode'));
    fill($('f-status'), view.statuses, p.get('status'));
    if (!view.rows.length) {
      target.replaceChildren(empty('No model matches these filters.'));
      return;
    }
    const sort = view.query.sort || 'name';
    const order = view.query.order || (sort === 'name' ? 'asc' : 'desc');
    const head = el('tr', {}, COLUMNS.map(([key, label, sortKey]) => {
      if (!sortKey) return el('th', {scope: 'col'}, label);
      const th = el('th', {scope: 'col', 'aria-sort': sort === sortKey ? (order === 'asc' ? 'ascending' : 'descending') : 'none'});
      const b = el('button', {type: 'button', 'data-sort': sortKey}, label);
      b.addEventListener('click', () => go({sort: sortKey,
        order: sort === sortKey ? (order === 'asc' ? 'desc' : 'asc') : (sortKey === 'name' ? 'asc' : 'desc')}));
      th.append(b);
      return th;
    }));
    const rows = view.rows.map(row => {
      const link = el('a', {href: '?model=' + encodeURIComponent(row.model)}, row.model);
      link.addEventListener('click', e => { e.preventDefault(); go({model: row.model}); });
      const route = row.routeMode && row.routeMode !== 'off'
        ? row.routeMode + (row.routeMode === 'canary' ? ' ' + fmt(row.percent) + ' %' : '') + ' by ' + row.stickyBy : 'off';
      const cells = {
        model: link, industry: row.industry || '—', ingestionMode: row.ingestionMode || '—',
        champion: row.champion === null ? 'none' : 'v' + row.champion,
        challenger: row.challenger === null ? '—' : 'v' + row.challenger, route,
        perMinute: fmt(row.inferences.lastMinute), perHour: fmt(row.inferences.lastHour), perDay: fmt(row.inferences.lastDay),
        drift: row.drift.status === 'drifting' ? 'drifting: ' + row.drift.driftedFeatures.join(', ')
          : row.drift.status + (row.drift.reason ? ' (' + row.drift.reason + ')' : ''),
        accuracy: row.liveAccuracy === null ? 'no labels yet' : pct(row.liveAccuracy) + ' of ' + row.labelled,
        resiliency: row.resiliency === null ? (row.resiliencyStatus || 'unknown') : fmt(row.resiliency, 2) + ' ' + row.resiliencyStatus,
        alerts: fmt(row.openAlerts), age: fmt(row.championAgeDays, 1), status: row.status.join(', ')};
      return el('tr', {'data-model': row.model}, COLUMNS.map(([key]) => el('td', {'data-col': key}, cells[key])));
    });
    target.replaceChildren(el('table', {id: 'catalogue-table'},
      el('caption', {}, view.rows.length + ' models; inferences counted by this monitor from rtml.predictions'),
      el('thead', {}, head), el('tbody', {}, rows)));
  }

  // ---- model view ---------------------------------------------------------------------------------------------
  async function renderModel(model) {
    $('model-title').textContent = model;
    const o = await get('/api/v1/models/' + encodeURIComponent(model) + '/overview');
    const panels = ['registry', 'data', 'deployment', 'monitoring', 'business'];
    if (!o.ok) {
      panels.forEach(p => $(p).replaceChildren(el('p', {class: 'error', role: 'alert'}, 'Model ' + model + ': ' + why(o))));
      return;
    }
    const ov = o.body;
    const m = encodeURIComponent(model);
    const routes = [['champion', ov.champion]].concat(ov.challenger ? [['challenger', ov.challenger]] : []);
    const reports = await Promise.all(routes.map(async ([route]) => ({
      route,
      drift: await get('/api/v1/models/' + m + '/drift?route=' + route),
      quality: await get('/api/v1/models/' + m + '/quality?route=' + route),
      performance: await get('/api/v1/models/' + m + '/performance?route=' + route)})));
    const [concept, alerts, business] = await Promise.all([
      ov.champion ? get('/api/v1/models/' + m + '/concept-drift?version=' + ov.champion) : null,
      get('/api/v1/alerts?model=' + m + '&limit=20'),
      get('/api/v1/models/' + m + '/business-value')]);
    renderRegistry(ov);
    renderData(ov);
    renderDeployment(ov);
    const drifting = renderMonitoring(ov, reports, concept, alerts);
    renderBusiness(ov, business, drifting);
  }

  function renderRegistry(ov) {
    const t = $('registry');
    const v = ov.championVersion;
    const audit = ov.audit || [];
    const gates = audit.filter(a => a.details && a.details.gate);
    t.replaceChildren(
      metric('registry', 'Champion', ov.champion === null ? 'none' : 'v' + ov.champion, 'the version customers are served (the champion alias)'),
      metric('registry', 'Versions', fmt((ov.versions || []).length), 'immutable numbered versions registered'),
      metric('registry', 'Industry · mode', (ov.model.industry || '—') + ' · ' + (ov.model.ingestionMode || '—'), 'catalogue facts of the model'),
      table('Versions and aliases', ['version', 'aliases', 'registered', 'by', 'archived', 'metrics'],
        (ov.versions || []).map(x => [String(x.version), (x.aliases || []).join(', ') || '—', x.createdAt, x.createdBy || '—',
          x.archived ? 'yes' : 'no', Object.entries(x.metrics || {}).map(([k, n]) => k + ' ' + fmt(n)).join(', ') || '—'])),
      table('Gate reports (champion changes)', ['time', 'event', 'version', 'passed', 'checks'],
        gates.slice(-10).reverse().map(a => [a.time, a.type, String(a.version), String(a.details.gate.passed),
          (a.details.gate.checks || []).map(c => c.name + (c.passed ? ' ✓' : ' ✗')).join(', ')])),
      ov.audit === null ? empty('Audit trail: this token\'s role may not read it.')
        : table('Audit trail (newest 15)', ['time', 'event', 'version', 'alias', 'actor'],
          audit.slice(-15).reverse().map(a => [a.time, a.type, String(a.version), a.alias || '—', a.actor || '—'])),
      v ? table('Lineage of the champion', ['kind', 'what'],
        (v.featureRefs || []).map(f => ['feature view', f])
          .concat(v.trainingSet ? [['training-set snapshot', JSON.stringify(v.trainingSet).slice(0, 160)]] : []))
        : empty('Lineage: the model has no champion.'));
  }

  function renderData(ov) {
    const t = $('data');
    const v = ov.championVersion;
    if (!v || !v.dataCard) {
      t.replaceChildren(empty(v ? 'The champion was registered without a data card.' : 'The model has no champion, so no data card.'));
      return;
    }
    const c = v.dataCard;
    const sources = c.sources || [];
    const third = sources.filter(s => s.party === 'third').length;
    const share = (name, value, meaning) => metric('data', name, value === null || value === undefined ? 'not given' : pct(value), meaning);
    const r = v.resiliency || {};
    t.replaceChildren(
      metric('data', 'Sources', fmt(sources.length), 'datasets the training data came from'),
      metric('data', 'Third-party datasets', fmt(third), 'sources bought or shared, not produced by the platform'),
      metric('data', 'Rows', fmt(c.rows), 'training rows described by the card'),
      share('Completeness', c.completeness, 'share of feature values present in training'),
      share('Imputed', c.imputedShare, 'share of values filled in rather than observed'),
      share('Augmented', c.augmentedShare, 'share of rows synthesised by augmentation'),
      share('Outliers', c.outlierShare, 'share of rows flagged as outliers'),
      share('Transformed', c.transformedShare, 'share of features derived by a transformation'),
      share('Extracted', c.extractedShare, 'share of features extracted from raw data'),
      share('Structured', c.structuredShare, 'share of the data that is tabular rather than text, image, audio'),
      metric('data', 'Labelling', c.labelling ? Object.entries(c.labelling).filter(([, x]) => x).map(([k, x]) => k + ' ' + pct(x)).join(', ') : 'not given',
        'where the labels came from'),
      metric('data', 'Data age (days)', fmt(r.dataAgeDays, 1), 'age of the newest training record'),
      metric('data', 'Resiliency score', r.score === null || r.score === undefined ? (r.status || 'unknown') : fmt(r.score, 2) + ' (' + r.status + ')',
        'falls as training data and features age; below 0.5 is stale'),
      table('Sources', ['name', 'party', 'dataset version', 'share'],
        sources.map(s => [s.name, s.party, s.datasetVersion || '—', el('span', {}, bar(s.share), s.share === null || s.share === undefined ? 'equal' : pct(s.share))])));
  }

  function renderDeployment(ov) {
    const t = $('deployment');
    const r = ov.route || {};
    const traffic = Object.values(ov.traffic || {});
    const kids = [
      metric('deployment', 'Route', r.mode === 'off' || !r.mode ? 'champion only' : r.mode + ' v' + r.challenger
        + (r.mode === 'canary' ? ' ' + fmt(r.percent) + ' %' : '') + ' sticky by ' + r.stickyBy, 'how traffic is split between champion and challenger'),
      metric('deployment', 'Inferences / min', fmt(ov.inferences.lastMinute), 'answers served in the last minute, all versions'),
      metric('deployment', 'Inferences / hour', fmt(ov.inferences.lastHour), 'answers served in the last hour'),
      metric('deployment', 'Inferences / day', fmt(ov.inferences.lastDay), 'answers served in the last day')];
    if (!traffic.length) {
      kids.push(empty('No traffic: the monitor has seen no prediction of this model yet.'));
    } else {
      kids.push(table('Per version served', ['version', 'route', '/ min', '/ hour', '/ day', 'latency p50 (ms)', 'latency p99 (ms)', 'last seen'],
        traffic.map(x => ['v' + x.version, x.route || '—', fmt(x.counts.lastMinute), fmt(x.counts.lastHour), fmt(x.counts.lastDay),
          fmt(x.latencyP50Ms, 2), fmt(x.latencyP99Ms, 2), x.lastSeen || '—'])));
      const box = el('div', {class: 'chart', id: 'chart-inferences'});
      kids.push(box);
      const end = ov.seriesEnd;
      const xs = ov.perMinuteLastHour.map((_, i) => end - (ov.perMinuteLastHour.length - 1 - i) * 60);
      t.replaceChildren(...kids);
      chart(box, 'Inferences per minute, last hour', xs, [ov.perMinuteLastHour], ['inferences']);
      return;
    }
    t.replaceChildren(...kids);
  }

  /** Drift, quality and performance per route side by side; returns whether the champion drifts. */
  function renderMonitoring(ov, reports, concept, alerts) {
    const t = $('monitoring');
    if (!reports.length || ov.champion === null) {
      t.replaceChildren(empty('The model has no champion, so there is nothing to monitor.'));
      return false;
    }
    let drifting = false;
    const columns = reports.map(rep => {
      const col = el('div', {'data-route': rep.route}, el('h3', {}, rep.route + ' (v' + (rep.route === 'champion' ? ov.champion : ov.challenger) + ')'));
      const d = rep.drift;
      if (!d.ok) {
        col.append(empty('Drift: ' + why(d)));
      } else {
        if (rep.route === 'champion') drifting = d.body.driftedFeatures.length > 0;
        col.append(
          metric('monitoring', 'Predictions (15 min)', fmt(d.body.rows), 'answers in the report window'),
          metric('monitoring', 'Drifted features', d.body.driftedFeatures.length ? d.body.driftedFeatures.join(', ') : 'none',
            'features whose live distribution differs from training (Holm-corrected p-values)'),
          table('Drift per feature', ['feature', 'PSI', 'p-value', 'drifted'],
            d.body.features.map(f => [f.feature, el('span', {}, bar(Math.min(1, (f.psi || 0) / 0.5)), fmt(f.psi)), fmt(f.pValue), f.drifted ? 'yes' : 'no'])));
      }
      const q = rep.quality;
      col.append(q.ok ? table('Data quality', ['feature', 'completeness', 'out of range', 'unknown category'],
        q.body.features.map(f => [f.feature, pct(f.completeness), f.outOfRange === null ? '—' : pct(f.outOfRange), f.unknown === null ? '—' : pct(f.unknown)]))
        : empty('Data quality: ' + why(q)));
      const p = rep.performance;
      col.append(p.ok ? metric('monitoring', 'Live accuracy', p.body.accuracy === null ? 'no labels yet' : pct(p.body.accuracy) + ' of ' + p.body.labelled,
        'share of labelled predictions that were right (labels joined by request id)')
        : empty('Performance: ' + why(p)));
      if (p.ok && p.body.estimatedAccuracy !== null && p.body.estimatedAccuracy !== undefined) {
        col.append(metric('monitoring', 'Estimated accuracy', pct(p.body.estimatedAccuracy) + ' of ' + fmt(p.body.scored)
            + (p.body.accuracyGap === null ? '' : ' (gap ' + fmt(p.body.accuracyGap) + ')'),
          'accuracy expected from the scores before labels (CBPE, scores ' + p.body.calibration.status
            + ' on the validation set); the gap is estimated minus realised'));
      } else {
        const note = p.ok && p.body.calibration ? p.body.calibration.note : null;
        col.append(metric('monitoring', 'Estimated accuracy', 'not estimated',
          note || 'accuracy before labels (CBPE) needs scored predictions and a validation reliability table'));
      }
      return col;
    });
    const kids = [el('div', {class: 'routes'}, columns)];
    if (concept && concept.ok) {
      kids.push(metric('monitoring', 'Concept-drift events', fmt(concept.body.detections.length),
        'rises of the champion\'s error rate found by Page–Hinkley, ADWIN or HDDM_A on ' + concept.body.labelled + ' labels'));
    } else {
      kids.push(empty('Concept drift: ' + (concept ? why(concept) : 'no champion')));
    }
    kids.push(alerts.ok ? (alerts.body.length
      ? table('Alerts (newest 20)', ['fired', 'rule', 'version', 'metric', 'value', 'severity', 'action'],
        alerts.body.map(a => [a.firedAt, a.rule, 'v' + a.version, a.metric, fmt(a.value), a.severity, a.action + ' ' + a.actionStatus]))
      : empty('No alert has fired for this model.')) : empty('Alerts: ' + why(alerts)));
    t.replaceChildren(...kids);
    return drifting;
  }

  function renderBusiness(ov, b, drifting) {
    const t = $('business');
    const stale = ov.championVersion && ov.championVersion.resiliency && ov.championVersion.resiliency.status === 'stale';
    if (b.status === 404) {
      t.replaceChildren(empty('No KPI is declared for this model in the registry, so its business value is not measured.'),
        hint(stale, drifting, null));
      return;
    }
    if (!b.ok) {
      t.replaceChildren(empty('Business value: ' + why(b)), hint(stale, drifting, null));
      return;
    }
    const v = b.body;
    const kids = [
      metric('business value', 'KPI', v.kpi.name, v.kpi.description || ('the ' + v.kpi.aggregation + ' of ' + v.kpi.outcome)),
      metric('business value', 'Model', fmt(v.model.value) + ' (n ' + fmt(v.model.n) + ')', 'the KPI over recipients the model served'),
      metric('business value', 'Holdout', fmt(v.holdout.value) + ' (n ' + fmt(v.holdout.n) + ')', 'the KPI over the holdout served by the fallback policy'),
      metric('business value', 'Uplift', fmt(v.uplift) + (v.ci95 ? ' [' + fmt(v.ci95.low) + ', ' + fmt(v.ci95.high) + ']' : ''),
        'model minus holdout, with a 95 % confidence interval (' + v.method + ')')];
    if (v.note) kids.push(el('p', {class: 'empty'}, v.note));
    kids.push(hint(stale, drifting, v.ci95 ? v.ci95.low <= 0 : null));
    const box = el('div', {class: 'chart', id: 'chart-business'});
    kids.push(box);
    t.replaceChildren(...kids);
    if (v.series && v.series.length > 1) {
      chart(box, v.kpi.name + ' over time', v.series.map(s => Date.parse(s.start) / 1000),
        [v.series.map(s => s.model), v.series.map(s => s.holdout)], ['model', 'holdout']);
    } else {
      box.append(empty('Too few windows yet for a chart over time.'));
    }
  }

  /** Deprecate when stale, drifting and not beating the holdout (uplift's interval reaches 0 or below). */
  function hint(stale, drifting, notBeating) {
    const facts = ['stale: ' + (stale ? 'yes' : 'no'), 'drifting: ' + (drifting ? 'yes' : 'no'),
      'beats holdout: ' + (notBeating === null ? 'unknown' : notBeating ? 'no' : 'yes')];
    if (stale && drifting && notBeating) {
      return el('p', {class: 'hint', id: 'deprecation-hint'}, 'Deprecation hint: this model is stale, drifting and not beating its holdout; retrain or retire it. (' + facts.join('; ') + ')');
    }
    return el('p', {class: 'empty', id: 'deprecation-hint'}, 'No deprecation hint (' + facts.join('; ') + ').');
  }

  render();
}());
