// rtml monitor dashboard: reads the monitor's own REST API and redraws every 10 s. No build step.
(function () {
  'use strict';

  const REFRESH_MS = 10000;
  const select = document.getElementById('version');
  const status = document.getElementById('status');
  let psiThreshold = 0.2;

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
    if (Number.isInteger(v) && Math.abs(v) >= 10) return String(v);
    if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(1);
    return v.toFixed(digits === undefined ? 3 : digits);
  }

  function pct(v) {
    return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + ' %';
  }

  /** A horizontal bar for a value in [0, max]; optional marker line at `mark`. Decorative: the number is shown beside it. */
  function bar(value, max, mark, bad) {
    const b = el('span', {class: 'bar' + (bad ? ' bad' : ''), 'aria-hidden': 'true'});
    const share = value === null || value === undefined ? 0 : Math.max(0, Math.min(1, value / max));
    b.append(el('span', {style: 'width:' + (share * 100).toFixed(1) + '%'}));
    if (mark !== undefined) b.append(el('i', {style: 'left:' + Math.min(100, mark / max * 100).toFixed(1) + '%'}));
    return b;
  }

  function table(caption, headers, rows) {
    if (!rows.length) return el('p', {class: 'empty'}, 'Nothing yet.');
    return el('table', {},
      el('caption', {}, caption),
      el('thead', {}, el('tr', {}, headers.map(h => el('th', {scope: 'col'}, h)))),
      el('tbody', {}, rows.map(cells => el('tr', {}, cells))));
  }

  function td(content, cls) {
    return el('td', cls ? {class: cls} : {}, content);
  }

  // Every API call needs a bearer token (role operator, data-scientist or admin); the page keeps the one
  // pasted for this browser tab only, never in a cookie or across sessions.
  const tokenInput = document.getElementById('token');
  tokenInput.value = sessionStorage.getItem('rtml-token') || '';
  tokenInput.addEventListener('change', () => {
    sessionStorage.setItem('rtml-token', tokenInput.value.trim());
    refresh();
  });

  async function get(path) {
    const headers = {Accept: 'application/json'};
    if (tokenInput.value.trim()) headers.Authorization = 'Bearer ' + tokenInput.value.trim();
    const response = await fetch(path, {headers});
    if (response.status === 401) {
      const err = new Error('Not signed in: paste a valid token (./rtml token operator prints one)');
      err.status = 401;
      throw err;
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const err = new Error((body && body.error) || (path + ' answered ' + response.status));
      err.status = response.status;
      throw err;
    }
    return body;
  }

  function show(id, content) {
    document.getElementById(id).replaceChildren(content);
  }

  function failure(id, error) {
    show(id, el('p', {class: 'error'}, error.message));
  }

  function drift(report) {
    const max = Math.max(psiThreshold * 2, ...report.features.map(f => f.psi || 0));
    show('drift', table(report.rows + ' predictions from ' + new Date(report.from).toLocaleTimeString() + ' to '
        + new Date(report.to).toLocaleTimeString() + '; drifted: p-value ≤ its Holm level (window alpha '
        + fmt(report.alpha) + ') and PSI ≥ ' + report.minEffectSize + '; bar marker at PSI ' + psiThreshold,
      ['feature', 'type', 'PSI', 'JS distance', 'Wasserstein (sd)', 'drifted', 'test', 'statistic', 'p-value', 'level', 'rows'],
      report.features.map(f => [
        td(f.feature), td(f.type),
        td([bar(f.psi, max, psiThreshold, f.drifted), fmt(f.psi)], 'barcell'),
        td(fmt(f.jsDistance), 'num'), td(fmt(f.wasserstein), 'num'),
        td(f.drifted ? 'yes' : 'no', f.drifted ? 'yes' : 'no'),
        td(f.test), td(fmt(f.statistic), 'num'), td(fmt(f.pValue), 'num'), td(fmt(f.alpha), 'num'),
        td(f.rows, 'num')])));
    const p = report.prediction;
    const classes = Object.entries(p.classShare || {});
    show('classes', el('div', {},
      el('p', {}, 'Prediction PSI: ', el('strong', {}, fmt(p.psi)), ' — ',
        el('span', {class: p.drifted ? 'yes' : 'no'}, p.drifted ? 'drifted' : 'not drifted')),
      table('Share of predictions per class', ['class', 'share'],
        classes.map(([c, share]) => [td(c), td([bar(share, 1), pct(share)], 'barcell')]))));
  }

  function performance(report) {
    show('performance', el('div', {}, el('div', {class: 'kpis'},
      el('div', {class: 'kpi'}, el('strong', {}, report.accuracy === null ? '—' : pct(report.accuracy)), el('span', {}, 'accuracy')),
      el('div', {class: 'kpi'}, el('strong', {}, report.labelled), el('span', {}, 'labelled')),
      el('div', {class: 'kpi'}, el('strong', {}, report.correct), el('span', {}, 'correct')),
      el('div', {class: 'kpi'}, el('strong', {}, report.predictions), el('span', {}, 'predictions')),
      el('div', {class: 'kpi'}, el('strong', {}, report.estimatedAccuracy === null ? '—' : pct(report.estimatedAccuracy)),
        el('span', {}, 'estimated before labels (CBPE)')),
      el('div', {class: 'kpi'}, el('strong', {}, report.accuracyGap === null ? '—' : fmt(report.accuracyGap)),
        el('span', {}, 'estimated − realised'))),
      el('p', {}, 'Scores ' + report.calibration.status + (report.calibration.pValue === null ? ''
        : ' (Hosmer–Lemeshow p ' + fmt(report.calibration.pValue) + ' on ' + report.calibration.referenceRows
          + ' validation predictions)') + (report.calibration.note ? ': ' + report.calibration.note : ''))));
  }

  function quality(report) {
    show('quality', table('Completeness and values outside the training baseline; duplicated rows: '
        + report.duplicateRows + ' (' + pct(report.duplicateShare) + ')',
      ['feature', 'type', 'completeness', 'missing', 'wrong type', 'out of range', 'unknown category', 'constant', 'text length (mean)'],
      report.features.map(f => [
        td(f.feature), td(f.type),
        td([bar(f.completeness, 1, undefined, f.completeness < 0.95), pct(f.completeness)], 'barcell'),
        td(f.missing, 'num'),
        td(f.typeMismatches, 'num'),
        td(f.outOfRangeShare === null ? '—' : pct(f.outOfRangeShare), 'num'),
        td(f.unknownShare === null ? '—' : pct(f.unknownShare), 'num'),
        td(f.constant ? 'yes: ' + f.constantValue : 'no'),
        td(f.textLength === null ? '—' : fmt(f.textLength.mean), 'num')])));
  }

  function concept(report) {
    show('concept', el('div', {},
      el('p', {}, report.labelled + ' labels fed to Page-Hinkley, ADWIN and HDDM_A since the monitor started; error rate ',
        el('strong', {}, report.errorRate === null ? '—' : pct(report.errorRate))),
      table('Rises of the error rate detected, newest last', ['detected', 'detector', 'at labelled event'],
        report.detections.map(d => [td(new Date(d.time).toLocaleString()), td(d.detector, 'yes'), td(d.labelsSeen, 'num')]))));
  }

  function alerts(list) {
    show('alerts', table('Newest first', ['fired', 'rule', 'version', 'severity', 'value', 'threshold', 'window', 'action', 'result'],
      list.map(a => [
        td(new Date(a.firedAt).toLocaleString()), td(a.rule), td(a.version, 'num'), td(a.severity, a.severity),
        td(fmt(a.value), 'num'), td((a.operator === 'gt' ? '> ' : '< ') + fmt(a.threshold), 'num'), td(a.window),
        td([a.action, ' ', el('span', {class: a.actionStatus}, a.action === 'none' ? '' : a.actionStatus)]),
        td(a.actionResult || '', 'wrap')])));
  }

  function rules(list) {
    show('rules', table('State at the last evaluation, against the champion (and the challenger of an active route)',
      ['rule', 'metric', 'condition', 'window', 'severity', 'action', 'cooldown', 'champion', 'value', 'challenger', 'value', 'last fired'],
      list.map(r => {
        const e = r.evaluation || {};
        const c = r.challengerEvaluation;
        return [td(r.name), td(r.feature ? r.metric + ' (' + r.feature + ')' : r.metric),
          td((r.operator === 'gt' ? '> ' : '< ') + fmt(r.threshold), 'num'), td(r.window), td(r.severity, r.severity),
          td(r.action), td(r.cooldown),
          td((e.state || 'not evaluated yet') + (e.version ? ' (v' + e.version + ')' : ''), e.state || 'none'),
          td(fmt(e.value), 'num'),
          td(c ? c.state + ' (v' + c.version + ')' : '—', c ? c.state : 'none'), td(c ? fmt(c.value) : '—', 'num'),
          td(r.lastFiredAt ? new Date(r.lastFiredAt).toLocaleString() : '—')];
      })));
  }

  // The first time a model is shown (and whenever the chosen version is gone) the page picks the version
  // serving as champion, as the registry names it; the list marks champion and challenger.
  async function loadVersions() {
    const versions = await get('/api/v1/models');
    versions.sort((a, b) => a.model.localeCompare(b.model) || b.version - a.version);
    const previous = select.value;
    select.replaceChildren(...versions.map(v => el('option', {value: v.model + '@' + v.version},
      v.model + ' v' + v.version + (v.serving ? ' — ' + v.serving : '') + ' (' + v.predictions
        + ' predictions, baseline ' + v.baseline + ')')));
    if (versions.some(v => v.model + '@' + v.version === previous)) {
      select.value = previous;
    } else {
      const champion = versions.find(v => v.serving === 'champion');
      if (champion) select.value = champion.model + '@' + champion.version;
    }
    return versions.length;
  }

  async function refresh() {
    try {
      const count = await loadVersions();
      if (!count) {
        status.textContent = 'No predictions seen yet — updated ' + new Date().toLocaleTimeString();
        return;
      }
      const [model, version] = select.value.split('@');
      const q = encodeURIComponent(model);
      const params = '?version=' + version;
      await Promise.all([
        get('/api/v1/models/' + q + '/drift' + params).then(drift).catch(e => { failure('drift', e); show('classes', el('p', {class: 'empty'}, e.message)); }),
        get('/api/v1/models/' + q + '/performance' + params).then(performance).catch(e => failure('performance', e)),
        get('/api/v1/models/' + q + '/quality' + params).then(quality).catch(e => failure('quality', e)),
        get('/api/v1/models/' + q + '/concept-drift' + params).then(concept).catch(e => failure('concept', e)),
        get('/api/v1/alerts?limit=20&model=' + q).then(alerts).catch(e => failure('alerts', e)),
        get('/api/v1/alert-rules').then(all => rules(all.filter(r => r.model === model))).catch(e => failure('rules', e))
      ]);
      status.textContent = 'Updated ' + new Date().toLocaleTimeString() + ' · refreshes every 10 s';
    } catch (e) {
      status.textContent = 'Monitor unreachable: ' + e.message;
    }
  }

  select.addEventListener('change', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
})();
