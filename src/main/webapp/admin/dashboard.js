// TgDesk diagnostics dashboard: static, no build step. It reads the admin API with the admin's
// credentials, kept in this tab's sessionStorage only. For scripted use (e.g. a headless browser),
// #user=...&password=...&botId=... in the URL signs in and is removed from the address at once.
(function () {
  'use strict';
  const api = '../api/admin';
  const $ = (id) => document.getElementById(id);

  function fromFragment() {
    const p = new URLSearchParams(location.hash.slice(1));
    if (p.get('user') && p.get('password')) {
      sessionStorage.setItem('tgdesk.auth', btoa(p.get('user') + ':' + p.get('password')));
    }
    if (p.get('botId')) {
      sessionStorage.setItem('tgdesk.bot', p.get('botId'));
    }
    if (location.hash) {
      history.replaceState(null, '', location.pathname);
    }
  }

  async function get(path) {
    const r = await fetch(api + path, {
      headers: { Authorization: 'Basic ' + sessionStorage.getItem('tgdesk.auth'), Accept: 'application/json' }
    });
    if (r.status === 401 || r.status === 403) {
      sessionStorage.removeItem('tgdesk.auth');
      throw new Error('not signed in as an admin');
    }
    if (!r.ok) {
      throw new Error(path + ': HTTP ' + r.status);
    }
    return r.json();
  }

  function text(el, s) { el.textContent = s; return el; }
  function el(tag, cls, s) { const e = document.createElement(tag); if (cls) e.className = cls; if (s !== undefined) e.textContent = s; return e; }

  /** Bars of values over time, with an optional limit line; marks the canvas with what it drew. */
  function chart(canvas, buckets, stepMillis, from, to, limit, color) {
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    const max = Math.max(1, limit || 0, ...buckets.map((b) => b.calls));
    const span = Math.max(1, to - from);
    const barW = Math.max(2, (w - 2 * pad) * stepMillis / span);
    ctx.fillStyle = color;
    for (const b of buckets) {
      const x = pad + (w - 2 * pad) * (Date.parse(b.at) - from) / span;
      const bh = (h - 2 * pad) * b.calls / max;
      ctx.fillRect(x, h - pad - bh, barW, bh);
    }
    if (limit) {
      const y = Math.round(h - pad - (h - 2 * pad) * limit / max);
      ctx.fillStyle = '#b3261e';
      ctx.fillRect(pad, y - 1, w - 2 * pad, 2);
      ctx.fillStyle = '#b3261e';
      ctx.fillText('limit ' + limit, w - pad - 50, y - 4);
    }
    ctx.strokeStyle = '#99a';
    ctx.beginPath(); ctx.moveTo(pad, pad / 2); ctx.lineTo(pad, h - pad); ctx.lineTo(w - pad, h - pad); ctx.stroke();
    ctx.fillStyle = '#445';
    ctx.fillText(String(max), 2, pad);
    ctx.fillText(new Date(from).toISOString().slice(11, 16), pad, h - 8);
    ctx.fillText(new Date(to).toISOString().slice(11, 16), w - pad - 30, h - 8);
    canvas.dataset.points = String(buckets.length);
  }

  async function load(botId) {
    text($('status'), 'loading…');
    const q = '?botId=' + botId;
    const [report, rates, limits, delivery, webhooks] = await Promise.all([
      get('/diagnostics/report' + q), get('/diagnostics/rates' + q), get('/diagnostics/rate-limits' + q),
      get('/diagnostics/delivery' + q), get('/diagnostics/webhooks' + q)]);

    text($('report-range'), report.from.slice(0, 19) + ' – ' + report.to.slice(0, 19) + ' UTC');
    const findings = $('findings');
    findings.replaceChildren();
    for (const f of report.findings) {
      const li = el('li', 'finding sev-' + f.severity);
      li.dataset.cause = f.cause;
      li.append(el('strong', null, f.cause + ' (' + f.severity + ')'), el('div', null, f.summary), el('div', 'fix', 'Fix: ' + f.fix));
      findings.append(li);
    }

    const from = Date.parse(rates.from), to = Date.parse(rates.to);
    chart($('rates'), rates.buckets, 1000, from, to, rates.limit, '#2a7ae2');
    text($('rate-peak'), 'peak ' + rates.peak + '/s, ' + rates.peakUtilisationPercent + '% of the limit');
    chart($('tmr'), limits.tooManyRequestsPerMinute, 60000, Date.parse(limits.from), Date.parse(limits.to), 0, '#d4722a');
    text($('tmr-total'), limits.tooManyRequests + ' in all, ' + limits.clusters.length + ' clusters');

    const body = $('queues').tBodies[0];
    body.replaceChildren();
    for (const qd of delivery.queues) {
      const tr = el('tr');
      tr.append(el('td', null, qd.lane), el('td', null, String(qd.pending)), el('td', null, String(qd.oldestPendingAgeSeconds)));
      body.append(tr);
    }
    if (!delivery.queues.length) {
      const tr = el('tr'); tr.append(el('td', null, 'nothing pending')); body.append(tr);
    }
    const l = delivery.latency;
    text($('latency'), l.sent ? l.sent + ' sent: p50 ' + l.p50Millis + ' ms, p95 ' + l.p95Millis + ' ms, p99 ' + l.p99Millis + ' ms' : 'nothing sent in the last hour');

    const wh = $('webhooks');
    wh.replaceChildren();
    if (!webhooks.length) wh.append(el('p', null, 'not a webhook bot (or disabled)'));
    for (const w of webhooks) {
      const c = w.latest;
      wh.append(el('p', w.alerting ? 'sev-error' : 'sev-ok', c
        ? (w.alerting ? 'ALERT ' + c.alerts.join(', ') : 'OK') + ' at ' + c.checkedAt.slice(0, 19) + ': url ' + (c.url || '(none)') + ', pending ' + c.pendingUpdateCount + (c.lastErrorMessage ? ', last error: ' + c.lastErrorMessage : '')
        : 'not checked yet'));
    }
    text($('status'), 'updated ' + new Date().toISOString().slice(11, 19) + ' UTC');
    document.body.dataset.rendered = 'true';
  }

  async function start() {
    fromFragment();
    if (!sessionStorage.getItem('tgdesk.auth')) {
      $('login').hidden = false;
      return;
    }
    try {
      const bots = await get('/bots');
      const select = $('bot');
      select.replaceChildren(...bots.map((b) => { const o = el('option', null, b.id + ' ' + (b.username || b.name)); o.value = b.id; return o; }));
      const wanted = sessionStorage.getItem('tgdesk.bot');
      if (wanted) select.value = wanted;
      select.onchange = () => { sessionStorage.setItem('tgdesk.bot', select.value); load(select.value).catch(fail); };
      $('bot-picker').hidden = false;
      $('dashboard').hidden = false;
      if (select.value) await load(select.value);
      setInterval(() => select.value && load(select.value).catch(fail), 10000);
    } catch (e) {
      fail(e);
    }
  }

  function fail(e) {
    text($('status'), 'error: ' + e.message);
    if (!sessionStorage.getItem('tgdesk.auth')) $('login').hidden = false;
  }

  $('login').onsubmit = (ev) => {
    ev.preventDefault();
    sessionStorage.setItem('tgdesk.auth', btoa($('user').value + ':' + $('password').value));
    $('login').hidden = true;
    start();
  };
  start();
})();
