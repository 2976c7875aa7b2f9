/*
 * TgDesk delivery dashboard: plain browser JavaScript, no build step, no external resources.
 * Reads the admin diagnostics API with the credentials the browser already sent for this page
 * (HTTP Basic, realm TgDesk) and draws its charts as inline SVG.
 *
 * Every path and field name of the API this page relies on is in API and FIELDS below; the rest
 * of the file reads answers only through them, and a missing field shows as "–", never as a crash.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- the API contract, in one place
  const API = {
    bots: 'api/admin/bots',
    rates: 'api/admin/diagnostics/rates', // ?botId&resolution&from&to
    rateLimits: 'api/admin/diagnostics/rate-limits', // ?botId&from&to
    timeline: 'api/admin/diagnostics/delivery/timeline', // ?botId&resolution&from&to
    delivery: 'api/admin/diagnostics/delivery', // ?botId&from&to
    report: 'api/admin/diagnostics/report', // ?botId&from&to
    webhooks: 'api/admin/diagnostics/webhooks', // ?botId&from&to
    checkWebhooks: 'api/admin/diagnostics/webhooks/check', // POST ?botId
    message: 'api/admin/diagnostics/messages/', // + id, ?source=outbox|conversation
  };

  const FIELDS = {
    bot: { id: 'id', name: 'name', username: 'username', mode: 'mode', enabled: 'enabled',
      disabledReason: 'disabledReason' },
    rates: { buckets: 'buckets', limit: 'limit', calls: 'calls', peak: 'peak',
      peakUtilisation: 'peakUtilisationPercent', limitsInForce: 'limitsInForce',
      truncated: 'truncated' },
    rateBucket: { at: 'at', calls: 'calls', tooManyRequests: 'tooManyRequests' },
    rateLimits: { total: 'tooManyRequests', clusters: 'clusters', clusterRule: 'clusterRule' },
    cluster: { start: 'start', end: 'end', count: 'count', scope: 'scope' },
    timeline: { buckets: 'buckets', queuedAtStart: 'queuedAtStart' },
    timelineBucket: { at: 'at', queuedAtEnd: 'queuedAtEnd', queuedMax: 'queuedMax', sent: 'sent',
      p50: 'latencyP50Millis', p95: 'latencyP95Millis', max: 'latencyMaxMillis' },
    delivery: { queues: 'queues', latency: 'latency', outboxByState: 'outboxByState' },
    queue: { lane: 'lane', pending: 'pending', oldestAge: 'oldestPendingAgeSeconds' },
    latency: { sent: 'sent', p50: 'p50Millis', p95: 'p95Millis', p99: 'p99Millis', max: 'maxMillis' },
    report: { findings: 'findings', healthy: 'healthy' },
    finding: { cause: 'cause', severity: 'severity', summary: 'summary', evidence: 'evidence',
      fix: 'fix' },
    webhook: { botId: 'botId', alerting: 'alerting', latest: 'latest', history: 'history' },
    webhookCheck: { checkedAt: 'checkedAt', expectedUrl: 'expectedUrl', url: 'url',
      pending: 'pendingUpdateCount', lastErrorDate: 'lastErrorDate',
      lastErrorMessage: 'lastErrorMessage', maxConnections: 'maxConnections',
      checkError: 'checkError', alerts: 'alerts' },
  };

  /** Reads a field by its FIELDS entry; undefined-safe. */
  function f(obj, group, name) {
    if (obj == null || typeof obj !== 'object') return undefined;
    const key = FIELDS[group] && FIELDS[group][name];
    return key === undefined ? undefined : obj[key];
  }

  function arr(v) { return Array.isArray(v) ? v : []; }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }
  function time(v) {
    const t = typeof v === 'number' ? v : Date.parse(v);
    return isFinite(t) ? t : null;
  }

  // ---------------------------------------------------------------- one message's timeline
  async function explainMessage() {
    const id = document.getElementById('message-id').value.trim();
    const source = document.getElementById('message-source').value;
    const summary = document.getElementById('message-summary');
    const list = document.getElementById('message-steps');
    list.replaceChildren();
    if (!/^[0-9]+$/.test(id)) {
      summary.textContent = 'An id is a number.';
      return;
    }
    try {
      const t = await get(API.message + id, { source });
      summary.textContent = 'Entry ' + t.entryId + ' to chat ' + t.chatId + ' (' + t.lane + '): '
        + t.summary.text;
      arr(t.steps).forEach((step) => {
        const when = fmtInstant(step.at) + (step.until ? ' → ' + fmtInstant(step.until) : '');
        list.append(el('li', { class: 'step ' + step.kind }, [
          el('span', { class: 'muted small', text: when + ' · ' }),
          el('strong', { text: step.kind }),
          ' ' + step.text,
        ]));
      });
      status.message = { entryId: t.entryId, dominantCause: t.summary.dominantCause,
        steps: arr(t.steps).map((x) => x.kind) };
    } catch (e) {
      summary.textContent = e.status === 404 ? 'No such message.' : e.message;
      status.message = { error: e.message };
    }
  }

  // ---------------------------------------------------------------- state, and what tests read
  const root = location.pathname.replace(/\/admin(\/.*)?$/, '/');
  const state = { bots: [], botId: null, rangeMinutes: 15, clockOffset: 0, timer: null, busy: false };

  /** What the page shows, for people debugging and for the browser test. */
  const status = (window.tgdeskDashboard = {
    refreshes: 0, // completed refreshes
    botId: null,
    errors: [], // messages of the last refresh's failed calls
    charts: {}, // id -> { points, nonZero } of the last drawing
    findings: [], // causes, ranked
    webhook: null, // 'ok' | 'alerting' | 'no-checks' | 'polling' | null
    message: null, // { entryId, dominantCause, steps } of the last message explained
  });

  // ---------------------------------------------------------------- HTTP
  async function get(path, params) {
    const url = new URL(root + path, location.origin);
    Object.entries(params || {}).forEach(([k, v]) => {
      if (v !== null && v !== undefined && v !== '') url.searchParams.set(k, v);
    });
    return call('GET', url);
  }

  async function call(method, url) {
    const r = await fetch(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { Accept: 'application/json' },
    });
    const date = Date.parse(r.headers.get('Date') || '');
    if (isFinite(date)) {
      const offset = date - Date.now();
      state.clockOffset = Math.abs(offset) > 5000 ? offset : 0;
    }
    const text = await r.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
    if (!r.ok) {
      const detail = body && (body.detail || body.title);
      const err = new Error(method + ' ' + url.pathname + ': ' + r.status + (detail ? ' ' + detail : ''));
      err.status = r.status;
      throw err;
    }
    return body;
  }

  // ---------------------------------------------------------------- formatting
  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    });
    (children || []).forEach((c) => {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
    });
    return e;
  }

  function fmtNum(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    if (Math.abs(v) >= 10000) return Math.round(v / 1000) + 'k';
    return Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1);
  }

  function fmtMillis(v) {
    if (v === null || v === undefined || !isFinite(v)) return '–';
    if (v === 0) return '0';
    if (v < 1000) return Math.round(v) + ' ms';
    if (v < 60000) return (v % 1000 === 0 ? v / 1000 : (v / 1000).toFixed(v < 10000 ? 1 : 0)) + ' s';
    return (v / 60000).toFixed(1) + ' min';
  }

  function fmtTime(t, withSeconds) {
    const d = new Date(t);
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getHours()) + ':' + p(d.getMinutes()) + (withSeconds ? ':' + p(d.getSeconds()) : '');
  }

  function fmtInstant(v) {
    const t = time(v);
    return t === null ? '–' : new Date(t).toLocaleString();
  }

  // ---------------------------------------------------------------- charts (inline SVG)
  const SVG = 'http://www.w3.org/2000/svg';

  function s(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const NICE = [1, 2, 2.5, 5, 10];
  const TIME_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 250, 500, 1e3, 2e3, 5e3, 10e3, 15e3, 30e3,
    60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3];

  /** The y step of four grid lines that holds top: whole numbers for counts, round times for ms. */
  function yStep(top, kind) {
    const want = Math.max(top, 1e-9) / 4;
    if (kind === 'millis') return TIME_STEPS.find((st) => st >= want) || Math.ceil(want / 3600e3) * 3600e3;
    const p = Math.pow(10, Math.floor(Math.log10(want)));
    const step = NICE.map((n) => n * p).find((st) => st >= want - 1e-9) || 10 * p;
    return kind === 'count' ? Math.max(1, Math.ceil(step)) : step;
  }

  /**
   * Draws a time chart into a .plot element.
   * opts: { from, to (ms), series: [{ name, color, kind: 'area'|'line'|'step'|'bars'|'dots',
   *         points: [[t, v|null]], format }], refs: [{ value, label, color }],
   *         spans: [{ from, to, color, label }], format: v -> string, minMax }
   * Returns { points, nonZero } over all series.
   */
  function drawChart(plot, opts) {
    plot.replaceChildren();
    const width = Math.max(280, plot.clientWidth || 560);
    const height = Math.max(60, plot.clientHeight || 210);
    const m = { l: 46, r: 12, t: 22, b: 22 };
    const w = width - m.l - m.r;
    const h = height - m.t - m.b;
    const from = opts.from;
    const to = Math.max(opts.to, from + 1);
    const format = opts.format || fmtNum;
    let points = 0;
    let nonZero = 0;
    let top = opts.minMax || 0;
    opts.series.forEach((se) => se.points.forEach(([, v]) => {
      if (v === null || v === undefined) return;
      points++;
      if (v > 0) nonZero++;
      top = Math.max(top, v);
    }));
    (opts.refs || []).forEach((r) => { if (num(r.value) !== null) top = Math.max(top, r.value * 1.1); });
    const step0 = yStep(top, opts.yKind || 'count');
    const yMax = step0 * 4;
    const x = (t) => m.l + ((t - from) / (to - from)) * w;
    const y = (v) => m.t + h - (v / yMax) * h;

    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    // grid and axes
    const axis = s('g', { class: 'axis' });
    for (let i = 0; i <= 4; i++) {
      const v = (yMax * i) / 4;
      axis.append(s('line', { x1: m.l, x2: m.l + w, y1: y(v), y2: y(v), class: 'grid-line' }));
      axis.append(s('text', { x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v)));
    }
    const span = to - from;
    const step = [10e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3]
      .find((st) => span / st <= 6) || 43200e3;
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      axis.append(s('line', { x1: x(t), x2: x(t), y1: m.t + h, y2: m.t + h + 4 }));
      axis.append(s('text', { x: x(t), y: m.t + h + 16, 'text-anchor': 'middle' },
        fmtTime(t, step < 60e3)));
    }
    svg.append(axis);

    (opts.spans || []).forEach((sp) => {
      const x1 = x(Math.max(from, sp.from));
      const x2 = Math.max(x1 + 2, x(Math.min(to, sp.to)));
      const r = s('rect', { x: x1, y: m.t, width: x2 - x1, height: h, fill: sp.color, opacity: 0.12 });
      r.append(s('title', {}, sp.label || ''));
      svg.append(r);
    });

    const bucketWidth = opts.bucketMillis ? Math.max(2, (opts.bucketMillis / span) * w) : 3;
    opts.series.forEach((se) => {
      const g = s('g', { class: 'series', 'data-series': se.name });
      const pts = se.points.filter(([t, v]) => v !== null && v !== undefined && t >= from && t <= to);
      if (se.kind === 'bars') {
        pts.forEach(([t, v]) => {
          if (v <= 0) return;
          g.append(s('rect', { x: x(t), y: y(v), width: Math.max(2, bucketWidth - 0.5),
            height: Math.max(1, m.t + h - y(v)), fill: se.color }));
        });
      } else if (se.kind === 'dots') {
        pts.forEach(([t, v]) => g.append(s('circle', { cx: x(t), cy: y(v), r: 2.5, fill: se.color })));
      } else if (pts.length) {
        let d = '';
        pts.forEach(([t, v], i) => {
          if (i === 0) d += `M${x(t)},${y(v)}`;
          else if (se.kind === 'step') d += `H${x(t)}V${y(v)}`;
          else d += `L${x(t)},${y(v)}`;
        });
        if (se.kind === 'step' && se.until !== undefined) d += `H${x(Math.min(to, se.until))}`;
        if (se.fill) {
          const lastX = se.kind === 'step' && se.until !== undefined
            ? x(Math.min(to, se.until)) : x(pts[pts.length - 1][0]);
          g.append(s('path', { d: d + `V${y(0)}H${x(pts[0][0])}Z`, fill: se.color, opacity: 0.15,
            stroke: 'none', 'data-last-x': lastX }));
        }
        g.append(s('path', { d, fill: 'none', stroke: se.color, 'stroke-width': 1.6,
          'stroke-linejoin': 'round' }));
        if (se.markers || pts.length <= 2) {
          pts.forEach(([t, v]) => g.append(s('circle', { cx: x(t), cy: y(v), r: 2.5, fill: se.color })));
        }
      }
      svg.append(g);
    });

    (opts.refs || []).forEach((r) => {
      if (num(r.value) === null) return;
      svg.append(s('line', { x1: m.l, x2: m.l + w, y1: y(r.value), y2: y(r.value), stroke: r.color,
        'stroke-width': 1.4, 'stroke-dasharray': '6 4' }));
      svg.append(s('text', { x: m.l + w - 2, y: y(r.value) - 4, 'text-anchor': 'end', fill: r.color,
        'font-size': 11 }, r.label));
    });

    // legend
    const legend = s('g', { class: 'legend' });
    let lx = m.l;
    opts.series.concat((opts.refs || []).map((r) => ({ name: r.label, color: r.color, ref: true })))
      .forEach((se) => {
        if (!se.name) return;
        legend.append(s('rect', { x: lx, y: 6, width: 10, height: se.ref ? 2 : 10, fill: se.color }));
        const t = s('text', { x: lx + 14, y: 15 }, se.name);
        legend.append(t);
        lx += 24 + se.name.length * 6.2;
      });
    svg.append(legend);

    // hover read-out
    const hover = s('line', { class: 'hover-line', y1: m.t, y2: m.t + h, visibility: 'hidden' });
    svg.append(hover);
    const tip = el('div', { class: 'tip', hidden: true });
    svg.addEventListener('mousemove', (ev) => {
      const box = svg.getBoundingClientRect();
      const px = ((ev.clientX - box.left) / box.width) * width;
      if (px < m.l || px > m.l + w) { hover.setAttribute('visibility', 'hidden'); tip.hidden = true; return; }
      const t = from + ((px - m.l) / w) * (to - from);
      const lines = [fmtTime(t, true)];
      opts.series.forEach((se) => {
        let best = null;
        se.points.forEach((p) => {
          if (p[1] === null || p[1] === undefined) return;
          if (se.kind === 'step' ? p[0] <= t && (!best || p[0] > best[0])
            : !best || Math.abs(p[0] - t) < Math.abs(best[0] - t)) best = p;
        });
        if (best && (se.kind === 'step' || Math.abs(best[0] - t) <= Math.max(opts.bucketMillis || 0, (to - from) / 60))) {
          lines.push(se.name + ': ' + (se.format || format)(best[1]));
        }
      });
      hover.setAttribute('x1', px); hover.setAttribute('x2', px);
      hover.setAttribute('visibility', 'visible');
      tip.textContent = lines.join('  ·  ');
      tip.hidden = false;
      tip.style.left = Math.min(ev.clientX - box.left + 10, box.width - 180) + 'px';
      tip.style.top = '0px';
    });
    svg.addEventListener('mouseleave', () => { hover.setAttribute('visibility', 'hidden'); tip.hidden = true; });

    plot.append(svg, tip);
    if (points === 0) plot.append(el('div', { class: 'empty', text: opts.emptyText || 'no data in this range' }));
    plot.dataset.points = points;
    plot.dataset.nonZero = nonZero;
    return { points, nonZero };
  }

  function chart(id, opts) {
    const card = document.getElementById(id);
    const result = drawChart(card.querySelector('.plot'), opts);
    status.charts[id.replace('chart-', '')] = result;
    return result;
  }

  function chartError(id, err) {
    const plot = document.getElementById(id).querySelector('.plot');
    plot.replaceChildren(el('div', { class: 'empty', text: 'could not load: ' + err.message }));
    plot.dataset.points = 0;
    status.charts[id.replace('chart-', '')] = { points: 0, nonZero: 0, error: err.message };
  }

  /** Bucketed counts, with the empty buckets as zeros so that lines drop where nothing happened. */
  function dense(buckets, valueOf, from, to, bucketMillis) {
    const byStart = new Map();
    buckets.forEach((b) => {
      const t = time(f(b, 'rateBucket', 'at'));
      if (t !== null) byStart.set(Math.floor(t / bucketMillis) * bucketMillis, valueOf(b));
    });
    const out = [];
    for (let t = Math.floor(from / bucketMillis) * bucketMillis; t < to; t += bucketMillis) {
      out.push([t, byStart.has(t) ? byStart.get(t) : 0]);
    }
    return out;
  }

  // ---------------------------------------------------------------- panels
  function renderRates(rates, limits, range) {
    const bucketMillis = range.resolution === 'minute' ? 60000 : 1000;
    const buckets = arr(f(rates, 'rates', 'buckets'));
    const limit = num(f(rates, 'rates', 'limit'));
    document.querySelector('#chart-calls .unit').textContent = range.resolution;
    chart('chart-calls', {
      from: range.from, to: range.to, bucketMillis,
      series: [{ name: 'calls / ' + (range.resolution === 'minute' ? 'min' : 's'), color: '#2f7fd8',
        kind: 'area', fill: true,
        points: dense(buckets, (b) => num(f(b, 'rateBucket', 'calls')) || 0, range.from, range.to, bucketMillis) }],
      refs: limit === null ? [] : [{ value: limit, label: 'limit ' + limit, color: '#d64545' }],
    });
    const clusters = arr(f(limits, 'rateLimits', 'clusters'));
    chart('chart-429', {
      from: range.from, to: range.to, bucketMillis,
      series: [{ name: '429s', color: '#d64545', kind: 'bars',
        points: buckets.map((b) => [time(f(b, 'rateBucket', 'at')), num(f(b, 'rateBucket', 'tooManyRequests')) || 0])
          .filter(([t]) => t !== null) }],
      spans: clusters.map((c) => ({ from: time(f(c, 'cluster', 'start')), to: time(f(c, 'cluster', 'end')),
        color: '#d64545', label: f(c, 'cluster', 'count') + ' 429s, scope ' + f(c, 'cluster', 'scope') }))
        .filter((sp) => sp.from !== null && sp.to !== null),
      minMax: 1,
    });
    const rule = f(limits, 'rateLimits', 'clusterRule');
    document.getElementById('cluster-note').textContent =
      clusters.length ? `· ${clusters.length} cluster${clusters.length > 1 ? 's' : ''} (${rule || ''}) shaded` : '';
  }

  function renderTimeline(timeline, range) {
    const bucketMillis = range.resolution === 'minute' ? 60000 : 1000;
    const buckets = arr(f(timeline, 'timeline', 'buckets'));
    const start = num(f(timeline, 'timeline', 'queuedAtStart'));
    const queue = [[range.from, start === null ? 0 : start]];
    buckets.forEach((b) => {
      // within a bucket the line rises to the bucket's peak and ends at its closing level
      const t = time(f(b, 'timelineBucket', 'at'));
      const end = num(f(b, 'timelineBucket', 'queuedAtEnd'));
      const peak = num(f(b, 'timelineBucket', 'queuedMax'));
      if (t === null || end === null) return;
      if (peak !== null) queue.push([t, peak]);
      queue.push([t + bucketMillis, end]);
    });
    chart('chart-queue', {
      from: range.from, to: range.to, bucketMillis,
      series: [{ name: 'waiting (peak per ' + range.resolution + ')', color: '#7b5cc4', kind: 'step', fill: true, until: range.to, points: queue }],
      minMax: 1,
    });
    const latencyPoints = (name) => buckets
      .map((b) => [time(f(b, 'timelineBucket', 'at')), num(f(b, 'timelineBucket', name))])
      .filter(([t, v]) => t !== null && v !== null)
      .map(([t, v]) => [t + bucketMillis / 2, v]);
    chart('chart-latency', {
      from: range.from, to: range.to, bucketMillis, format: fmtMillis, yKind: 'millis',
      series: [
        { name: 'p50', color: '#2e9d5b', kind: 'line', markers: true, points: latencyPoints('p50') },
        { name: 'p95', color: '#e08a1e', kind: 'line', markers: true, points: latencyPoints('p95') },
        { name: 'max', color: '#9aa6b4', kind: 'dots', points: latencyPoints('max') },
      ],
      emptyText: 'nothing sent in this range',
    });
  }

  function tile(label, value, sub, tone) {
    return el('div', { class: 'tile' + (tone ? ' ' + tone : '') }, [
      el('div', { class: 'label', text: label }),
      el('div', { class: 'value', text: value }),
      el('div', { class: 'sub', text: sub || '' }),
    ]);
  }

  function renderTiles(results) {
    const tiles = [];
    const rates = results.rates.value;
    const limits = results.limits.value;
    const delivery = results.delivery.value;
    if (rates) {
      const util = num(f(rates, 'rates', 'peakUtilisation'));
      tiles.push(tile('Calls to Telegram', fmtNum(num(f(rates, 'rates', 'calls'))),
        f(rates, 'rates', 'truncated') ? 'truncated' : 'delivery calls in range'));
      tiles.push(tile('Peak vs limit', util === null ? '–' : util + ' %',
        fmtNum(num(f(rates, 'rates', 'peak'))) + ' of ' + fmtNum(num(f(rates, 'rates', 'limit'))) +
        ' per ' + results.range.resolution, util >= 100 ? 'bad' : util >= 80 ? 'warn' : null));
    }
    if (limits) {
      const n = num(f(limits, 'rateLimits', 'total'));
      const clusters = arr(f(limits, 'rateLimits', 'clusters')).length;
      tiles.push(tile('429 answers', fmtNum(n), clusters + ' cluster' + (clusters === 1 ? '' : 's'),
        n > 0 ? 'bad' : 'good'));
    }
    if (delivery) {
      const queues = arr(f(delivery, 'delivery', 'queues'));
      const pending = queues.reduce((a, q) => a + (num(f(q, 'queue', 'pending')) || 0), 0);
      const oldest = queues.reduce((a, q) => Math.max(a, num(f(q, 'queue', 'oldestAge')) || 0), 0);
      tiles.push(tile('Waiting now', fmtNum(pending),
        pending ? 'oldest ' + fmtMillis(oldest * 1000) + ' · ' + queues.map((q) => f(q, 'queue', 'lane')).join(', ')
          : 'outbox is empty', oldest > 60 ? 'warn' : null));
      const lat = f(delivery, 'delivery', 'latency');
      tiles.push(tile('Latency p95', fmtMillis(num(f(lat, 'latency', 'p95'))),
        'p50 ' + fmtMillis(num(f(lat, 'latency', 'p50'))) + ' · ' + fmtNum(num(f(lat, 'latency', 'sent'))) + ' sent'));
    }
    const report = results.report.value;
    if (report) {
      const first = arr(f(report, 'report', 'findings'))[0];
      const sev = f(first, 'finding', 'severity');
      tiles.push(tile('Diagnosis', f(report, 'report', 'healthy') ? 'healthy' : String(f(first, 'finding', 'cause') || '–'),
        arr(f(report, 'report', 'findings')).length + ' finding(s)',
        f(report, 'report', 'healthy') ? 'good' : sev === 'warning' || sev === 'info' ? 'warn' : 'bad'));
    }
    document.getElementById('tiles').replaceChildren(...tiles);
  }

  function evidenceTable(evidence) {
    const rows = Object.entries(evidence || {}).map(([k, v]) => {
      let cell;
      if (v === null || v === undefined) cell = '–';
      else if (typeof v === 'object') {
        const json = JSON.stringify(v);
        cell = el('code', { text: json.length > 400 ? json.slice(0, 400) + '…' : json });
      } else cell = String(v);
      return el('tr', {}, [el('th', { text: k }), el('td', {}, [cell])]);
    });
    return el('table', { class: 'kv' }, [el('tbody', {}, rows)]);
  }

  function renderReport(report) {
    const findings = arr(f(report, 'report', 'findings'));
    status.findings = findings.map((x) => f(x, 'finding', 'cause'));
    const list = document.getElementById('findings');
    if (!findings.length) {
      list.replaceChildren(el('li', { class: 'muted', text: 'The report has no findings.' }));
      return;
    }
    list.replaceChildren(...findings.map((x, i) => {
      const sev = String(f(x, 'finding', 'severity') || 'info');
      return el('li', { class: 'finding sev-' + sev, 'data-cause': f(x, 'finding', 'cause') }, [
        el('div', { class: 'head' }, [
          el('span', { class: 'rank', text: '#' + (i + 1) }),
          el('span', { class: 'badge ' + sev, text: sev }),
          el('span', { class: 'cause', text: f(x, 'finding', 'cause') || '–' }),
        ]),
        el('div', { class: 'summary', text: f(x, 'finding', 'summary') || '' }),
        el('div', { class: 'fix' }, [el('b', { text: 'Fix: ' }), f(x, 'finding', 'fix') || '–']),
        el('details', {}, [el('summary', { text: 'evidence' }), evidenceTable(f(x, 'finding', 'evidence'))]),
      ]);
    }));
  }

  function renderWebhook(webhooks, bot, range) {
    const body = document.getElementById('webhook-body');
    const mine = arr(webhooks).find((w) => String(f(w, 'webhook', 'botId')) === String(state.botId));
    const button = document.getElementById('check-webhook');
    if (bot && String(f(bot, 'bot', 'mode')).toLowerCase() === 'polling') {
      status.webhook = 'polling';
      button.hidden = true;
      body.replaceChildren(el('span', { class: 'pill none', text: 'polling bot' }),
        el('p', { class: 'muted', text: 'This bot fetches its updates with getUpdates; it has no webhook to check.' }));
      return;
    }
    button.hidden = false;
    const latest = f(mine, 'webhook', 'latest');
    if (!mine || !latest) {
      status.webhook = 'no-checks';
      body.replaceChildren(el('span', { class: 'pill none', text: 'no checks yet' }),
        el('p', { class: 'muted', text: 'No getWebhookInfo check in this range. "check now" runs one.' }));
      return;
    }
    const alerts = arr(f(latest, 'webhookCheck', 'alerts'));
    const alerting = f(mine, 'webhook', 'alerting') === true || alerts.length > 0;
    status.webhook = alerting ? 'alerting' : 'ok';
    const c = (name) => f(latest, 'webhookCheck', name);
    const rows = [
      ['checked', fmtInstant(c('checkedAt'))],
      ['alerts', alerts.length ? alerts.join(', ') : 'none'],
      ['URL at Telegram', c('url') || '(none)'],
      ['expected URL', c('expectedUrl') || '–'],
      ['pending at Telegram', fmtNum(num(c('pending')))],
      ['last error', c('lastErrorMessage') ? c('lastErrorMessage') + ' (' + fmtInstant(c('lastErrorDate')) + ')' : 'none'],
      ['max connections', fmtNum(num(c('maxConnections')))],
    ];
    if (c('checkError')) rows.push(['check failed', c('checkError')]);
    const history = arr(f(mine, 'webhook', 'history'))
      .map((h) => [time(f(h, 'webhookCheck', 'checkedAt')), num(f(h, 'webhookCheck', 'pending'))])
      .filter(([t, v]) => t !== null && v !== null)
      .sort((a, b) => a[0] - b[0]);
    const spark = el('div', { class: 'plot spark' });
    body.replaceChildren(
      el('span', { class: 'pill ' + (alerting ? 'bad' : 'ok'), text: alerting ? 'alerting' : 'healthy' }),
      el('table', { class: 'kv' }, [el('tbody', {}, rows.map(([k, v]) =>
        el('tr', {}, [el('th', { text: k }), el('td', { text: v })])))]),
      el('div', { class: 'muted small', text: 'Updates waiting at Telegram, per check' }),
      spark);
    drawChart(spark, { from: range.from, to: range.to, minMax: 1,
      series: [{ name: '', color: alerting ? '#d64545' : '#2e9d5b', kind: 'line', markers: true, points: history }],
      emptyText: 'no checks in this range' });
  }

  // ---------------------------------------------------------------- loading
  function showBanner(text) {
    const b = document.getElementById('banner');
    b.textContent = text || '';
    b.hidden = !text;
  }

  async function loadBots() {
    const bots = arr(await get(API.bots));
    state.bots = bots;
    const select = document.getElementById('bot');
    if (!bots.length) {
      select.replaceChildren(el('option', { value: '', text: 'no bots registered' }));
      showBanner('No bot is registered yet: register one with POST /api/admin/bots.');
      return;
    }
    select.replaceChildren(...bots.map((b) => {
      const name = f(b, 'bot', 'name') || f(b, 'bot', 'username') || 'bot';
      const disabled = f(b, 'bot', 'enabled') === false ? ' (disabled)' : '';
      return el('option', { value: f(b, 'bot', 'id'), text: `#${f(b, 'bot', 'id')} ${name}${disabled}` });
    }));
    const wanted = new URLSearchParams(location.hash.slice(1)).get('bot');
    const ids = bots.map((b) => String(f(b, 'bot', 'id')));
    state.botId = ids.includes(wanted) ? wanted : ids[ids.length - 1];
    select.value = state.botId;
  }

  function currentRange() {
    const to = Date.now() + state.clockOffset;
    const from = to - state.rangeMinutes * 60000;
    return { from, to, resolution: state.rangeMinutes > 60 ? 'minute' : 'second' };
  }

  async function refresh() {
    if (state.busy || !state.botId) return;
    state.busy = true;
    try {
      const range = currentRange();
      const q = { botId: state.botId, from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
      const settle = (p) => p.then((value) => ({ value }), (error) => ({ error }));
      const [rates, limits, timeline, delivery, report, webhooks] = await Promise.all([
        settle(get(API.rates, Object.assign({ resolution: range.resolution }, q))),
        settle(get(API.rateLimits, q)),
        settle(get(API.timeline, Object.assign({ resolution: range.resolution }, q))),
        settle(get(API.delivery, q)),
        settle(get(API.report, q)),
        settle(get(API.webhooks, q)),
      ]);
      const results = { rates, limits, timeline, delivery, report, webhooks, range };
      const errors = Object.values(results).filter((r) => r && r.error).map((r) => r.error);
      status.errors = errors.map((e) => e.message);
      status.botId = state.botId;
      if (errors.some((e) => e.status === 401 || e.status === 403)) {
        showBanner('The API refused these credentials (' + errors[0].message + '). Sign in as an admin.');
      } else {
        showBanner(errors.length ? 'Some figures could not be loaded: ' + status.errors.join('; ') : '');
      }

      if (rates.value) renderRates(rates.value, limits.value, range);
      else { chartError('chart-calls', rates.error); chartError('chart-429', rates.error); }
      if (timeline.value) renderTimeline(timeline.value, range);
      else { chartError('chart-queue', timeline.error); chartError('chart-latency', timeline.error); }
      renderTiles(results);
      if (report.value) renderReport(report.value);
      else document.getElementById('findings').replaceChildren(
        el('li', { class: 'muted', text: 'could not load the report: ' + report.error.message }));
      const bot = state.bots.find((b) => String(f(b, 'bot', 'id')) === String(state.botId));
      if (webhooks.value) renderWebhook(webhooks.value, bot, range);
      else document.getElementById('webhook-body').textContent = 'could not load: ' + webhooks.error.message;
      document.getElementById('updated').textContent = 'updated ' + fmtTime(Date.now(), true);
      status.refreshes++;
    } finally {
      state.busy = false;
    }
  }

  function schedule() {
    clearInterval(state.timer);
    if (document.getElementById('auto').checked) state.timer = setInterval(refresh, 10000);
  }

  async function start() {
    const range = new URLSearchParams(location.hash.slice(1)).get('range');
    if (range && document.querySelector(`#range option[value="${range}"]`)) {
      document.getElementById('range').value = range;
    }
    state.rangeMinutes = Number(document.getElementById('range').value);
    document.getElementById('bot').addEventListener('change', (e) => {
      state.botId = e.target.value;
      location.hash = 'bot=' + state.botId + '&range=' + state.rangeMinutes;
      refresh();
    });
    document.getElementById('range').addEventListener('change', (e) => {
      state.rangeMinutes = Number(e.target.value);
      location.hash = 'bot=' + state.botId + '&range=' + state.rangeMinutes;
      refresh();
    });
    // The form only holds the controls; the page's policy allows no inline handler to stop it.
    document.getElementById('controls').addEventListener('submit', (ev) => ev.preventDefault());
    document.getElementById('refresh').addEventListener('click', refresh);
    document.getElementById('auto').addEventListener('change', schedule);
    document.getElementById('message-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      explainMessage();
    });
    document.getElementById('check-webhook').addEventListener('click', async () => {
      try {
        await call('POST', new URL(root + API.checkWebhooks + '?botId=' + encodeURIComponent(state.botId), location.origin));
      } catch (e) {
        showBanner('Webhook check failed: ' + e.message);
      }
      refresh();
    });
    let resizeTimer = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(refresh, 300);
    });
    try {
      await loadBots();
      await refresh();
    } catch (e) {
      status.errors = [e.message];
      showBanner(e.status === 401 || e.status === 403
        ? 'The admin API refused these credentials: sign in as an admin.'
        : 'Could not load the bots: ' + e.message);
    }
    schedule();
  }

  start();
})();
