// The lxkns UI: hash routes, one fetch per view, DOM built from text only. Every string in the
// JSON may come from a compromised node, so nothing here ever parses data as markup: no
// innerHTML, and links are built from our own routes with the data URI-encoded.
'use strict';
(function () {
  const main = document.getElementById('main');
  const download = document.getElementById('download');
  const snapshot = document.getElementById('snapshot');
  const searchForm = document.getElementById('search');
  const searchInput = document.getElementById('q');

  /**
   * Control characters shown as escapes, as lxkns' tables do: a node's escape sequences, DEL, C1
   * controls and the Unicode controls that reorder or hide text must not disguise what is shown.
   */
  // The same set as support's Terminal.unsafe, lone surrogates included.
  const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const visible = text => text.replace(CONTROLS, c => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? '\\x' + code.toString(16).padStart(2, '0') : '\\u{' + code.toString(16) + '}';
  });

  /** An element with attributes and children; strings and numbers become text nodes, controls escaped. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(visible(String(c))));
    }
    return e;
  }

  const enc = encodeURIComponent;
  const nodeHref = name => '#/node/' + enc(name);
  const podHref = key => { const i = key.indexOf('/'); return '#/pod/' + enc(key.slice(0, i)) + '/' + enc(key.slice(i + 1)); };
  const nodeLink = name => name ? el('a', { href: nodeHref(name) }, name) : '';
  const podLink = key => key ? el('a', { href: podHref(key) }, key) : '';
  // The space keeps a mark a word of its own for screen readers and copied text.
  const mark = (kind, text) => [' ', el('span', { class: 'mark ' + kind }, text || kind)];

  function section(id, title, ...content) {
    return el('section', { 'aria-labelledby': id }, el('h2', { id }, title), content);
  }

  function table(caption, headers, rows, rowClass) {
    return el('table', {},
      caption ? el('caption', { class: 'muted' }, caption) : null,
      el('thead', {}, el('tr', {}, headers.map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((cells, i) => el('tr', { class: rowClass ? rowClass(i) : null },
        cells.map(c => el('td', {}, c))))));
  }

  /** The route from the hash: [view, args...], and the JSON it shows. */
  function route() {
    const hash = location.hash.replace(/^#\/?/, '');
    if (hash.startsWith('search')) {
      const q = new URLSearchParams(hash.slice(hash.indexOf('?') + 1)).get('q') || '';
      return { view: 'search', q, api: '/ui/api/search?q=' + enc(q), file: 'lxkns-search.json' };
    }
    const parts = hash.split('/').map(p => { try { return decodeURIComponent(p); } catch (e) { return p; } });
    if (parts[0] === 'node' && parts.length === 2) {
      return { view: 'node', name: parts[1], api: '/ui/api/node/' + enc(parts[1]), file: 'lxkns-node.json' };
    }
    if (parts[0] === 'pod' && parts.length === 3) {
      return { view: 'pod', key: parts[1] + '/' + parts[2],
        api: '/ui/api/pod/' + enc(parts[1]) + '/' + enc(parts[2]), file: 'lxkns-pod.json' };
    }
    return { view: 'cluster', api: '/ui/api/cluster', file: 'lxkns-cluster.json' };
  }

  function findingsTable(findings, explained) {
    if (!findings.length) return el('p', {}, 'No findings.');
    const headers = ['Severity', 'Type', 'Pod', 'Node', 'Namespace', 'What to look at'];
    if (explained) headers.push('Explanation');
    return table(null, headers, findings.map(f => {
      const row = [el('span', { class: f.severity }, f.severity), f.type, podLink(f.pod), nodeLink(f.node),
        f.namespace ? el('code', {}, f.namespace) : '', f.message];
      if (explained) row.push(f.explanation || '');
      return row;
    }), i => findings[i].severity);
  }

  function renderCluster(v) {
    const states = ['reporting', 'stale', 'missing', 'invalid'];
    const bySeverity = [];
    for (const [severity, types] of Object.entries(v.findingsBySeverity)) {
      for (const [type, count] of Object.entries(types)) bySeverity.push([el('span', { class: severity }, severity), type, count]);
    }
    return [
      el('h1', { tabindex: '-1' }, 'Cluster'),
      section('nodes-h', 'Nodes (' + v.nodes.total + ')',
        table(null, ['State', 'Nodes', 'Which'], states.map(s => [mark(s), v.nodes[s].count,
          v.nodes[s].names ? el('span', {}, v.nodes[s].names.map((n, i) => [i ? ', ' : '', nodeLink(n)])) : 'all others']))),
      section('types-h', 'Namespaces by type',
        table(null, ['Type', 'Namespaces'], Object.entries(v.namespacesByType || {}).map(([t, c]) => [t, c])),
        el('p', {}, 'Pods observed: ', String(v.podsObserved))),
      section('findings-h', 'Findings (' + v.findingsTotal + ')',
        table('By severity and type', ['Severity', 'Type', 'Count'], bySeverity),
        v.findings.length < v.findingsTotal ? el('p', { class: 'muted' }, 'The first ' + v.findings.length + ' are listed.') : null,
        findingsTable(v.findings, false))
    ];
  }

  function nsLine(ns) {
    const bits = [el('code', { class: 'ns' }, ns.id)];
    if (ns.host) bits.push(mark('host'));
    if (ns.shared) bits.push(mark('shared'));
    if (ns.leaked) bits.push(mark('leaked'));
    if (ns.leader) bits.push(' leader ', el('code', {}, String(ns.leader.pid)), ' ', el('code', {}, ns.leader.comm || ''));
    if (ns.processCount != null) bits.push(el('span', { class: 'muted' }, ' · ' + ns.processCount + ' processes'));
    if (ns.pods && ns.pods.length) bits.push(' · pods ', ns.pods.map((p, i) => [i ? ', ' : '', podLink(p)]));
    if (ns.bindMounts && ns.bindMounts.length) {
      bits.push(' · bind-mounted at ', ns.bindMounts.map((m, i) => [i ? ', ' : '', el('code', {}, m.path)]));
    }
    return bits;
  }

  function userTree(nodes) {
    return el('ul', {}, nodes.map(u => el('li', { class: u.leaked ? 'leaked' : null },
      u.id ? ['user ', nsLine(u)] : el('span', { class: 'muted' }, u.label),
      u.owned.length ? el('ul', { 'aria-label': 'owned by ' + (u.id || u.label) },
        u.owned.map(o => el('li', { class: o.leaked ? 'leaked' : null }, o.type + ' ', nsLine(o)))) : null,
      u.children.length ? userTree(u.children) : null)));
  }

  function renderNode(v) {
    const tree = userTree(v.userTree);
    tree.className = 'tree';
    tree.setAttribute('aria-label', 'User namespace hierarchy');
    return [
      el('h1', { tabindex: '-1' }, 'Node ', v.name, mark(v.state)),
      el('p', { class: 'muted' }, 'observed ', v.observedAt || 'never', v.kernel ? ' · kernel ' + v.kernel : '',
        v.agentVersion ? ' · agent ' + v.agentVersion : ''),
      section('node-findings-h', 'Findings (' + v.findings.length + ')', findingsTable(v.findings, false)),
      section('tree-h', 'User namespaces and what they own',
        v.notice ? el('p', { class: 'notice' }, v.notice) : tree),
      section('pods-h', 'Pods (' + v.pods.length + ')',
        table(null, ['Pod', 'In the host\'s namespaces'], v.pods.map(p => [podLink(p.pod),
          p.hostNamespaces.length ? p.hostNamespaces.join(', ') : 'none'])))
    ];
  }

  function renderPod(v) {
    const grid = el('table', { 'aria-label': 'Containers by namespace type' },
      el('caption', { class: 'muted' }, 'Each container\'s namespace per type: the host\'s, shared with other pods, or its own'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Container'), v.types.map(t => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, v.containers.map(c => el('tr', {},
        el('th', { scope: 'row' }, c.name || c.id, c.sandbox ? mark('sandbox') : null,
          c.pid != null ? el('span', { class: 'muted' }, ' pid ' + c.pid) : null),
        v.types.map(t => {
          const cell = c.namespaces[t];
          if (!cell) return el('td', { class: 'muted' }, '—');
          if (cell.host) return el('td', { class: 'host' }, 'host ', el('code', {}, cell.id));
          if (cell.sharedWith.length) {
            return el('td', { class: 'shared' }, el('code', {}, cell.id), ' shared with ',
              cell.sharedWith.map((p, i) => [i ? ', ' : '', podLink(p)]));
          }
          return el('td', {}, el('code', {}, cell.id));
        })))));
    const sandbox = v.sandbox ? el('p', {}, 'Sandbox: ', v.sandbox.runtime || '', ' ', v.sandbox.state || '',
      v.sandbox.netnsPath ? [' · netns ', el('code', {}, v.sandbox.netnsPath)] : '',
      v.sandbox.modes ? ' · modes ' + Object.entries(v.sandbox.modes).map(([k, m]) => k + '=' + m).join(' ') : '') : null;
    return [
      el('h1', { tabindex: '-1' }, 'Pod ', v.pod),
      el('p', {}, 'on node ', nodeLink(v.node), el('span', { class: 'muted' }, ' · uid ' + v.uid)),
      section('flags-h', 'Host namespaces: the spec beside what the node observed',
        table(null, ['Spec field', 'Spec', 'Observed in the host\'s ' + 'namespace', ''], v.hostFlags.map(f => [
          el('code', {}, f.field), String(f.spec), f.type + ': ' + (f.observedHost ? 'host' : 'own'),
          f.agrees ? '' : mark('mismatch', 'differs')]), i => v.hostFlags[i].agrees ? null : 'warning'),
        sandbox),
      section('grid-h', 'Containers × namespace types', grid),
      section('pod-findings-h', 'Findings (' + v.findings.length + ')', findingsTable(v.findings, true))
    ];
  }

  function renderSearch(v) {
    const href = h => h.kind === 'node' ? nodeHref(h.label) : h.pod ? podHref(h.pod) : nodeHref(h.node);
    return [
      el('h1', { tabindex: '-1' }, 'Search: ', v.q),
      v.hits.length ? table(v.truncated ? 'The first ' + v.hits.length + ' hits' : null,
        ['Kind', 'Match', 'Node', 'Pod', ''], v.hits.map(h => [h.kind, el('a', { href: href(h) }, h.label),
          nodeLink(h.node), podLink(h.pod), h.detail || '']))
        : el('p', {}, 'Nothing matches. Search by pod or node name (or part of it), namespace id (net:[4026532000] or ' +
          'the number), a container\'s PID, or a netns path (/var/run/netns/…).')
    ];
  }

  const renderers = { cluster: renderCluster, node: renderNode, pod: renderPod, search: renderSearch };

  async function show() {
    const r = route();
    download.setAttribute('href', r.api);
    download.setAttribute('download', r.file);
    if (r.view === 'search') searchInput.value = r.q;
    delete document.body.dataset.rendered;
    let content;
    let v = null;
    try {
      const answer = await fetch(r.api, { headers: { Accept: 'application/json' } });
      v = await answer.json();
      if (v.view === 'standby' || v.view === 'notfound') {
        content = [el('h1', { tabindex: '-1' }, v.view === 'standby' ? 'Not the leader' : 'Not found'),
          el('p', { class: 'notice' }, v.message)];
      } else {
        content = renderers[v.view](v);
      }
    } catch (e) {
      content = [el('h1', { tabindex: '-1' }, 'Cannot load this view'), el('p', { class: 'notice' }, String(e))];
    }
    main.replaceChildren(...content.flat());
    snapshot.textContent = v && v.at ? 'snapshot ' + v.at + (v.writer ? ' by ' + v.writer : '') : '';
    document.title = 'lxkns · ' + main.querySelector('h1').textContent;
    document.body.dataset.rendered = r.view;
    // For whoever profiles the page (and the browser test): navigation start to this view drawn.
    performance.mark('lxkns-rendered', { detail: r.view });
    if (show.moved) main.querySelector('h1').focus();
    show.moved = true;
  }

  searchForm.addEventListener('submit', e => {
    e.preventDefault();
    location.hash = '#/search?q=' + enc(searchInput.value.trim());
  });
  window.addEventListener('hashchange', show);
  show();
})();
