// Operations dashboard: plain browser JavaScript, no build step, no framework. Data comes from the
// staff-only /operations/* APIs of this same service with the bearer token the user supplies; the
// token is kept in sessionStorage (this tab only) and read once from the URL fragment (#token=…),
// which browsers never send to a server. Every value is written with textContent (no HTML injection).
'use strict';
(function () {
  const TOKEN_KEY = 'hcv-staff-token';
  const SVG = 'http://www.w3.org/2000/svg';
  const state = { token: sessionStorage.getItem(TOKEN_KEY) || '', siteId: new URLSearchParams(location.search).get('site') || '' };
  const $ = (sel) => document.querySelector(sel);

  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    state.token = fragment.get('token');
    sessionStorage.setItem(TOKEN_KEY, state.token);
    history.replaceState(null, '', location.pathname + location.search);
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
    return node;
  }
  const fmtMillis = (ms) =>
    ms === null || ms === undefined ? '–' : ms > 60000 ? '> 60 s' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms} ms`;
  const fmtRate = (r) => (r === null || r === undefined ? '–' : `${Math.round(r * 100)} %`);
  const fmtTime = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '–');

  function setStatus(text, isError) {
    const s = $('#status');
    s.textContent = text;
    s.className = isError ? 'error' : '';
  }

  async function api(path) {
    if (!state.token) throw new Error('No token yet: paste an operator or site-manager token above.');
    const res = await fetch(path, { headers: { authorization: `Bearer ${state.token}`, accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`${res.status} ${body.error ? `${body.error.code}: ${body.error.message}` : res.statusText}`);
    return body;
  }

  function cards(target, items) {
    target.replaceChildren(
      ...items.map(([label, value, alarm]) =>
        el(
          'div',
          { class: alarm ? 'card alarm' : 'card', 'data-card': label },
          el('div', { class: 'label' }, label),
          el('div', { class: 'value' }, value),
        ),
      ),
    );
  }

  function windowCards(prefix, w) {
    return [
      [`${prefix} outcomes`, w.outcomes],
      [`${prefix} not matched`, fmtRate(w.failureRate), w.failureRate !== null && w.failureRate > 0.5],
      [`${prefix} national failures`, w.nationalFailures, w.nationalFailures > 0],
      // a transcribed document is not an online check: shown apart, never folded into the online count
      [`${prefix} online / transcribed`, `${(w.bySource || {}).online || 0} / ${(w.bySource || {}).transcribed || 0}`],
      [`${prefix} settled by staff`, w.settled || 0],
      [`${prefix} avg`, fmtMillis(w.avgMillis)],
      [`${prefix} p95`, fmtMillis(w.p95Millis)],
    ];
  }

  // Stacked bars per minute: matched (green) under not matched (red); drawn as inline SVG.
  function chart(target, points) {
    const width = 600;
    const height = 140;
    const pad = 18;
    const max = Math.max(1, ...points.map((p) => p.count));
    const bar = (width - pad) / Math.max(points.length, 1);
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', `outcomes per minute, peak ${max}`);
    const rect = (x, y, w, h, fill, title) => {
      const r = document.createElementNS(SVG, 'rect');
      for (const [k, v] of Object.entries({ x, y, width: w, height: h, fill })) r.setAttribute(k, String(v));
      const t = document.createElementNS(SVG, 'title');
      t.textContent = title;
      r.append(t);
      svg.append(r);
    };
    const scale = (n) => ((height - pad) * n) / max;
    points.forEach((p, i) => {
      const x = pad + i * bar;
      const ok = p.count - p.failures;
      const label = `${p.minute}Z: ${p.count} outcomes, ${p.failures} not matched, ${p.nationalFailures} national failures`;
      if (ok > 0) rect(x, height - pad - scale(ok), Math.max(bar - 1, 1), scale(ok), '#2e7d32', label);
      if (p.failures > 0) rect(x, height - pad - scale(p.count), Math.max(bar - 1, 1), scale(p.failures), '#c62828', label);
    });
    const text = (x, y, s, anchor) => {
      const t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', String(x));
      t.setAttribute('y', String(y));
      t.setAttribute('font-size', '10');
      t.setAttribute('fill', '#6b7684');
      if (anchor) t.setAttribute('text-anchor', anchor);
      t.textContent = s;
      svg.append(t);
    };
    text(0, 10, String(max));
    text(0, height - pad, '0');
    if (points.length) {
      text(pad, height - 4, `${points[0].minute.slice(11)}Z`);
      text(width, height - 4, `${points[points.length - 1].minute.slice(11)}Z`, 'end');
    }
    target.replaceChildren(svg);
  }

  function renderOverview(o) {
    const f = o.federation;
    cards($('#cards'), [
      ['sites', f.sites],
      ['facilities', f.facilities],
      ['buses', f.buses],
      ['devices online', f.devicesOnline],
      ['devices offline', f.devicesOffline, f.devicesOffline > 0],
      ['in flight', f.inFlight],
      ...windowCards('5 min', f.last5),
      ...windowCards('60 min', f.last60),
    ]);
    chart($('#federation-chart'), f.series);

    const rows = o.sites.map((s) =>
      el(
        'tr',
        { 'data-site-id': s.siteId, title: `Open ${s.siteId}` },
        el('td', {}, s.name ? `${s.siteId} — ${s.name}` : s.siteId),
        el('td', {}, s.kind),
        el('td', { class: 'num' }, s.devicesOnline),
        el('td', { class: s.devicesOffline ? 'num alarm' : 'num' }, s.devicesOffline),
        el('td', { class: 'num' }, s.inFlight),
        el('td', { class: 'num', 'data-col': 'last5' }, s.last5.outcomes),
        el('td', { class: 'num', 'data-col': 'last60' }, s.last60.outcomes),
        el('td', { class: 'num' }, fmtRate(s.last5.failureRate)),
        el('td', { class: s.last60.nationalFailures ? 'num alarm' : 'num' }, s.last60.nationalFailures),
        el('td', { class: 'num' }, fmtMillis(s.last60.avgMillis)),
        el('td', { class: 'num' }, fmtMillis(s.last60.p95Millis)),
      ),
    );
    $('#sites tbody').replaceChildren(
      ...(rows.length ? rows : [el('tr', {}, el('td', { colSpan: 11, class: 'muted' }, 'no site seen yet'))]),
    );

    $('#alerts').replaceChildren(
      ...(o.alerts.length
        ? o.alerts.map((a) =>
            el(
              'li',
              { class: a.severity, 'data-alert-id': a.alertId },
              el('strong', {}, `${a.kind} `),
              a.message,
              el('div', { class: 'muted' }, `since ${fmtTime(a.raisedAt)}`),
            ),
          )
        : [el('li', { class: 'muted' }, 'none')]),
    );

    $('#circuits').replaceChildren(
      ...(o.circuits.length
        ? o.circuits.map((c) =>
            el(
              'li',
              { class: c.state === 'closed' ? '' : 'alarm' },
              `${c.upstream} @ ${c.instance}: ${c.state} since ${fmtTime(c.at)} (${c.consecutiveFailures} failures)`,
            ),
          )
        : [el('li', { class: 'muted' }, 'no breaker has changed state')]),
    );
    const lag = o.consumerLag;
    $('#lag-note').textContent = !lag.applicable
      ? 'Not measurable on this bus.'
      : lag.error
        ? `Could not be measured: ${lag.error}`
        : `Measured ${fmtTime(lag.measuredAt)}; alert above ${o.thresholds.consumerLag} messages.`;
    $('#lag tbody').replaceChildren(
      ...lag.groups.map((g) =>
        el(
          'tr',
          {},
          el('td', {}, g.groupId),
          el('td', {}, g.state),
          el('td', { class: g.lag > o.thresholds.consumerLag ? 'num alarm' : 'num' }, g.lag),
        ),
      ),
    );
  }

  function renderSite(d) {
    const s = d.site;
    $('#site-detail').hidden = false;
    $('#site-title').textContent = `${s.kind === 'bus' ? 'Bus' : 'Site'} ${s.siteId}${s.name ? ` — ${s.name}` : ''}`;
    cards($('#site-cards'), [
      ['devices online', s.devicesOnline],
      ['devices offline', s.devicesOffline, s.devicesOffline > 0],
      ['out of service', s.devicesOutOfService],
      ['in flight', s.inFlight],
      ...windowCards('5 min', s.last5),
      ...windowCards('60 min', s.last60),
    ]);
    chart($('#site-chart'), d.series);
    $('#site-devices tbody').replaceChildren(
      ...d.devices.map((v) =>
        el(
          'tr',
          { class: v.connectivity, 'data-device-id': v.deviceId },
          el('td', {}, v.deviceId),
          el('td', {}, v.lifecycle),
          el('td', { class: 'connectivity' }, v.connectivity),
          el('td', {}, fmtTime(v.connectivityAt)),
          el('td', {}, fmtTime(v.lastSeenAt)),
          el('td', {}, v.stopId || ''),
        ),
      ),
    );
  }

  function renderFeed(entries) {
    $('#feed').replaceChildren(
      ...entries.map((e) => {
        const cls = e.kind === 'outcome' ? (e.outcome === 'matched' ? 'outcome-ok' : 'outcome-bad') : e.kind;
        return el(
          'li',
          { class: cls, 'data-kind': e.kind, 'data-site-id': e.siteId, 'data-session-id': e.sessionId, 'data-outcome': e.outcome },
          el('time', { dateTime: e.at }, fmtTime(e.at)),
          el('span', { class: 'site' }, e.siteId || ''),
          el('span', { class: 'what' }, e.text),
          e.deviceId && e.kind === 'outcome' ? el('span', { class: 'muted' }, ` · ${e.deviceId} · session ${e.sessionId.slice(0, 8)}`) : '',
        );
      }),
    );
  }

  let busy = false;
  async function refresh() {
    if (busy || !state.token) return;
    busy = true;
    try {
      const site = state.siteId ? `&siteId=${encodeURIComponent(state.siteId)}` : '';
      const [overview, feed, detail] = await Promise.all([
        api('/operations/overview'),
        api(`/operations/feed?limit=60${site}`),
        state.siteId ? api(`/operations/sites/${encodeURIComponent(state.siteId)}`) : Promise.resolve(null),
      ]);
      renderOverview(overview);
      renderFeed(feed.entries);
      if (detail) renderSite(detail);
      setStatus(`Updated ${fmtTime(overview.generatedAt)} — refreshing every 3 s${state.siteId ? ` — showing ${state.siteId}` : ''}`);
    } catch (error) {
      setStatus(error.message, true);
    } finally {
      busy = false;
    }
  }

  function openSite(siteId) {
    state.siteId = siteId;
    const url = new URL(location.href);
    if (siteId) url.searchParams.set('site', siteId);
    else url.searchParams.delete('site');
    history.replaceState(null, '', url.pathname + url.search);
    if (!siteId) $('#site-detail').hidden = true;
    void refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('#token-form').addEventListener('submit', (event) => {
      event.preventDefault();
      state.token = $('#token').value.trim();
      $('#token').value = '';
      sessionStorage.setItem(TOKEN_KEY, state.token);
      void refresh();
    });
    $('#forget').addEventListener('click', () => {
      state.token = '';
      sessionStorage.removeItem(TOKEN_KEY);
      setStatus('Token forgotten.');
    });
    $('#sites tbody').addEventListener('click', (event) => {
      const row = event.target.closest('tr[data-site-id]');
      if (row) openSite(row.getAttribute('data-site-id'));
    });
    $('#close-site').addEventListener('click', () => openSite(''));
    void refresh();
    setInterval(() => void refresh(), 3000);
  });
})();
