/* Filter, sort and choose columns of the support-matrix tables (progressive enhancement).
 *
 * Reads only this markup: table[data-ms-table] (data-ms-noun="singular|plural" for the count;
 * data-ms-filter="off": left alone); th[data-column] headers, data-facet on filterable ones;
 * body cells with data-value ('|'-separated filter values), data-sort (a number, or a key that
 * sorts as plain text; without it, the text in the reader's collation) and data-absent (sorts
 * last either way); the row header (th[scope=row]) column can't be hidden. A large table ships
 * its rows as data after its wrapper (script.ms-island, format in generator/views/rowdata.py)
 * with its first rows in the HTML; the no-JavaScript note (.ms-island-note) is hidden here.
 *
 * State is in the query string, per table by the id of the heading before it:
 * ?aws.q=scan&aws.linux=GA&aws.sort=-windows&aws.hide=resources,sensor. Typing replaces the
 * history entry (every 250 ms at most); other changes push one. A link to a row the filters
 * hide (#feature-id) clears that table's filters and shows the row.
 *
 * A keystroke is one pass over lowercase row texts and per-value row masks. Layout costs time
 * per displayed row, so a table of more than LARGE rows, or one shipped as data, displays its
 * first matches with buttons to show more (bench/browser.py measures 10,000 rows).
 */
