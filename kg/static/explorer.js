/* kg serve's explorer: search → a neighbourhood → grow the view; filters; the SPARQL editor.
 *
 * The view is a list of opened nodes (with how many pages of neighbours each shows), the
 * nodes hidden and the nodes pinned; it lives in the URL (#open=…&hide=…&pin=…), so a link
 * restores it and the back button undoes a step. Layout is computed here, not by physics:
 * neighbours on rings around the node they came from, then pushed apart until no two
 * labels overlap — the same view of the same store is drawn the same way every time.
 * Text from the store is only ever set with textContent.
 */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var BASE = DATA.base;
  var FONT = 14, FONT_FAMILY = getComputedStyle(document.body).fontFamily;
  var kg = window.kg = {busy: 0, ready: false};

  // ------------------------------------------------------------------ helpers
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function local(iri) { return iri.indexOf(BASE) === 0 ? iri.slice(BASE.length) : iri; }
  function readable(text) {  // %-escapes decoded where they spell UTF-8, else left as they are
    try { return decodeURIComponent(text); } catch (e) { return text; }
  }
  function isEntity(iri) {
    return iri.indexOf(BASE) === 0 && !DATA.not_entities.some(function (p) { return local(iri).indexOf(p) === 0; });
  }
  function full(part) { return part.indexOf("://") > 0 ? part : BASE + part; }
  function pagePath(iri) { return "/entity/" + local(iri).split("/").map(encodeURIComponent).join("/"); }
  function getJSON(url) {
    kg.busy++;
    return fetch(url, {headers: {Accept: "application/json"}}).then(function (r) {
      if (!r.ok) return r.text().then(function (t) { throw new Error(t || r.statusText); });
      return r.json();
    }).finally(function () { kg.busy--; });
  }
  function api(name, params) { return getJSON("/api/" + name + "?" + new URLSearchParams(params)); }
  function kindOf(n) { return n.subtype || n.type; }

  // ------------------------------------------------------------------ the graph
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var records = {}, edgeRecords = {}, pages = {}, totals = {};
  var hidden = new Set(), pinned = new Set(), opened = [];
  var network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, {
    nodes: {size: 12, font: {size: FONT, face: FONT_FAMILY, color: "#222"}, borderWidth: 1,
            scaling: {label: {enabled: true, min: FONT, max: FONT, drawThreshold: 7}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, smooth: false,
            font: {size: 10, face: FONT_FAMILY, align: "middle", color: "#555"},
            color: {color: "#aaa", highlight: "#333"}, scaling: {label: {drawThreshold: 6}}},
    physics: {enabled: false},
    layout: {improvedLayout: false},
    interaction: {hover: true, tooltipDelay: 200, hideEdgesOnDrag: true, multiselect: false}
  });
  kg.network = network; kg.nodes = nodes; kg.edges = edges;

  var measure = document.createElement("canvas").getContext("2d");
  measure.font = FONT + "px " + FONT_FAMILY;
  function box(id, pos) {  // the node and its label below it, in canvas units, with a margin:
    // vis draws a triangle's or a star's label lower than a dot's, and a selected one bold
    var w = Math.max(30, measure.measureText(nodes.get(id).label).width * 1.1) + 14;
    return {x: pos.x - w / 2, y: pos.y - 16, w: w, h: 16 + 16 + FONT + 12};
  }
  function overlapping(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  // Push the nodes in `movable` away from every other until no two boxes overlap.
  function separate(movable, pos) {
    var ids = Object.keys(pos).filter(function (id) { return !nodes.get(id).hidden; });
    for (var pass = 0; pass < 60; pass++) {
      var moved = false;
      movable.forEach(function (m) {
        var a = box(m, pos[m]);
        ids.forEach(function (o) {
          if (o === m) return;
          var b = box(o, pos[o]);
          if (!overlapping(a, b)) return;
          var dx = (a.x + a.w / 2) - (b.x + b.w / 2), dy = (a.y + a.h / 2) - (b.y + b.h / 2);
          var ox = (a.w + b.w) / 2 - Math.abs(dx) + 2, oy = (a.h + b.h) / 2 - Math.abs(dy) + 2;
          if (ox < oy) pos[m].x += (dx >= 0 ? 1 : -1) * ox; else pos[m].y += (dy >= 0 ? 1 : -1) * oy;
          a = box(m, pos[m]);
          moved = true;
        });
      });
      if (!moved) break;
    }
  }
  kg.overlaps = function () {  // pairs of visible nodes whose labels overlap (for tests)
    var pos = network.getPositions(), ids = nodes.getIds({filter: function (n) { return !n.hidden; }});
    var count = 0;
    for (var i = 0; i < ids.length; i++)
      for (var j = i + 1; j < ids.length; j++)
        if (overlapping(box(ids[i], pos[ids[i]]), box(ids[j], pos[ids[j]]))) count++;
    return count;
  };

  function place(centre, fresh) {
    var pos = network.getPositions();
    var c = pos[centre] || {x: 0, y: 0};
    var start = 0, radius = 170, ring = 0, slot = 0;
    var from = opened.length > 1 ? nearestOpened(centre, pos) : null;
    if (from) start = Math.atan2(c.y - pos[from].y, c.x - pos[from].x) - Math.PI / 2;
    var left = fresh.length, capacity = 0, count = 0;
    fresh.forEach(function (id) {
      if (slot === 0) {  // a new ring: as many as fit at this radius, spread evenly round it
        capacity = Math.max(6, Math.floor(2 * Math.PI * radius / 120));
        count = Math.min(left, capacity);
      }
      var angle = start + (slot + (ring % 2) / 2) * 2 * Math.PI / count;
      pos[id] = {x: c.x + radius * Math.cos(angle), y: c.y + radius * Math.sin(angle)};
      left--;
      if (++slot >= count) { slot = 0; ring++; radius += 90; }
    });
    separate(fresh, pos);
    nodes.update(fresh.map(function (id) { return {id: id, x: pos[id].x, y: pos[id].y}; }));
  }
  function nearestOpened(centre, pos) {
    var best = null, dist = Infinity;
    opened.forEach(function (o) {
      if (o.id === centre || !pos[o.id]) return;
      var d = Math.hypot(pos[o.id].x - pos[centre].x, pos[o.id].y - pos[centre].y);
      if (d < dist) { dist = d; best = o.id; }
    });
    return best;
  }
  function visNode(n) {
    return {id: n.id, label: n.label, title: n.label + " · " + n.kind, shape: DATA.shapes[kindOf(n)] || "dot",
            color: {background: DATA.colours[n.type] || "#888", border: "#555"}};
  }
  function addNode(n, at) {
    records[n.id] = Object.assign(records[n.id] || {}, n);
    if (nodes.get(n.id)) return false;
    nodes.add(Object.assign(visNode(n), at || {}));
    return true;
  }
  function addEdge(e) {
    edgeRecords[e.id] = e;
    if (edges.get(e.id)) return;
    edges.add({id: e.id, from: e.from, to: e.to, label: e.label, title: e.label + " · " + e.n + " sentence(s)",
               width: 1 + Math.log2(e.n)});
  }

  // Open (or page on through) a node's neighbourhood.
  function expand(id, record) {
    var offset = (pages[id] || 0) * 100;
    return api("neighbours", {id: id, offset: offset}).then(function (data) {
      if (!nodes.get(id)) {
        var pos = network.getPositions(), xs = Object.values(pos).map(function (p) { return p.x; });
        addNode(data.node, {x: xs.length ? Math.max.apply(null, xs) + 600 : 0, y: 0});
      }
      records[id] = Object.assign(records[id] || {}, data.node);
      var fresh = data.nodes.filter(function (n) { return addNode(n); }).map(function (n) { return n.id; });
      data.edges.forEach(addEdge);
      pages[id] = (pages[id] || 0) + 1;
      totals[id] = data.total;
      var entry = opened.find(function (o) { return o.id === id; });
      if (entry) entry.pages = pages[id]; else opened.push({id: id, pages: pages[id]});
      place(id, fresh);
      applyFilters();
      return data;
    });
  }
  kg.expand = function (id) { return expand(id).then(function () { remember(); show(id); }); };
  kg.open = function (id) {
    return (pages[id] ? Promise.resolve() : expand(id)).then(function () {
      remember(); focusOn(id); show(id);
    });
  };
  function focusOn(id) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    network.moveTo({position: network.getPositions([id])[id], scale: 1});
  }
  kg.hide = function (id) {  // and, for a hidden node, show it again
    if (hidden.has(id)) hidden.delete(id); else hidden.add(id);
    applyFilters(); remember();
  };
  kg.unhideAll = function () { hidden.clear(); applyFilters(); remember(); };
  kg.pin = function (id) {
    if (pinned.has(id)) pinned.delete(id); else pinned.add(id);
    var at = network.getPositions([id])[id] || {};  // where it was dragged to, if it was
    nodes.update(Object.assign({id: id, fixed: pinned.has(id), borderWidth: pinned.has(id) ? 4 : 1}, at));
    remember();
  };
  function clearView() {
    nodes.clear(); edges.clear(); hidden.clear(); pinned.clear();
    opened = []; pages = {}; totals = {};
    document.getElementById("details").replaceChildren();
    applyFilters();
  }
  kg.clear = function () { clearView(); remember(); };

  // ------------------------------------------------------------------ the URL holds the view
  // open=<node>~<pages>,… hide=<node>,… pin=<node>@<x>:<y>,… and the filters that are set:
  // off=<type or predicate>,… prov= from= to= art=
  function filterState() {
    var off = [];
    document.querySelectorAll("#types input, #relations input").forEach(function (b) {
      if (!b.checked) off.push(b.dataset.type || b.dataset.predicate);
    });
    var f = docFilter();
    return {off: off.join(","), prov: f.province, from: f.from, to: f.to, art: f.article};
  }
  function stateHash() {
    if (!opened.length) return "";
    var p = new URLSearchParams(), pos = network.getPositions();
    p.set("open", opened.map(function (o) { return local(o.id) + "~" + o.pages; }).join(","));
    if (hidden.size) p.set("hide", Array.from(hidden).map(local).join(","));
    if (pinned.size) p.set("pin", Array.from(pinned).map(function (id) {
      var at = pos[id] || nodes.get(id) || {};  // a hidden node keeps the place it was given
      return local(id) + (at.x !== undefined ? "@" + Math.round(at.x) + ":" + Math.round(at.y) : "");
    }).join(","));
    var f = filterState();
    Object.keys(f).forEach(function (k) { if (f[k]) p.set(k, f[k]); });
    return "#" + p.toString().replace(/%2F/g, "/").replace(/%7E/g, "~").replace(/%2C/g, ",")
                             .replace(/%40/g, "@").replace(/%3A/g, ":");
  }
  var restoring = 0, generation = 0;
  function remember() {
    if (restoring) return;
    var hash = stateHash();
    if (hash !== location.hash) history.pushState(null, "", hash || location.pathname);
  }
  kg.state = stateHash;
  function listed(p, key) { return (p.get(key) || "").split(",").filter(Boolean); }
  function restoreFilters(p) {
    var off = new Set(listed(p, "off"));
    document.querySelectorAll("#types input, #relations input").forEach(function (b) {
      b.checked = !off.has(b.dataset.type || b.dataset.predicate);
    });
    document.getElementById("date-from").value = p.get("from") || "";
    document.getElementById("date-to").value = p.get("to") || "";
    return {province: p.get("prov") || "", article: p.get("art") || ""};
  }
  // Page through a node's neighbours as the link says, never past the last page.
  function replay(step, mine) {
    if (mine !== generation || (pages[step.id] || 0) >= step.pages) return Promise.resolve();
    return expand(step.id).then(function (data) {
      if (data.more) return replay(step, mine);
    }, function () { /* not in the store (any more): the rest of the view is drawn */ });
  }
  function restore() {
    var mine = ++generation;  // a newer restore (back, forward, a link) makes this one stop
    restoring++;
    clearView();
    var p = new URLSearchParams(location.hash.slice(1));
    var selects = restoreFilters(p);
    var steps = listed(p, "open").map(function (s) {
      var at = s.lastIndexOf("~"), n = at > 0 ? parseInt(s.slice(at + 1), 10) || 1 : 1;
      return {id: full(at > 0 ? s.slice(0, at) : s), pages: Math.max(1, n)};
    });
    var chain = Promise.resolve();
    steps.forEach(function (step) { chain = chain.then(function () { return replay(step, mine); }); });
    return chain.then(function () {
      if (mine !== generation) return;
      listed(p, "hide").forEach(function (h) { hidden.add(full(h)); });
      listed(p, "pin").forEach(function (h) {
        var m = /^(.*)@(-?\d+):(-?\d+)$/.exec(h), id = full(m ? m[1] : h);
        if (!nodes.get(id)) return;
        pinned.add(id);
        nodes.update(Object.assign({id: id, fixed: true, borderWidth: 4}, m ? {x: +m[2], y: +m[3]} : {}));
      });
      applyFilters();
      document.getElementById("province").value = selects.province;
      document.getElementById("article").value = selects.article;
      applyFilters();
      var last = steps.filter(function (s) { return nodes.get(s.id); }).pop();
      if (last) { focusOn(last.id); show(last.id); }
    }).finally(function () { restoring--; if (mine === generation) kg.ready = true; });
  }
  window.addEventListener("popstate", restore);

  // ------------------------------------------------------------------ filters
  var relations = document.getElementById("relations");
  DATA.predicates.forEach(function (p) {
    var label = el("label"), box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.predicate = p.name;
    label.appendChild(box); label.appendChild(document.createTextNode(p.label));
    relations.appendChild(label);
  });
  function checked(selector, key) {
    var out = {};
    document.querySelectorAll(selector).forEach(function (b) { out[b.dataset[key]] = b.checked; });
    return out;
  }
  function docFilter() {
    return {province: document.getElementById("province").value, article: document.getElementById("article").value,
            from: document.getElementById("date-from").value, to: document.getElementById("date-to").value};
  }
  function passes(e, f) {
    if (!f.province && !f.article && !f.from && !f.to) return true;
    if (!e.docs) return true;  // stated by too many sentences to list their articles: not filtered
    return e.docs.some(function (d) {
      return (!f.province || d.province === f.province) && (!f.article || d.doc === f.article) &&
             (!f.from || (d.date && d.date >= f.from)) && (!f.to || (d.date && d.date <= f.to));
    });
  }
  function fillSelect(id, values) {
    var select = document.getElementById(id), current = select.value;
    while (select.options.length > 1) select.remove(1);
    values.sort().forEach(function (v) { var o = el("option", v); o.value = v; select.appendChild(o); });
    select.value = values.indexOf(current) >= 0 ? current : "";
  }
  function applyFilters() {
    var types = checked("#types input", "type"), preds = checked("#relations input", "predicate"), f = docFilter();
    var provinces = new Set(), articles = new Set(), linked = new Set(), edgeUpdates = [];
    edges.forEach(function (e) {
      var r = edgeRecords[e.id];
      (r.docs || []).forEach(function (d) { if (d.province) provinces.add(d.province); articles.add(d.doc); });
      var a = records[r.from], b = records[r.to];
      var show = preds[r.predicate] !== false && passes(r, f) && !hidden.has(r.from) && !hidden.has(r.to) &&
                 types[kindOf(a)] !== false && types[kindOf(b)] !== false;
      if (show) { linked.add(r.from); linked.add(r.to); }
      edgeUpdates.push({id: e.id, hidden: !show});
    });
    var byFilter = 0, byUser = 0, nodeUpdates = [];
    nodes.forEach(function (n) {
      var r = records[n.id], isOpen = opened.some(function (o) { return o.id === n.id; });
      var user = hidden.has(n.id), filtered = types[kindOf(r)] === false || (!linked.has(n.id) && !isOpen);
      if (user) byUser++; else if (filtered) byFilter++;
      nodeUpdates.push({id: n.id, hidden: user || filtered});
    });
    edges.update(edgeUpdates); nodes.update(nodeUpdates);
    fillSelect("province", Array.from(provinces)); fillSelect("article", Array.from(articles));
    var shown = nodes.length - byFilter - byUser;
    document.getElementById("counts").textContent = nodes.length ? shown + " nodes shown" : "";
    var count = document.getElementById("hidden-count");
    count.textContent = byFilter || byUser ? "Hidden: " + byFilter + " by the filters, " + byUser + " by you " : "Nothing hidden";
    if (byUser) count.appendChild(button("Unhide all", function () { kg.unhideAll(); }));
    document.getElementById("empty").hidden = nodes.length > 0;
    kg.hiddenCount = {filters: byFilter, user: byUser};
  }
  document.querySelectorAll("#filters input, #filters select").forEach(function (i) {
    i.addEventListener("change", function () { applyFilters(); remember(); });
  });

  // ------------------------------------------------------------------ the side panel
  function showSentences(box, list) {
    list.forEach(function (s) {
      var head = el("div", null, "source");
      var name = (s.title || s.doc) + (s.date ? " · " + s.date : "");
      if (s.url && /^https?:\/\//.test(s.url)) {
        var a = el("a", name); a.href = s.url; a.target = "_blank"; a.rel = "noopener noreferrer";
        head.appendChild(a);
      } else head.textContent = name;
      if (s.title) head.appendChild(document.createTextNode(" [" + s.doc + "]"));
      var quote = el("blockquote", null, s.curated ? "sentence curated" : "sentence");
      if (s.curated) {
        quote.title = "changed by a curation decision (" + s.curated + ")";
        quote.appendChild(el("span", "✎ ", "curated-mark"));
      }
      s.parts.forEach(function (p) { quote.appendChild(p[1] ? el("mark", p[0]) : document.createTextNode(p[0])); });
      box.appendChild(head); box.appendChild(quote);
    });
  }
  function button(text, action) { var b = el("button", text); b.type = "button"; b.addEventListener("click", action); return b; }
  function show(id) {
    var r = records[id], box = document.getElementById("details");
    if (!r) return;
    box.replaceChildren(el("h2", r.label), el("p", r.kind, "muted"));
    var bar = el("div", null, "buttons");
    var link = el("a", "Entity page ↗"); link.href = pagePath(id);
    bar.appendChild(link);
    var more = totals[id] === undefined ? "Expand" :
      (pages[id] * 100 < totals[id] ? "Show more (" + (totals[id] - pages[id] * 100) + ")" : null);
    if (more) bar.appendChild(button(more, function () { kg.expand(id); }));
    bar.appendChild(button(hidden.has(id) ? "Unhide" : "Hide", function () { kg.hide(id); show(id); }));
    bar.appendChild(button(pinned.has(id) ? "Unpin" : "Pin", function () { kg.pin(id); show(id); }));
    box.appendChild(bar);
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edgeRecords[eid];
      if (!e || edges.get(eid).hidden) return;
      var other = records[e.from === id ? e.to : e.from];
      var h = el("h3"), a = el("a", (e.from === id ? "→ " : "← ") + e.label + " " + other.label + " (" + e.n + ")");
      a.href = "#"; a.addEventListener("click", function (ev) { ev.preventDefault(); showEdge(eid); });
      h.appendChild(a); box.appendChild(h);
    });
  }
  function showEdge(eid) {
    var e = edgeRecords[eid], box = document.getElementById("details");
    box.replaceChildren(el("h2", records[e.from].label + " " + e.label + " " + records[e.to].label),
                        el("p", "…", "muted"));
    return api("evidence", {id: e.from, other: e.to, limit: 50}).then(function (list) {
      list = list.filter(function (s) { return s.predicate === e.predicate && s.direction === "out"; });
      box.lastChild.textContent = list.length + " sentence(s)";
      showSentences(box, list);
    });
  }
  kg.showEdge = showEdge;
  network.on("click", function (p) {
    if (p.nodes.length) show(p.nodes[0]); else if (p.edges.length) showEdge(p.edges[0]);
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) kg.expand(p.nodes[0]); });

  // ------------------------------------------------------------------ search
  var search = document.getElementById("search"), list = document.getElementById("suggestions");
  var hits = [], hitsFor = null, active = -1, asked = 0;
  function suggest() {
    var q = search.value.trim(), ticket = ++asked;
    if (!q) { list.hidden = true; hits = []; hitsFor = q; return Promise.resolve(); }
    return api("search", {q: q, limit: 12}).then(function (found) {
      if (ticket !== asked) return;
      hits = found; hitsFor = q; active = found.length ? 0 : -1;
      list.replaceChildren();
      found.forEach(function (h, i) {
        var li = el("li"); li.setAttribute("role", "option");
        var shape = el("span", null, "shape shape-" + (DATA.shapes[kindOf(h)] || "dot"));
        shape.style.setProperty("--c", DATA.colours[h.type] || "#888");
        li.appendChild(shape); li.appendChild(el("span", h.label));
        if (h.matched !== h.label) li.appendChild(el("span", "(" + h.matched + ")", "kind"));
        li.appendChild(el("span", h.kind, "kind"));
        li.appendChild(el("span", h.articles + " 篇", "n"));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      if (!found.length) list.appendChild(el("li", "no entity has this name", "muted"));
      list.hidden = false;
      mark();
    });
  }
  function mark() { Array.from(list.children).forEach(function (li, i) { li.classList.toggle("active", i === active); }); }
  function choose(i) {
    var h = hits[i];
    if (!h) return;
    list.hidden = true; search.value = h.label;
    return kg.open(h.id);
  }
  kg.suggest = suggest;
  search.addEventListener("input", suggest);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (hits.length) { active = (active + (ev.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length; mark(); }
    } else if (ev.key === "Enter") {
      ev.preventDefault();
      // the suggestions for what the box holds now, not for what it held a moment ago
      (hitsFor === search.value.trim() ? Promise.resolve() : suggest()).then(function () {
        if (hitsFor === search.value.trim()) choose(Math.max(active, 0));
      });
    } else if (ev.key === "Escape") list.hidden = true;
  });
  search.addEventListener("blur", function () { list.hidden = true; });

  // ------------------------------------------------------------------ view buttons, snapshots
  document.getElementById("fit").addEventListener("click", function () { network.fit(); });
  document.getElementById("clear").addEventListener("click", kg.clear);
  function download(name, href) {
    var a = el("a"); a.href = href; a.download = name; document.body.appendChild(a); a.click(); a.remove();
  }
  kg.png = function () { return network.canvas.frame.canvas.toDataURL("image/png"); };
  kg.svg = function () {
    var pos = network.getPositions(), xs = [], ys = [];
    var shown = nodes.get({filter: function (n) { return !n.hidden; }});
    shown.forEach(function (n) { xs.push(pos[n.id].x); ys.push(pos[n.id].y); });
    var x0 = Math.min.apply(null, xs.concat([0])) - 120, y0 = Math.min.apply(null, ys.concat([0])) - 40;
    var w = Math.max.apply(null, xs.concat([0])) - x0 + 120, h = Math.max.apply(null, ys.concat([0])) - y0 + 60;
    var esc = function (s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); };
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [x0, y0, w, h].join(" ") + '" font-family="' +
               esc(FONT_FAMILY) + '" font-size="' + FONT + '">'];
    edges.get({filter: function (e) { return !e.hidden; }}).forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      out.push('<line x1="' + a.x + '" y1="' + a.y + '" x2="' + b.x + '" y2="' + b.y + '" stroke="#aaa"/>');
      out.push('<text x="' + (a.x + b.x) / 2 + '" y="' + (a.y + b.y) / 2 + '" font-size="10" fill="#555" text-anchor="middle">' + esc(e.label) + "</text>");
    });
    shown.forEach(function (n) {
      var p = pos[n.id];
      out.push('<circle cx="' + p.x + '" cy="' + p.y + '" r="10" fill="' + esc(n.color.background) + '" stroke="#555"/>');
      out.push('<text x="' + p.x + '" y="' + (p.y + 28) + '" text-anchor="middle">' + esc(n.label) + "</text>");
    });
    out.push("</svg>");
    return out.join("\n");
  };
  document.getElementById("png").addEventListener("click", function () { download("kg-view.png", kg.png()); });
  document.getElementById("svg").addEventListener("click", function () {
    download("kg-view.svg", URL.createObjectURL(new Blob([kg.svg()], {type: "image/svg+xml"})));
  });

  // ------------------------------------------------------------------ tabs
  function tab(name) {
    document.querySelectorAll(".tab").forEach(function (t) { t.classList.toggle("active", t.dataset.tab === name); });
    document.getElementById("graph-view").hidden = name !== "graph";
    document.getElementById("query-view").hidden = name !== "query";
    if (name === "query") editor.refresh();
  }
  document.querySelectorAll(".tab").forEach(function (t) { t.addEventListener("click", function () { tab(t.dataset.tab); }); });
  kg.tab = tab;

  // ------------------------------------------------------------------ the SPARQL editor
  var names = Object.keys(DATA.prefixes);
  function hint(cm) {
    var cur = cm.getCursor(), line = cm.getLine(cur.line);
    var start = cur.ch;
    while (start > 0 && /[\w:-]/.test(line.charAt(start - 1))) start--;
    var word = line.slice(start, cur.ch), colon = word.indexOf(":"), found;
    if (colon < 0) found = names.filter(function (p) { return p.indexOf(word) === 0; }).map(function (p) { return p + ":"; });
    else if (word.slice(0, colon) === "kg") found = DATA.terms.filter(function (t) { return t.indexOf(word.slice(colon + 1)) === 0; })
                                                   .map(function (t) { return "kg:" + t; });
    else found = [];
    return {list: found, from: CodeMirror.Pos(cur.line, start), to: CodeMirror.Pos(cur.line, cur.ch)};
  }
  var editor = CodeMirror.fromTextArea(document.getElementById("sparql"), {
    mode: "application/sparql-query", lineNumbers: true, matchBrackets: true,
    extraKeys: {"Ctrl-Enter": function () { run(); }, "Cmd-Enter": function () { run(); }, "Ctrl-Space": "autocomplete"},
    hintOptions: {hint: hint, completeSingle: false}
  });
  editor.on("inputRead", function (cm, change) {
    if (change.origin === "+input" && /[\w:]/.test(change.text[0])) cm.showHint({hint: hint, completeSingle: false});
  });
  kg.editor = editor;
  var examples = document.getElementById("examples"), historyBox = document.getElementById("history");
  getJSON("/api/examples").then(function (list) {
    kg.examples = list;
    list.forEach(function (q, i) { var o = el("option", q.name + " — " + q.comment.slice(0, 70)); o.value = i; examples.appendChild(o); });
  });
  examples.addEventListener("change", function () {
    if (this.value !== "") editor.setValue(kg.examples[this.value].query);
    this.value = "";
  });
  function pastQueries() { try { return JSON.parse(localStorage.getItem("kg.history") || "[]"); } catch (e) { return []; } }
  function fillHistory() {
    while (historyBox.options.length > 1) historyBox.remove(1);
    pastQueries().forEach(function (q, i) {
      var o = el("option", q.at + " — " + q.query.replace(/\s+/g, " ").slice(0, 60)); o.value = i; historyBox.appendChild(o);
    });
  }
  historyBox.addEventListener("change", function () {
    if (this.value !== "") editor.setValue(pastQueries()[this.value].query);
    this.value = "";
  });
  fillHistory();
  function keep(query) {
    var past = pastQueries().filter(function (q) { return q.query !== query; });
    past.unshift({query: query, at: new Date().toISOString().slice(0, 16).replace("T", " ")});
    try { localStorage.setItem("kg.history", JSON.stringify(past.slice(0, 30))); } catch (e) { /* storage full or off */ }
    fillHistory();
  }
  var errorMark = null;
  function run() {
    var query = editor.getValue(), status = document.getElementById("status");
    var out = document.getElementById("results"), problem = document.getElementById("query-error");
    var drawn = document.getElementById("result-graph");
    if (errorMark) { errorMark.clear(); errorMark = null; }
    problem.hidden = true; status.textContent = "…";
    var started = performance.now();
    kg.busy++;
    return fetch("/sparql", {method: "POST", body: new URLSearchParams({query: query}),
                             headers: {Accept: "application/sparql-results+json, application/n-triples;q=0.9"}})
      .then(function (r) {
        if (!r.ok) return r.text().then(function (t) { throw new Error(t); });
        keep(query);
        var type = r.headers.get("Content-Type") || "";
        return (type.indexOf("json") >= 0 ? r.json() : r.text()).then(function (body) { return {type: type, body: body}; });
      })
      .then(function (res) {
        var ms = Math.round(performance.now() - started);
        out.replaceChildren(); drawn.hidden = true;
        if (typeof res.body === "string") {
          var triples = parseNTriples(res.body);
          status.textContent = triples.length + " triples · " + ms + " ms";
          drawTriples(triples);
        } else if (res.body.results) {
          status.textContent = res.body.results.bindings.length + " rows · " + ms + " ms";
          out.appendChild(table(res.body));
        } else {
          status.textContent = "ASK → " + res.body.boolean + " · " + ms + " ms";
          out.appendChild(el("p", String(res.body.boolean)));
        }
      })
      .catch(function (err) {
        status.textContent = "";
        out.replaceChildren(); drawn.hidden = true;
        problem.hidden = false;
        var m = /at (\d+):(\d+)/.exec(err.message);
        problem.textContent = err.message.trim() + (m ? "\n(line " + m[1] + ", column " + m[2] + ")" : "");
        if (m) {
          var line = parseInt(m[1], 10) - 1, ch = parseInt(m[2], 10) - 1;
          var end = Math.min(editor.getLine(line) ? editor.getLine(line).length : ch + 1, ch + 1);
          errorMark = editor.markText({line: line, ch: Math.min(ch, end - 1)}, {line: line, ch: Math.max(end, ch + 1)},
                                      {className: "cm-error-mark"});
          editor.setCursor({line: line, ch: ch});
        }
      })
      .finally(function () { kg.busy--; });
  }
  kg.run = run;
  document.getElementById("run").addEventListener("click", function () { run(); });

  function compact(iri) {
    for (var i = 0; i < names.length; i++) {
      var ns = DATA.prefixes[names[i]];
      if (names[i] !== "kgid" && iri.indexOf(ns) === 0 && !/[\/#]/.test(iri.slice(ns.length))) return names[i] + ":" + iri.slice(ns.length);
    }
    return iri;
  }
  var SHOWN = 1000;  // rows drawn as a table; the endpoint gives every row (CSV, JSON) to a client
  function table(data) {
    var t = el("table"), head = el("tr"), rows = data.results.bindings;
    data.head.vars.forEach(function (v) { head.appendChild(el("th", "?" + v)); });
    t.appendChild(head);
    if (rows.length > SHOWN) {
      var note = el("tr"), cell = el("td", "The first " + SHOWN + " of " + rows.length + " rows; add LIMIT/OFFSET, " +
        "or ask /sparql for CSV, for the rest.", "muted");
      cell.colSpan = data.head.vars.length; note.appendChild(cell); t.appendChild(note);
    }
    rows.slice(0, SHOWN).forEach(function (b) {
      var tr = el("tr");
      data.head.vars.forEach(function (v) {
        var td = el("td"), term = b[v];
        if (term && term.type === "uri" && isEntity(term.value)) {
          var a = el("a", readable(local(term.value))); a.href = pagePath(term.value); td.appendChild(a);
          var g = el("a", " ◉"); g.href = "#open=" + encodeURIComponent(local(term.value)) + "~1"; g.title = "open in the graph";
          g.addEventListener("click", function () { tab("graph"); });
          td.appendChild(g);
        } else if (term) td.textContent = term.type === "uri" ? compact(term.value) : term.value;
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    return t;
  }
  // N-Triples as Oxigraph writes them: one triple a line, IRIs, blank nodes, literals.
  var TERM = /<([^>]*)>|(_:\S+)|"((?:[^"\\]|\\.)*)"(?:@[\w-]+|\^\^<[^>]*>)?/g;
  function unescapeLiteral(s) {
    return s.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (m, u, U, c) {
      if (u || U) return String.fromCodePoint(parseInt(u || U, 16));
      return {n: "\n", r: "\r", t: "\t"}[c] || c;
    });
  }
  function parseNTriples(text) {
    return text.split("\n").filter(function (l) { return l.trim() && l[0] !== "#"; }).map(function (line) {
      var terms = [], m;
      TERM.lastIndex = 0;
      while ((m = TERM.exec(line)) && terms.length < 3)
        terms.push(m[1] !== undefined ? {iri: unescapeLiteral(m[1])} : m[2] ? {blank: m[2]} : {literal: unescapeLiteral(m[3])});
      return terms;
    }).filter(function (t) { return t.length === 3; });
  }
  kg.parseNTriples = parseNTriples;
  var resultNetwork = null;
  // A CONSTRUCT or DESCRIBE answer as a graph: an IRI's rdfs:label names its node.
  function drawTriples(triples) {
    var box = document.getElementById("result-graph"), rn = new vis.DataSet(), re = new vis.DataSet(), labels = {};
    triples.forEach(function (t) { if (t[1].iri === DATA.prefixes.rdfs + "label" && t[0].iri) labels[t[0].iri] = t[2].literal; });
    function key(t, i) { return t.iri || t.blank || "literal " + i + " " + t.literal; }
    var LABEL = DATA.prefixes.rdfs + "label";
    triples = triples.filter(function (t) { return !(t[1].iri === LABEL && t[0].iri && t[2].literal !== undefined); })
                     .concat(triples.filter(function (t) { return t[1].iri === LABEL && t[0].blank; }));
    triples.slice(0, 3000).forEach(function (t, i) {
      [t[0], t[2]].forEach(function (term, j) {
        var id = key(term, i);
        if (rn.get(id)) return;
        rn.add(term.literal !== undefined ? {id: id, label: term.literal.slice(0, 40), shape: "box", color: "#eee"}
               : {id: id, label: labels[term.iri] || (term.iri ? readable(compact(term.iri)).split("/").pop() : term.blank), shape: "dot", size: 10});
      });
      re.add({from: key(t[0], i), to: key(t[2], i), label: compact(t[1].iri), arrows: "to"});
    });
    box.hidden = false;
    if (resultNetwork) resultNetwork.destroy();
    resultNetwork = new vis.Network(box, {nodes: rn, edges: re}, {
      layout: {randomSeed: 1, improvedLayout: rn.length < 150}, physics: {stabilization: {iterations: 150}},
      edges: {font: {size: 9}, smooth: false}, nodes: {font: {face: FONT_FAMILY}}});
    resultNetwork.once("stabilizationIterationsDone", function () { resultNetwork.setOptions({physics: false}); });
    kg.resultGraph = {nodes: rn.length, edges: re.length};
  }

  // ------------------------------------------------------------------ start
  if (location.hash.length > 1) restore(); else { applyFilters(); kg.ready = true; }
})();
