// tiegraph explorer: draws the embedded network and moves it through time.
// Plain JavaScript, no library; the page's content security policy allows
// this script by its hash and nothing else. See docs/explorer.md.
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('tiegraph-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var A = D.actors, T = D.ties, P = D.pairs, S = D.sources;
  var LEVEL = { alleged: 0, reported: 1, confirmed: 2 };
  var SIGN = { alliance: 1, cooperation: 1, support: 1, tension: -1, hostility: -1, mediation: 0 };
  var WIDTH = { alliance: 2.6, cooperation: 1.1, support: 1.8, tension: 1.6, hostility: 3.2, mediation: 1.8 };
  var LANE = 14;

  function $(id) { return document.getElementById(id); }
  function el(name, attrs, parent, ns) {
    var e = ns === false ? document.createElement(name) : document.createElementNS(NS, name);
    for (var k in attrs) if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(name, text, parent, cls) {
    var e = document.createElement(name);
    if (text !== null && text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    if (parent) parent.appendChild(e);
    return e;
  }
  function iso(day) { return new Date(day * 864e5).toISOString().slice(0, 10); }
  function dayOf(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
    if (!m) throw new Error('not a YYYY-MM-DD date: ' + text);
    var d = new Date(0);
    d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);
    if (iso(d.getTime() / 864e5) !== text) throw new Error('no such day: ' + text);
    return d.getTime() / 864e5;
  }
  function clamp(day) { return Math.max(D.from, Math.min(D.to, day)); }

  var slider = $('date'), slider2 = $('date-end'), label = $('date-label'), svg = $('network');
  var st = { day: +slider.value, end: +slider2.value, win: false, min: LEVEL[D.min_confidence],
    kinds: {}, akinds: {}, sel: -1, pair: -1 };
  var tieBoxes = document.querySelectorAll('input[name=tie-kind]');
  var actorBoxes = document.querySelectorAll('input[name=actor-kind]');
  function readFilters() {
    tieBoxes.forEach(function (b) { st.kinds[b.value] = b.checked; });
    actorBoxes.forEach(function (b) { st.akinds[b.value] = b.checked; });
    st.min = LEVEL[$('confidence').value];
  }

  // The phase of actor `a` during [s, e): the latest one in force.
  function phase(a, s, e) {
    var ph = A[a].phases, found = -1;
    for (var i = 0; i < ph.length; i++)
      if ((ph[i].from === null || ph[i].from < e) && (ph[i].until === null || ph[i].until > s)) found = i;
    return found;
  }

  // Drawing: ties under sign badges under actors.
  var gTies = el('g', { id: 'ties' }, svg), gSigns = el('g', { id: 'signs' }, svg),
    gActors = el('g', { id: 'actors' }, svg);
  // Where a line from the centre of actor `a` towards (x, y) leaves its node.
  function rim(a, x, y) {
    var n = A[a], dx = x - n.x, dy = y - n.y, rx = n.w / 2, ry = n.h / 2, t;
    if (!dx && !dy) return [n.x, n.y];
    var kind = n.phases.length ? n.phases[n.phases.length - 1].kind : 'state';
    if (kind === 'group') t = 1 / Math.sqrt((dx * dx) / (rx * rx) + (dy * dy) / (ry * ry));
    else t = Math.min(dx ? rx / Math.abs(dx) : Infinity, dy ? ry / Math.abs(dy) : Infinity);
    return [n.x + dx * t, n.y + dy * t];
  }
  function laneOffset(lane) { return lane === 0 ? 0 : (lane % 2 ? 1 : -1) * Math.ceil(lane / 2) * LANE; }
  function curve(from, to, pair, lane) {
    var a = A[P[pair][0]], b = A[P[pair][1]], dx = b.x - a.x, dy = b.y - a.y,
      len = Math.sqrt(dx * dx + dy * dy) || 1, off = laneOffset(lane),
      cx = (a.x + b.x) / 2 - dy / len * off * 2, cy = (a.y + b.y) / 2 + dx / len * off * 2,
      p = rim(from, cx, cy), q = rim(to, cx, cy);
    return 'M' + p[0].toFixed(1) + ',' + p[1].toFixed(1) + 'Q' + cx.toFixed(1) + ',' + cy.toFixed(1) +
      ' ' + q[0].toFixed(1) + ',' + q[1].toFixed(1);
  }
  // A tie is one element: its path, or a group of a mediation's two paths.
  var tieEl = T.map(function (t) {
    var ends = [t.target, t.with], g = t.pairs.length > 1 ? el('g', {}, gTies) : null;
    t.pairs.forEach(function (p, j) {
      var path = el('path', { d: curve(t.source, ends[j], p, t.lanes[j]),
        'stroke-width': (WIDTH[t.kind] * (0.5 + 0.5 * t.weight)).toFixed(2) }, g || gTies);
      if (!g) g = path;
    });
    g.setAttribute('class', 'tie k-' + t.kind + (t.directed ? ' dir' : ''));
    g.setAttribute('data-tie', t.id);
    g.style.display = 'none';
    return g;
  });
  var shown = new Uint8Array(T.length);
  var pairEl = P.map(function (p, i) {
    var a = A[p[0]], b = A[p[1]];
    var g = el('g', { 'class': 'sign', 'data-pair': a.id + ' ' + b.id, tabindex: 0, role: 'button' }, gSigns);
    g.setAttribute('transform', 'translate(' + ((a.x + b.x) / 2).toFixed(1) + ',' + ((a.y + b.y) / 2).toFixed(1) + ')');
    el('circle', { r: 7.5 }, g);
    el('text', { y: 4 }, g);
    g.style.display = 'none';
    g.addEventListener('click', function () { openPair(i); });
    return g;
  });
  var actorEl = A.map(function (a, i) {
    var g = el('g', { 'class': 'actor', 'data-actor': a.id, tabindex: 0, role: 'button',
      transform: 'translate(' + a.x + ',' + a.y + ')' }, gActors);
    g.addEventListener('click', function () { select(i); });
    return g;
  });
  // (Re)draws an actor's node for a phase: its shape, name and id.
  function drawActor(i, p) {
    var a = A[i], g = actorEl[i], ph = a.phases[p], w = a.w, h = a.h, shape;
    while (g.firstChild) g.removeChild(g.firstChild);
    aclass[i] = '';
    if (ph.kind === 'group') shape = el('ellipse', { rx: w / 2, ry: h / 2 }, g);
    else if (ph.kind === 'organization')
      shape = el('path', { d: 'M' + (-w / 2) + ',' + (-h / 2) + 'h' + w + 'v' + h + 'h' + (-w) + 'z' +
        'M' + (-w / 2 + 5) + ',' + (-h / 2) + 'v' + h }, g);
    else shape = el('rect', { x: -w / 2, y: -h / 2, width: w, height: h, rx: 6 }, g);
    shape.setAttribute('class', 'shape');
    var lines = ph.lines, extra = ph.name !== a.id ? 1 : 0, y = -((lines.length + extra) * 12.4) / 2 + 10;
    lines.forEach(function (line, k) { el('text', { x: 0, y: y + k * 13, 'text-anchor': 'middle' }, g).textContent = line; });
    if (extra) el('text', { 'class': 'id', x: 0, y: y + lines.length * 13 - 1, 'text-anchor': 'middle' }, g).textContent = a.id;
    g.setAttribute('aria-label', ph.name + ' (' + a.id + '), ' + ph.kind);
    el('title', null, g).textContent = ph.name + ' (' + a.id + ')' + (ph.note ? '\n' + ph.note : '');
  }
  var drawn = A.map(function () { return -1; });

  // Per-pair sums, reused by every step.
  var pv = new Float64Array(P.length), pm = new Float64Array(P.length), pc = new Int32Array(P.length),
    psign = new Int8Array(P.length).fill(2), ok = new Uint8Array(A.length), ph = new Int32Array(A.length),
    deg = new Int32Array(A.length), mark = new Int8Array(A.length);
  var counts = {};

  function span() { return st.win ? [Math.min(st.day, st.end), Math.max(st.day, st.end) + 1] : [st.day, st.day + 1]; }

  function update() {
    var t0 = performance.now(), s = span(), a0 = s[0], a1 = s[1], i, j, t;
    for (i = 0; i < A.length; i++) {
      ph[i] = phase(i, a0, a1);
      ok[i] = ph[i] >= 0 && st.akinds[A[i].phases[ph[i]].kind] ? 1 : 0;
      if (ph[i] >= 0 && drawn[i] !== ph[i]) { drawActor(i, ph[i]); drawn[i] = ph[i]; }
      deg[i] = 0;
    }
    pv.fill(0); pm.fill(0); pc.fill(0);
    var n = 0;
    for (i = 0; i < T.length; i++) {
      t = T[i];
      var on = t.start < a1 && (t.end === null || t.end > a0) && st.kinds[t.kind] &&
        LEVEL[t.confidence] >= st.min && ok[t.source] && ok[t.target] && (t.with === null || ok[t.with]);
      if (on) {
        n++;
        var days = Math.min(a1, t.end === null ? a1 : t.end) - Math.max(a0, t.start),
          v = SIGN[t.kind] * t.weight * days;
        for (j = 0; j < t.pairs.length; j++) {
          var p = t.pairs[j];
          pc[p]++; pv[p] += v; pm[p] += Math.abs(v);
        }
      }
      if (on !== !!shown[i]) { tieEl[i].style.display = on ? '' : 'none'; shown[i] = on ? 1 : 0; }
    }
    // Net signs (rule R1): zero within 1e-9 of the sum of absolute terms.
    var pairs = 0, pos = 0, neg = 0, adj = [];
    for (i = 0; i < A.length; i++) adj.push([]);
    for (p = 0; p < P.length; p++) {
      var g = pairEl[p];
      if (!pc[p]) { if (psign[p] !== 2) { g.style.display = 'none'; psign[p] = 2; } continue; }
      pairs++;
      deg[P[p][0]]++; deg[P[p][1]]++;
      var sg = Math.abs(pv[p]) <= 1e-9 * pm[p] ? 0 : pv[p] > 0 ? 1 : -1;
      if (psign[p] !== sg) {
        g.style.display = '';
        g.lastChild.textContent = sg > 0 ? '+' : sg < 0 ? '\u2212' : '0';
        g.setAttribute('class', 'sign' + (sg > 0 ? ' pos' : sg < 0 ? ' neg' : '') + (st.pair === p ? ' open' : '') + (pdim[p] ? ' dim' : ''));
        g.setAttribute('aria-label', A[P[p][0]].id + ' and ' + A[P[p][1]].id + ': net sign ' +
          (sg > 0 ? 'positive' : sg < 0 ? 'negative' : 'zero') + '; show their chart');
      }
      psign[p] = sg;
      if (sg) { sg > 0 ? pos++ : neg++; adj[P[p][0]].push(P[p][1], sg); }
    }
    // Triangles of the signed graph, each once: u < v < w.
    var bal = 0, unbal = 0, u, k, m;
    for (u = 0; u < A.length; u++) {
      var au = adj[u];
      for (k = 0; k < au.length; k += 2) mark[au[k]] = au[k + 1];
      for (k = 0; k < au.length; k += 2) {
        var av = adj[au[k]];
        for (m = 0; m < av.length; m += 2)
          if (mark[av[m]]) { if (au[k + 1] * av[m + 1] * mark[av[m]] > 0) bal++; else unbal++; }
      }
      for (k = 0; k < au.length; k += 2) mark[au[k]] = 0;
    }
    counts = { ties: n, pairs: pairs, positive: pos, negative: neg, balanced: bal, unbalanced: unbal,
      ratio: bal + unbal ? bal / (bal + unbal) : null };
    for (i = 0; i < A.length; i++) astate[i] = ok[i] ? (deg[i] ? '' : ' idle') : ' out';
    decorate();
    show();
    api.lastStepMs = performance.now() - t0;
  }

  // Selection, neighbours, search matches: classes on what is drawn, each
  // set only when it changes (so that the browser restyles only those).
  var matches = {}, astate = A.map(function () { return ''; }), aclass = A.map(function () { return ''; }),
    tclass = T.map(function () { return ''; }), pdim = P.map(function () { return false; });
  function decorate() {
    var nb = {}, i, sel = st.sel;
    if (sel >= 0) for (var p = 0; p < P.length; p++)
      if (pc[p] && (P[p][0] === sel || P[p][1] === sel)) nb[P[p][0]] = nb[P[p][1]] = 1;
    for (i = 0; i < A.length; i++) {
      var c = 'actor a-' + (drawn[i] >= 0 ? A[i].phases[drawn[i]].kind : 'state') + astate[i];
      if (sel >= 0) c += i === sel ? ' sel' : nb[i] ? ' nb' : ' dim';
      if (matches[i]) c += ' match';
      if (c !== aclass[i]) { actorEl[i].setAttribute('class', c); aclass[i] = c; }
    }
    for (i = 0; i < P.length; i++) {
      var dim = sel >= 0 && P[i][0] !== sel && P[i][1] !== sel && i !== st.pair;
      if (dim !== pdim[i]) { pairEl[i].classList.toggle('dim', dim); pdim[i] = dim; }
    }
    for (i = 0; i < T.length; i++) if (shown[i]) {
      var t = T[i], hl = st.pair >= 0 && t.pairs.indexOf(st.pair) >= 0,
        mine = hl || sel < 0 || t.source === sel || t.target === sel || t.with === sel,
        tc = (mine ? '' : ' dim') + (hl ? ' hl' : '');
      if (tc !== tclass[i]) { tieEl[i].setAttribute('class', 'tie k-' + t.kind + (t.directed ? ' dir' : '') + tc); tclass[i] = tc; }
    }
  }

  function dateText() {
    var s = span();
    return st.win ? iso(s[0]) + ' \u2013 ' + iso(s[1] - 1) : iso(s[0]);
  }
  function show() {
    label.textContent = dateText();
    slider.setAttribute('aria-valuetext', iso(st.day));
    slider2.setAttribute('aria-valuetext', iso(st.end));
    for (var k in counts) $('count-' + k).textContent =
      k === 'ratio' ? (counts.ratio === null ? '\u2013' : counts.ratio.toFixed(2)) : counts[k];
    var x = chartX(st.day);
    $('balance-cursor').setAttribute('x1', x);
    $('balance-cursor').setAttribute('x2', x);
    focusPanel();
    pairPanel();
  }
  function chartX(day) {
    var c = $('balance');
    var x0 = +c.dataset.x0, w = +c.dataset.w;
    return (x0 + (D.to > D.from ? (day - D.from) / (D.to - D.from) : 0) * w).toFixed(1);
  }

  // What a tie says: kind, ends, dates, confidence, note, sources.
  function tieItem(t, list) {
    var li = html('li', null, list);
    li.className = 'k-' + t.kind;
    var head = html('div', null, li);
    html('span', t.kind, head, 'kind');
    var ends = ' ' + A[t.source].id + (t.kind === 'support' || t.kind === 'mediation' ? ' \u2192 ' : ' \u2013 ') +
      A[t.target].id + (t.with !== null ? ' and ' + A[t.with].id : '') + ' ';
    head.appendChild(document.createTextNode(ends));
    html('span', (t.end_text ? t.start_text + ' \u2013 ' + t.end_text : 'since ' + t.start_text), head, 'dates');
    head.appendChild(document.createTextNode(' '));
    html('span', t.confidence, head, 'conf ' + t.confidence);
    if (t.weight !== 1) head.appendChild(document.createTextNode(' weight ' + t.weight));
    head.appendChild(document.createTextNode(' '));
    html('small', t.id, head, 'tid');
    if (t.note) html('p', t.note, li, 'note');
    t.sources.forEach(function (k) {
      var s = S[k], c = html('span', null, li, 'cite'),
        about = [s.publisher, s.published].filter(Boolean).join(', ');
      c.appendChild(document.createTextNode('Source: '));
      var title = (s.title || s.id) + (about ? ' (' + about + ')' : '');
      if (s.url) {
        var a = html('a', title, c);
        a.href = s.url; a.rel = 'noopener noreferrer'; a.target = '_blank';
      } else c.appendChild(document.createTextNode(title + (s.reference ? ' [' + s.reference + ']' : '')));
      if (s.note) c.title = s.note;
    });
  }

  function focusPanel() {
    var box = $('focus'), i = st.sel;
    box.textContent = '';
    if (i < 0) { html('p', 'Click an actor (or focus it and press Enter) to see its ties in force.', box, 'note'); return; }
    var a = A[i], p = drawn[i] >= 0 ? A[i].phases[drawn[i]] : a.phases[a.phases.length - 1];
    html('h3', p.name + ' (' + a.id + ')', box);
    html('p', p.kind + (ph[i] < 0 ? ', not in force ' + (st.win ? 'during ' : 'on ') + dateText() : '') +
      (a.aliases.length ? '; also ' + a.aliases.join(', ') : ''), box, 'note');
    if (p.note) html('p', p.note, box, 'note');
    var list = html('ul', null, null, 'ties'), n = 0;
    T.forEach(function (t, k) {
      if (shown[k] && (t.source === i || t.target === i || t.with === i)) { tieItem(t, list); n++; }
    });
    html('p', n ? n + (n === 1 ? ' tie' : ' ties') + ' in force ' + (st.win ? 'during ' : 'on ') + dateText() + ':'
      : 'No tie in force ' + (st.win ? 'during ' : 'on ') + dateText() + ' (with the filters).', box);
    box.appendChild(list);
  }

  // The pair chart: a lane per tie of the pair over the range, and the
  // pair's day value (sum of sign × weight of its ties in force) above.
  function openPair(p) { st.pair = st.pair === p ? -1 : p; decorate(); show(); updatePairClass(); }
  function updatePairClass() {
    pairEl.forEach(function (g, q) { g.classList.toggle('open', q === st.pair); });
  }
  var pairDrawn = -1;
  function pairPanel() {
    var box = $('pair'), p = st.pair;
    if (p < 0) { box.hidden = true; pairDrawn = -1; return; }
    box.hidden = false;
    var W = 320, L = 8, R = 312, x = function (d) { return L + (d - D.from) / (D.to + 1 - D.from) * (R - L); };
    if (pairDrawn !== p) {
      pairDrawn = p;
      var a = A[P[p][0]], b = A[P[p][1]], ties = [], i;
      T.forEach(function (t) { if (t.pairs.indexOf(p) >= 0) ties.push(t); });
      box.textContent = '';
      var h = html('h3', a.id + ' \u2013 ' + b.id + ': ' + ties.length + (ties.length === 1 ? ' tie' : ' ties'), box);
      var close = html('button', 'Close', h);
      close.type = 'button';
      close.addEventListener('click', function () { openPair(p); });
      var H = 70 + ties.length * 30, c = el('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img',
        'aria-label': 'Time chart of ' + a.id + ' and ' + b.id }, box);
      // Day value: changes only where a tie starts or ends.
      var days = [D.from];
      ties.forEach(function (t) { [t.start, t.end].forEach(function (d) { if (d !== null && d > D.from && d <= D.to) days.push(d); }); });
      days.sort(function (u, v) { return u - v; });
      var path = '', top = 10, mid = 34, scale = 20;
      days.forEach(function (d, k) {
        var v = 0;
        ties.forEach(function (t) { if (t.start <= d && (t.end === null || d < t.end)) v += SIGN[t.kind] * t.weight; });
        var y = (mid - Math.max(-1.2, Math.min(1.2, v / 2)) * scale).toFixed(1);
        path += (k ? 'H' + x(d).toFixed(1) + 'V' : 'M' + x(d).toFixed(1) + ',') + y;
      });
      path += 'H' + R;
      el('line', { 'class': 'zero', x1: L, x2: R, y1: mid, y2: mid }, c);
      el('path', { 'class': 'value', d: path }, c);
      el('text', { x: L, y: top }, c).textContent = 'day value (sum of sign \u00d7 weight)';
      ties.forEach(function (t, k) {
        var y = 70 + k * 30, s = Math.max(t.start, D.from), e = t.end === null ? D.to + 1 : Math.min(t.end, D.to + 1);
        var g = el('g', { 'class': 'k-' + t.kind }, c);
        el('line', { 'class': 'bar', x1: x(s), x2: Math.max(x(e), x(s) + 2), y1: y, y2: y, 'stroke-width': 7 }, g);
        el('text', { x: L, y: y - 7 }, g).textContent = t.kind + ' ' + A[t.source].id +
          (t.kind === 'support' || t.kind === 'mediation' ? '\u2192' : '\u2013') + A[t.target].id +
          (t.with !== null ? '/' + A[t.with].id : '') + ', ' +
          (t.end_text ? t.start_text + ' \u2013 ' + t.end_text : 'since ' + t.start_text);
        el('title', null, g).textContent = t.id + (t.note ? ': ' + t.note : '');
      });
      el('line', { 'class': 'cursor', id: 'pair-cursor', y1: 0, y2: H }, c);
      el('text', { x: L, y: H - 2 }, c).textContent = iso(D.from);
      el('text', { x: R, y: H - 2, 'text-anchor': 'end' }, c).textContent = iso(D.to);
    }
    var cx = x(st.day).toFixed(1), cur = $('pair-cursor');
    cur.setAttribute('x1', cx); cur.setAttribute('x2', cx);
  }

  function select(i) {
    st.sel = st.sel === i ? -1 : i;
    decorate(); focusPanel();
  }

  // Time: the slider, the window's second handle, play and speed.
  function setDay(day) { st.day = clamp(day); slider.value = st.day; update(); return st.day; }
  slider.addEventListener('input', function () { st.day = +slider.value; update(); });
  slider2.addEventListener('input', function () { st.end = +slider2.value; update(); });
  [slider, slider2].forEach(function (s) {
    s.addEventListener('keydown', function (e) {
      var step = e.key === 'PageUp' ? 30 : e.key === 'PageDown' ? -30 : e.shiftKey && e.key === 'ArrowRight' ? 7 :
        e.shiftKey && e.key === 'ArrowLeft' ? -7 : 0;
      if (!step) return;
      e.preventDefault();
      s.value = clamp(+s.value + step);
      s.dispatchEvent(new Event('input'));
    });
  });
  $('window').addEventListener('change', function () {
    st.win = this.checked;
    $('window-end').hidden = !st.win;
    if (st.win && st.end <= st.day) { st.end = clamp(st.day + 182); slider2.value = st.end; }
    update();
  });
  var timer = null, play = $('play');
  function stop() { clearInterval(timer); timer = null; play.setAttribute('aria-pressed', 'false'); play.textContent = 'Play'; }
  play.addEventListener('click', function () {
    if (timer) return stop();
    if (st.day >= D.to) setDay(D.from);
    play.setAttribute('aria-pressed', 'true'); play.textContent = 'Pause';
    timer = setInterval(function () {
      setDay(st.day + +$('speed').value);
      if (st.day >= D.to) stop();
    }, 50);
  });

  // Filters and search.
  document.querySelectorAll('#filters input, #confidence').forEach(function (b) {
    b.addEventListener('change', function () { readFilters(); update(); });
  });
  var search = $('search'), results = $('search-results');
  search.addEventListener('input', function () {
    var q = search.value.trim().toLowerCase(), found = [];
    matches = {};
    results.textContent = '';
    if (q) A.forEach(function (a, i) {
      var names = [a.id].concat(a.aliases, a.phases.map(function (p) { return p.name; }));
      if (names.some(function (n) { return n.toLowerCase().indexOf(q) >= 0; })) { matches[i] = 1; found.push(i); }
    });
    found.slice(0, 8).forEach(function (i) {
      var b = html('button', A[i].phases[A[i].phases.length - 1].name + ' (' + A[i].id + ')', html('li', null, results));
      b.type = 'button';
      b.addEventListener('click', function () { select(i); actorEl[i].focus(); });
    });
    if (q && !found.length) html('li', 'No actor by that name or alias.', results, 'note');
    decorate();
  });
  search.addEventListener('keydown', function (e) {
    var first = results.querySelector('button');
    if (e.key === 'Enter' && first) { e.preventDefault(); first.click(); }
  });

  // Keyboard on the drawing: Enter or Space acts as a click; Escape clears.
  svg.addEventListener('keydown', function (e) {
    if ((e.key === 'Enter' || e.key === ' ') && e.target.dispatchEvent) {
      var t = e.target.closest('[data-actor], [data-pair]');
      if (t) { e.preventDefault(); t.dispatchEvent(new MouseEvent('click', { bubbles: true })); }
    }
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') { st.sel = -1; st.pair = -1; updatePairClass(); decorate(); show(); }
  });
  gTies.addEventListener('click', function (e) {
    var g = e.target.closest('[data-tie]');
    if (g) for (var i = 0; i < T.length; i++) if (T[i].id === g.getAttribute('data-tie')) openPair(T[i].pairs[0]);
  });
  gTies.addEventListener('pointerover', function (e) {
    var g = e.target.closest('[data-tie]');
    if (!g || g.querySelector('title')) return;
    for (var i = 0; i < T.length; i++) if (T[i].id === g.getAttribute('data-tie')) {
      var t = T[i];
      el('title', null, g).textContent = t.kind + ' ' + A[t.source].id + ' \u2192 ' + A[t.target].id +
        (t.with !== null ? ' and ' + A[t.with].id : '') + ', ' +
        (t.end_text ? t.start_text + ' \u2013 ' + t.end_text : 'since ' + t.start_text) + ', ' + t.confidence +
        (t.note ? '\n' + t.note : '') + t.sources.map(function (k) { return '\nSource: ' + (S[k].title || S[k].id); }).join('');
    }
  });

  // The stable interface for scripts and tests (docs/explorer.md).
  var api = window.tiegraph = {
    data: D,
    at: function (text) { return setDay(dayOf(text)); },
    window: function (from, to) {
      var box = $('window');
      if (!box.checked) { box.checked = true; st.win = true; $('window-end').hidden = false; }
      st.day = clamp(dayOf(from)); slider.value = st.day;
      st.end = clamp(dayOf(to)); slider2.value = st.end;
      update();
    },
    counts: function () { return Object.assign({}, counts); },
    lastStepMs: 0
  };
  readFilters();
  update();
})();