(() => {
  "use strict";

  const LARGE = 500; // as generator/views/rowdata.py ISLAND_ROWS: bigger tables come as data
  const PAGE = 50; // as rowdata.INLINE_ROWS
  const SHORT = 8; // tables of up to SHORT rows fold their facets behind a button
  const NUMBER = /^-?\d+(\.\d+)?$/;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const num = (n) => n.toLocaleString("en-US");
  const decoder = document.createElement("textarea");
  const plain = (html) => {
    decoder.innerHTML = html.replace(/<[^>]*>/g, "");
    return decoder.value.trim();
  };
  let tables = [];
  let page = "";
  let timer = 0;
  let uid = 0;
  let sheet = null;

  function make(tag, props, kids, attrs) {
    const node = Object.assign(document.createElement(tag), props);
    if (kids) node.append(...kids);
    for (const k in attrs || {}) node.setAttribute(k, attrs[k]);
    return node;
  }

  function button(label, onClick, className, attrs) {
    const b = make("button", { type: "button", className: className || "" }, [label], attrs);
    b.addEventListener("click", onClick);
    return b;
  }

  // The id of the nearest heading before the table (or before an ancestor), made unique.
  function keyFor(start, used) {
    let key = "table";
    for (let n = start; n && n !== document.body; n = n.parentElement) {
      let s = n.previousElementSibling;
      while (s && !(/^H[1-6]$/.test(s.tagName) && s.id)) s = s.previousElementSibling;
      if (s) {
        key = s.id;
        break;
      }
    }
    let k = key;
    for (let i = 2; used.has(k); i++) k = key + "-" + i;
    used.add(k);
    return k;
  }

  // --- rows: the table's own <tr>s, or a data island -----------------------------------------
  // A source has n rows; cell(i, j) is [data-value, data-sort, absent, () => text].

  function domRows(body) {
    const rows = Array.from(body.rows);
    rows.forEach((r, i) => (r.msI = i));
    return {
      n: rows.length,
      first: rows.length > LARGE ? PAGE : Infinity,
      el: (i) => rows[i],
      cell(i, j) {
        const x = rows[i].cells[j];
        if (!x) return [null, null, false, () => ""];
        const get = (a) => x.getAttribute(a);
        return [get("data-value"), get("data-sort"), get("data-absent") !== null, () => x.textContent.trim()];
      },
      text: (i) => Array.from(rows[i].cells, (x) => x.textContent).join("\n"),
    };
  }

  function islandRows(data, body) {
    const { s, c, r } = data;
    const els = [];
    Array.from(body.rows).forEach((row, i) => {
      els[i] = row;
      row.msI = i;
    });
    const html = (i) => {
      const o = r[i][0];
      if (o < 0) return s[-1 - o];
      let out = s[o];
      for (let k = 2; k < r[i].length; k++) out += s[c[r[i][k]][0]];
      return out + "</tr>";
    };
    return {
      n: r.length,
      first: data.inline || PAGE,
      island: true,
      el: (i) => els[i],
      // Makes the <tr>s of these rows that don't exist yet, in one parse.
      make(list) {
        const missing = list.filter((i) => !els[i]);
        if (!missing.length) return;
        const t = document.createElement("template");
        t.innerHTML = missing.map(html).join("");
        missing.forEach((i, k) => {
          els[i] = t.content.children[k];
          els[i].msI = i;
        });
      },
      find(id) {
        const needle = 'id="' + id.replace(/&/g, "&amp;").replace(/"/g, "&quot;") + '"';
        for (let i = 0; i < r.length; i++) if (html(i).includes(needle)) return i;
        return -1;
      },
      cell(i, j) {
        const x = c[r[i][2 + j]];
        return [s[x[1]] || null, s[x[2]] || null, x[3] === 1, () => plain(s[x[0]])];
      },
      text: (i) => s[r[i][1]],
    };
  }

  // The data island after a table's wrapper, if any. Only once it is read is the note for
  // readers without JS hidden: an island that cannot be read leaves the rows in the HTML and
  // the note saying that they are not all.
  function islandFor(wrap) {
    let data = null;
    const notes = [];
    for (let n = wrap.nextElementSibling; n; n = n.nextElementSibling) {
      if (n.matches(".ms-table-wrap, h1, h2, h3, h4, h5, h6")) break;
      const script = n.matches(".ms-island") ? n : n.querySelector(".ms-island");
      try {
        data = data || (script && JSON.parse(script.textContent));
      } catch (e) {
        // not an island we can read: the rows in the HTML are the table
      }
      notes.push(...[n, ...n.querySelectorAll(".ms-island-note")].filter((x) => x.matches(".ms-island-note")));
    }
    if (!data || data.v !== 1) return null;
    notes.forEach((note) => (note.hidden = true));
    return data;
  }

  // --- one table's controls --------------------------------------------------------------------

  function setup(table, key) {
    const head = table.tHead && table.tHead.rows[0];
    const body = table.tBodies[0];
    if (!head || !body) return null;
    const wrap = table.closest(".ms-table-wrap") || table;
    const data = islandFor(wrap);
    const src = data ? islandRows(data, body) : domRows(body);
    const n = src.n;
    if (!n) return null;
    const nouns = (table.dataset.msNoun || "row|rows").split("|");
    const first = body.rows[0];
    const rowHead = first ? Array.from(first.cells).findIndex((x) => x.scope === "row") : -1;
    const c = {
      id: "ms-f" + ++uid,
      table, key, body, src, n,
      noun: n === 1 ? nouns[0] : nouns[1] || nouns[0],
      plural: nouns[1] || nouns[0],
      text: null, // lowercase row texts, made when first needed or when the page is idle
      textOk: new Uint8Array(n).fill(1),
      shown: new Uint8Array(n),
      order: [...Array(n).keys()], // row indexes in display order
      first: src.first,
      start: 0, // matches skipped before the displayed ones (a link to a row far down)
      limit: src.first,
      lastQ: "",
      q: "",
      sort: null, // {j, dir}
      cols: [],
      facets: [],
      keys: [],
      hidden: new Set(),
      nShown: n,
    };
    table.dataset.msT = uid;
    for (const row of body.rows) c.shown[row.msI] = 1;
    Array.from(head.cells).forEach((th, j) => {
      const label = th.textContent.trim();
      const col = { id: th.dataset.column || String(j), th, j, label, fixed: j === Math.max(rowHead, 0) };
      c.cols.push(col);
      const icon = make("span", { className: "ms-sort__icon" }, [], { "aria-hidden": "true" });
      const sort = button("", () => cycleSort(c, j), "ms-sort");
      sort.replaceChildren(...th.childNodes, icon);
      th.append(sort);
      if (th.hasAttribute("data-facet")) c.facets.push(facet(c, col));
    });
    wrap.before(bar(c, table, key));
    c.empty = make("p", { className: "ms-filter__empty", hidden: true }, [
      "No " + c.plural + " match these filters. ",
      button("Clear filters", () => reset(c, true)),
    ]);
    c.moreText = new Text();
    c.moreButton = button("", () => more(c, step(c)));
    c.more = make("p", { className: "ms-filter__more", hidden: true }, [
      c.moreText, " ", c.moreButton, " ", button("Show all", () => more(c, Infinity)),
    ]);
    wrap.after(c.more, c.empty);
    table.msFilter = c;
    update(c);
    return c;
  }

  function bar(c, table, key) {
    c.input = make("input", {
      type: "search",
      className: "ms-filter__q",
      autocomplete: "off",
      spellcheck: false,
      placeholder: "Filter " + c.plural,
    }, [], { "aria-label": "Filter" });
    c.input.addEventListener("input", () => {
      c.q = c.input.value;
      update(c, true);
      schedule();
    });
    c.clear = button("Clear filters", () => reset(c, true), "ms-filter__clear");
    c.clear.hidden = true;
    c.count = make("p", { className: "ms-filter__count" }, [count(c)], { role: "status" });
    // Facets fold behind a button on short tables, where reading beats filtering, and on
    // narrow screens, where they would push the table out of view.
    const folded = c.n <= SHORT || matchMedia("(max-width: 44.9375em)").matches;
    const selects = c.facets.map((f) => f.select);
    c.facetBox = make("div", { className: "ms-filter__facets", id: c.id + "-f" }, selects);
    const kids = [c.input];
    if (folded && selects.length) {
      c.toggle = button("Filters", () => fold(c, c.facetBox.hidden), "ms-filter__toggle", {
        "aria-expanded": "false",
        "aria-controls": c.facetBox.id,
      });
      fold(c, false);
      kids.push(c.toggle);
    } else if (selects.length) kids.push(c.facetBox);
    kids.push(chooser(c), c.clear, c.count);
    if (c.toggle) kids.push(c.facetBox);
    const form = make("form", { className: "ms-filter" + (folded ? " ms-filter--folded" : "") }, kids, {
      role: "search",
      "aria-label": "Filter: " + (table.caption ? table.caption.textContent.trim() : key),
    });
    form.addEventListener("submit", (e) => e.preventDefault());
    return form;
  }

  function disclose(button, panel, open) {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", open);
  }

  function fold(c, open) {
    if (c.toggle) disclose(c.toggle, c.facetBox, open);
  }

  function facet(c, col) {
    const index = new Map(); // value -> Uint8Array over rows
    const rank = new Map(); // value -> sort key of a cell holding only that value
    for (let i = 0; i < c.n; i++) {
      const raw = c.src.cell(i, col.j)[0];
      if (!raw) continue;
      const vs = raw.split("|");
      for (const v of vs) {
        if (!index.has(v)) index.set(v, new Uint8Array(c.n));
        index.get(v)[i] = 1;
        if (vs.length === 1 && !rank.has(v)) rank.set(v, key(c.src, i, col.j));
      }
    }
    const values = [...index.keys()].sort(
      (a, b) => compare(rank.get(a) || [2, a], rank.get(b) || [2, b], 1) || collator.compare(a, b),
    );
    // Closed, a select reads like a chip: "Linux release state", or "Linux release state: GA"
    // while it filters; open, its options are the values as written.
    const select = make("select", { className: "ms-filter__facet" }, [
      make("option", { value: "" }, [col.label]),
      ...values.map((v) => make("option", { value: v }, [v])),
    ], { "aria-label": col.label });
    const f = { id: col.id, col, index, select, value: "", at: 0 };
    select.addEventListener("change", () => {
      set(f, select.value);
      update(c, true);
      writeUrl(true);
    });
    return f;
  }

  function set(f, value) {
    const { options } = f.select;
    f.value = f.select.value = value;
    options[f.at].text = f.at ? options[f.at].value : f.col.label;
    f.at = f.select.selectedIndex;
    if (f.at) options[f.at].text = f.col.label + ": " + value;
  }

  // --- choose columns ----------------------------------------------------------------------------

  function chooser(c) {
    const panel = make("div", { className: "ms-cols__panel", id: c.id + "-c", hidden: true }, [], {
      role: "group",
      "aria-label": "Columns to show",
    });
    c.boxes = [];
    for (const col of c.cols.filter((k) => !k.fixed)) {
      const box = make("input", { type: "checkbox", checked: true });
      box.addEventListener("change", () => {
        c.hidden[box.checked ? "delete" : "add"](col.id);
        hide(c);
        writeUrl(true);
      });
      c.boxes.push([col, box]);
      panel.append(make("label", { className: "ms-cols__item" }, [box, " " + col.label]));
    }
    c.colsButton = button("Columns", () => show(c, panel.hidden), "ms-cols__button", {
      "aria-expanded": "false",
      "aria-controls": panel.id,
    });
    c.panel = panel;
    const box = make("div", { className: "ms-cols" }, [c.colsButton, panel]);
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !panel.hidden) {
        e.preventDefault();
        show(c, false);
        c.colsButton.focus();
      }
    });
    box.addEventListener("focusout", (e) => {
      if (e.relatedTarget && !box.contains(e.relatedTarget)) show(c, false);
    });
    box.hidden = !c.boxes.length;
    return box;
  }

  function show(c, open) {
    disclose(c.colsButton, c.panel, open);
    if (!open) return; // closing needs no layout (a click anywhere closes every panel)
    // Open towards the side with room: from the button's left edge, or back from its right.
    const room = innerWidth - c.colsButton.getBoundingClientRect().left;
    c.panel.classList.toggle("ms-cols__panel--end", c.panel.offsetWidth > room - 8);
  }

  // Hidden columns: a rule per column in one stylesheet, so rows drawn later hide them too
  // (important: whatever display the page's own CSS gives cells, e.g. as cards on a phone).
  function hide(c) {
    mark(c);
    restyle();
  }

  // The table's controls as its hidden columns are: checkboxes, button, filters of hidden columns.
  function mark(c) {
    for (const [col, box] of c.boxes) box.checked = !c.hidden.has(col.id);
    const k = c.hidden.size;
    c.colsButton.textContent = k ? `Columns (${k} hidden)` : "Columns";
    for (const f of c.facets) f.select.hidden = c.hidden.has(f.id) && !f.value;
  }

  // One stylesheet for every table's hidden columns.
  function restyle() {
    if (!sheet || !sheet.isConnected) document.head.append((sheet = make("style")));
    sheet.textContent = tables
      .flatMap((t) =>
        t.cols
          .filter((col) => t.hidden.has(col.id))
          .map((col) => `[data-ms-t="${t.table.dataset.msT}"] tr>:nth-child(${col.j + 1}){display:none!important}`),
      )
      .join("\n");
  }

  // --- filtering and display -------------------------------------------------------------------

  function count(c) {
    return num(c.nShown) + " of " + num(c.n) + " " + c.noun;
  }

  function texts(c) {
    if (!c.text) c.text = Array.from({ length: c.n }, (_, i) => c.src.text(i).toLowerCase());
    return c.text;
  }

  function step(c) {
    return c.first === Infinity ? PAGE : c.first;
  }

  // Displays the rows that match, `limit` of them from the `start`-th in display order; `fresh`
  // is a new filter or order, which starts again from the first page of a large table.
  function update(c, fresh) {
    const { n, textOk, shown, src } = c;
    if (fresh) [c.start, c.limit] = [0, c.first];
    const terms = c.q.toLowerCase().split(/\s+/).filter(Boolean);
    const q = terms.join(" ");
    if (q !== c.lastQ) {
      // A query that extends the last one can only drop rows: rows already out stay out.
      const narrowing = q.startsWith(c.lastQ);
      const text = texts(c);
      for (let i = 0; i < n; i++) {
        if (!narrowing || textOk[i]) textOk[i] = terms.every((t) => text[i].includes(t)) ? 1 : 0;
      }
      c.lastQ = q;
    }
    const masks = activeMasks(c);
    const list = [];
    let total = 0;
    for (const i of c.order) {
      if (matches(c, masks, i) && total++ >= c.start && total <= c.start + c.limit) list.push(i);
    }
    if (src.island) {
      // The <tbody> holds exactly the displayed rows; rows that stay are left in place, so
      // only new ones cost style and layout.
      shown.fill(0);
      for (const i of list) shown[i] = 1;
      for (const row of [...c.body.rows]) if (!shown[row.msI]) row.remove();
      src.make(list);
      let at = c.body.firstElementChild;
      for (const i of list) {
        if (src.el(i) === at) at = at.nextElementSibling;
        else c.body.insertBefore(src.el(i), at);
      }
    } else {
      const want = new Uint8Array(n);
      for (const i of list) want[i] = 1;
      for (let i = 0; i < n; i++) {
        if (want[i] !== shown[i]) {
          // An inline style, not the hidden attribute: that one makes Chromium re-match every
          // [hidden] selector of the theme's CSS, several times the cost per row.
          shown[i] = want[i];
          src.el(i).style.display = want[i] ? "" : "none";
        }
      }
    }
    c.nShown = total;
    const label = count(c);
    if (c.count.textContent !== label) c.count.textContent = label;
    c.empty.hidden = total > 0;
    c.clear.hidden = !(c.q.trim() || masks.length);
    c.more.hidden = list.length >= total;
    if (list.length < total) {
      const after = total - c.start - list.length;
      const [a, b] = [c.start + 1, c.start + list.length].map(num);
      const which = c.start ? `rows ${a}–${b}` : `the first ${b}`;
      c.moreText.data = `Showing ${which} of ${num(total)} matching ${c.plural}.`;
      c.moreButton.textContent = `Show ${num(Math.min(step(c), after))} more`;
      c.moreButton.hidden = !after;
    }
  }

  function activeMasks(c) {
    return c.facets.filter((f) => f.value).map((f) => f.index.get(f.value));
  }

  function matches(c, masks, i) {
    return c.textOk[i] && masks.every((m) => m[i]);
  }

  function more(c, by) {
    c.limit = Math.min(c.nShown - c.start, c.limit) + by;
    if (by === Infinity) c.start = 0;
    update(c);
  }

  function reset(c, focus) {
    c.q = c.input.value = "";
    for (const f of c.facets) set(f, "");
    mark(c);
    update(c, true);
    writeUrl(true);
    if (focus) c.input.focus();
  }

  // --- sorting -----------------------------------------------------------------------------------

  // [group, key]: 0 numbers, 1 keys that sort as plain text, 2 text in the reader's collation,
  // 3 absent cells (last whichever the direction).
  function key(src, i, j) {
    const [, s, absent, text] = src.cell(i, j);
    if (absent) return [3, ""];
    if (s === null) return [2, text()];
    return NUMBER.test(s) ? [0, Number(s)] : [1, s];
  }

  function compare(x, y, dir) {
    if (x[0] !== y[0]) return (x[0] - y[0]) * (x[0] === 3 || y[0] === 3 ? 1 : dir);
    const [a, b] = [x[1], y[1]];
    return dir * (x[0] === 0 ? a - b : x[0] === 1 ? (a < b ? -1 : a > b ? 1 : 0) : collator.compare(a, b));
  }

  function cycleSort(c, j) {
    const s = c.sort;
    c.sort = !s || s.j !== j ? { j, dir: 1 } : s.dir === 1 ? { j, dir: -1 } : null;
    applySort(c);
    update(c, true);
    writeUrl(true);
  }

  function applySort(c) {
    const s = c.sort;
    const order = [...Array(c.n).keys()];
    if (s) {
      const keys = (c.keys[s.j] = c.keys[s.j] || order.map((i) => key(c.src, i, s.j)));
      order.sort((a, b) => compare(keys[a], keys[b], s.dir) || a - b);
    }
    for (const col of c.cols) {
      if (s && s.j === col.j) col.th.setAttribute("aria-sort", s.dir > 0 ? "ascending" : "descending");
      else col.th.removeAttribute("aria-sort");
    }
    c.order = order;
    if (!c.src.island) c.body.append(...order.map(c.src.el));
  }

  // --- URL state: read into every table, written from every table ------------------------------

  function readUrl() {
    const p = new URLSearchParams(location.search);
    for (const c of tables) {
      const ns = c.key + ".";
      c.q = c.input.value = p.get(ns + "q") || "";
      for (const f of c.facets) {
        const v = p.get(ns + f.id);
        set(f, v !== null && f.index.has(v) ? v : "");
        if (f.value) fold(c, true);
      }
      const hidden = (p.get(ns + "hide") || "").split(",");
      c.hidden = new Set(c.boxes.map(([col]) => col.id).filter((id) => hidden.includes(id)));
      mark(c);
      const raw = p.get(ns + "sort") || "";
      const col = c.cols.find((k) => k.id === raw.replace(/^-/, ""));
      const sort = col ? { j: col.j, dir: raw.startsWith("-") ? -1 : 1 } : null;
      if (JSON.stringify(sort) !== JSON.stringify(c.sort)) {
        c.sort = sort;
        applySort(c);
      }
      update(c, true);
    }
    restyle();
  }

  function writeUrl(push) {
    clearTimeout(timer);
    timer = 0;
    const p = new URLSearchParams(location.search);
    for (const c of tables) {
      const ns = c.key + ".";
      for (const k of [...p.keys()]) if (k.startsWith(ns)) p.delete(k);
      if (c.q.trim()) p.set(ns + "q", c.q);
      for (const f of c.facets) if (f.value) p.set(ns + f.id, f.value);
      if (c.sort) p.set(ns + "sort", (c.sort.dir < 0 ? "-" : "") + c.cols[c.sort.j].id);
      const hidden = c.cols.filter((k) => c.hidden.has(k.id)).map((k) => k.id);
      if (hidden.length) p.set(ns + "hide", hidden.join(","));
    }
    const s = p.toString().replace(/%2C/g, ",");
    const url = location.pathname + (s ? "?" + s : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  function schedule() {
    if (!timer) timer = setTimeout(() => writeUrl(false), 250);
  }

  // A link to a row (#feature-id, a footnote back-link) that the filters hide, or that a large
  // table does not display yet: clear the filters if they hide it, display it, scroll to it.
  function reveal() {
    let id = "";
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return; // a malformed %-escape: no such element
    }
    const target = id && document.getElementById(id);
    const row = target && target.closest("tr");
    let c = row && tables.find((t) => t.body === row.parentElement);
    let i = c ? row.msI : -1;
    for (const t of target ? [] : tables.filter((t) => id && t.src.island)) {
      i = t.src.find(id);
      if (i >= 0) {
        c = t;
        break;
      }
    }
    if (!c || i < 0 || c.shown[i]) return;
    if (!matches(c, activeMasks(c), i)) reset(c, false);
    if (!c.shown[i]) {
      const masks = activeMasks(c);
      // Display from it on, not every row before it: a link far down a large table stays fast.
      c.start = c.order.slice(0, c.order.indexOf(i)).filter((k) => matches(c, masks, k)).length;
      c.limit = step(c);
      update(c);
    }
    const found = document.getElementById(id);
    if (found) found.scrollIntoView();
  }

  function init() {
    const start = performance.now();
    clearTimeout(timer);
    timer = 0;
    page = location.pathname;
    const used = new Set();
    tables = [];
    for (const table of document.querySelectorAll("table[data-ms-table]")) {
      if (table.dataset.msFilter === "off") continue;
      const c = table.msFilter || setup(table, keyFor(table.closest(".ms-table-wrap") || table, used));
      if (c) tables.push(c);
    }
    if (sheet) sheet.textContent = "";
    if (location.search) readUrl();
    reveal();
    // For bench/browser.py: when the bar is usable, and what setting it up cost.
    performance.measure("ms-filter:init", { start });
    performance.mark("ms-filter:ready");
    (window.requestIdleCallback || setTimeout)(() => tables.forEach(texts));
  }

  addEventListener("popstate", () => {
    // With instant navigation Material swaps the page and document$ re-runs init.
    if (location.pathname !== page) return;
    clearTimeout(timer);
    timer = 0;
    readUrl();
  });
  addEventListener("hashchange", reveal);
  document.addEventListener("click", (e) => {
    for (const c of tables) if (!c.panel.hidden && !c.panel.parentElement.contains(e.target)) show(c, false);
  });
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
