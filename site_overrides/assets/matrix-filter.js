/* Filter and sort bar for the support-matrix tables.
 *
 * Progressive enhancement of the generated markup (templates/table.html.j2). Every
 * table[data-ms-table] except reference tables (short aspect/details lists whose order is the
 * content) gets, above it, a free-text filter over each row, one <select> per column whose
 * header carries data-facet (options: the cells' pipe-separated data-value entries present in
 * that table), a live "N of M features" count and a "Clear filters" button; each column header
 * becomes a sort button (ascending, descending, back to the data's order) with aria-sort kept
 * on the sorted header. Rows that don't match are hidden (display: none).
 *
 * State lives in the query string, namespaced per table by the id of the heading before it:
 * ?aws.q=scan&aws.linux=GA&aws.sort=-windows. Typing replaces the history entry (at most every
 * 250 ms, well under Chromium's history rate limit); a facet, sort or clear pushes one, so
 * back/forward step through them. Other parameters (Material's ?h= search highlight) and the
 * hash are kept. Without JavaScript none of this runs: every row shows and no control exists.
 *
 * Cost: a keystroke is one pass over precomputed lowercase row texts and per-value row masks,
 * touching only rows whose visibility changes; a query that extends the previous one re-tests
 * only the rows that still match. The browser's table layout costs time for every displayed
 * row, so a table of more than LARGE rows displays the first PAGE matches and says so, with
 * buttons to show more (bench/browser.py measures a 10,000-row table).
 */
(() => {
  "use strict";

  const SKIP = { reference: 1 };
  const LARGE = 1000;
  const PAGE = 50;
  // [singular, plural] for the count, by table kind; data-ms-noun="item|items" overrides.
  const NOUNS = {
    features: "feature|features",
    overview: "feature|features",
    "feature-support": "environment|environments",
    list: "item|items",
  };
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const num = (n) => n.toLocaleString("en-US");
  const isBlank = (v) => v === "-" || v === "";
  let tables = [];
  let page = "";
  let timer = 0;
  let uid = 0;

  function make(tag, props, kids) {
    const node = Object.assign(document.createElement(tag), props);
    if (kids) node.append(...kids);
    return node;
  }

  function button(label, onClick, className) {
    const b = make("button", { type: "button", className: className || "" }, [label]);
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

  function setup(table, key) {
    const head = table.tHead && table.tHead.rows[0];
    const body = table.tBodies[0];
    if (!head || !body || !body.rows.length) return null;
    const rows = Array.from(body.rows);
    const n = rows.length;
    const nouns = (table.dataset.msNoun || NOUNS[table.dataset.msTable] || "row|rows").split("|");
    const c = {
      id: "ms-f" + ++uid,
      table, key, body, rows, n,
      noun: n === 1 ? nouns[0] : nouns[1] || nouns[0],
      plural: nouns[1] || nouns[0],
      text: null, // lowercase row texts, made when first needed or when the page is idle
      textOk: new Uint8Array(n).fill(1),
      shown: new Uint8Array(n).fill(1),
      order: rows.map((_, i) => i), // row indexes in display order
      limit: n > LARGE ? PAGE : Infinity,
      lastQ: "",
      q: "",
      sort: null, // {j, dir}
      cols: [],
      facets: [],
      keys: [],
      nShown: n,
    };
    Array.from(head.cells).forEach((th, j) => {
      const col = { id: th.dataset.column || String(j), type: th.dataset.type, th, j };
      c.cols.push(col);
      const icon = make("span", { className: "ms-sort__icon" });
      icon.setAttribute("aria-hidden", "true");
      const sort = button("", () => cycleSort(c, j), "ms-sort");
      sort.replaceChildren(...th.childNodes, icon);
      th.append(sort);
      if (th.hasAttribute("data-facet")) c.facets.push(facet(c, col));
    });

    c.input = make("input", {
      type: "search",
      id: c.id + "-q",
      autocomplete: "off",
      spellcheck: false,
      placeholder: "Type to filter rows",
    });
    c.input.addEventListener("input", () => {
      c.q = c.input.value;
      update(c, true);
      schedule();
    });
    c.clear = button("Clear filters", () => reset(c), "ms-filter__clear");
    c.clear.hidden = true;
    c.count = make("p", { className: "ms-filter__count" }, [count(c)]);
    c.count.setAttribute("role", "status");
    const bar = make("form", { className: "ms-filter" }, [
      make("div", { className: "ms-filter__field ms-filter__field--text" }, [
        make("label", { htmlFor: c.input.id }, ["Filter"]),
        c.input,
      ]),
      ...c.facets.map((f) => f.field),
      c.clear,
      c.count,
    ]);
    const caption = table.caption ? table.caption.textContent.trim() : key;
    bar.setAttribute("role", "search");
    bar.setAttribute("aria-label", "Filter: " + caption);
    bar.addEventListener("submit", (e) => e.preventDefault());
    c.empty = make("p", { className: "ms-filter__empty", hidden: true }, [
      "No " + c.plural + " match these filters. ",
      button("Clear filters", () => reset(c)),
    ]);
    c.moreText = document.createTextNode("");
    c.moreButton = button("", () => more(c, PAGE));
    c.more = make("p", { className: "ms-filter__more", hidden: true }, [
      c.moreText,
      " ",
      c.moreButton,
      " ",
      button("Show all", () => more(c, Infinity)),
    ]);
    const wrap = table.closest(".ms-table-wrap") || table;
    wrap.before(bar);
    wrap.after(c.more, c.empty);
    table.msFilter = c;
    if (c.limit < n) update(c);
    return c;
  }

  function facet(c, col) {
    const index = new Map(); // value -> Uint8Array over rows
    const rank = new Map(); // value -> data-sort rank, for state columns
    c.rows.forEach((row, i) => {
      const cell = row.cells[col.j];
      const raw = cell ? cell.getAttribute("data-value") : null;
      if (raw === null) return;
      for (const v of raw.split("|")) {
        if (!index.has(v)) {
          index.set(v, new Uint8Array(c.n));
          rank.set(v, Number(cell.getAttribute("data-sort") || 0));
        }
        index.get(v)[i] = 1;
      }
    });
    const values = [...index.keys()].sort(
      (a, b) =>
        (col.type === "state" ? rank.get(a) - rank.get(b) : isBlank(a) - isBlank(b)) ||
        collator.compare(a, b),
    );
    const label = (v) =>
      v !== "-" ? v : col.type === "state" ? "Unavailable (-)" : "Not applicable (-)";
    const select = make("select", { id: c.id + "-" + col.j }, [
      make("option", { value: "" }, ["All"]),
      ...values.map((v) => make("option", { value: v }, [label(v)])),
    ]);
    const f = { id: col.id, index, select, value: "" };
    select.addEventListener("change", () => {
      f.value = select.value;
      update(c, true);
      writeUrl(true);
    });
    f.field = make("div", { className: "ms-filter__field" }, [
      make("label", { htmlFor: select.id }, [col.th.textContent.trim()]),
      select,
    ]);
    return f;
  }

  function count(c) {
    return num(c.nShown) + " of " + num(c.n) + " " + c.noun;
  }

  function texts(c) {
    if (!c.text) c.text = c.rows.map((r) => r.textContent.toLowerCase());
    return c.text;
  }

  // Show the rows that match, the first `limit` of them in display order; `fresh` is a new
  // filter, which starts again from one page of a large table.
  function update(c, fresh) {
    const { n, textOk, shown, rows } = c;
    if (fresh && c.n > LARGE) c.limit = PAGE;
    const terms = c.q.toLowerCase().split(/\s+/).filter(Boolean);
    const q = terms.join(" ");
    if (q !== c.lastQ) {
      // A query that extends the last one can only drop rows: rows already out stay out.
      const narrowing = q.startsWith(c.lastQ);
      const text = texts(c);
      for (let i = 0; i < n; i++) {
        if (narrowing && !textOk[i]) continue;
        let ok = 1;
        for (const t of terms) {
          if (!text[i].includes(t)) {
            ok = 0;
            break;
          }
        }
        textOk[i] = ok;
      }
      c.lastQ = q;
    }
    const masks = activeMasks(c);
    let total = 0;
    let room = c.limit;
    for (const i of c.order) {
      const ok = matches(c, masks, i);
      total += ok;
      const show = ok && room > 0 ? 1 : 0;
      room -= show;
      if (show !== shown[i]) {
        // An inline style, not the hidden attribute: that one makes Chromium re-match every
        // [hidden] selector of the theme's CSS, several times the cost per row.
        shown[i] = show;
        rows[i].style.display = show ? "" : "none";
      }
    }
    c.nShown = total;
    const label = count(c);
    if (c.count.textContent !== label) c.count.textContent = label;
    c.empty.hidden = total > 0;
    c.clear.hidden = !(c.q.trim() || masks.length);
    const displayed = Math.min(total, c.limit);
    c.more.hidden = displayed >= total;
    if (displayed < total) {
      c.moreText.data = `Showing the first ${num(displayed)} of ${num(total)} matching ${c.plural}.`;
      c.moreButton.textContent = `Show ${num(Math.min(PAGE, total - displayed))} more`;
    }
  }

  function activeMasks(c) {
    return c.facets.filter((f) => f.value).map((f) => f.index.get(f.value));
  }

  function matches(c, masks, i) {
    let ok = c.textOk[i];
    for (let m = 0; ok && m < masks.length; m++) ok = masks[m][i];
    return ok;
  }

  function more(c, by) {
    c.limit = Math.min(c.nShown, c.limit) + by;
    update(c);
  }

  function reset(c) {
    c.q = c.input.value = "";
    for (const f of c.facets) f.value = f.select.value = "";
    update(c, true);
    writeUrl(true);
    c.input.focus();
  }

  function sortKeys(c, j) {
    if (!c.keys[j]) {
      c.keys[j] = c.rows.map((row) => {
        const cell = row.cells[j];
        if (!cell) return "";
        const rank = cell.getAttribute("data-sort");
        return rank !== null ? Number(rank) : cell.textContent.trim();
      });
    }
    return c.keys[j];
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
    const order = c.rows.map((_, i) => i);
    if (s) {
      const keys = sortKeys(c, s.j);
      order.sort((a, b) => {
        const x = keys[a];
        const y = keys[b];
        if (typeof x === "number" && typeof y === "number") return (x - y) * s.dir || a - b;
        // Empty and "-" cells go last whichever the direction.
        return isBlank(x) - isBlank(y) || collator.compare(x, y) * s.dir || a - b;
      });
    }
    for (const col of c.cols) {
      if (s && s.j === col.j) {
        col.th.setAttribute("aria-sort", s.dir > 0 ? "ascending" : "descending");
      } else {
        col.th.removeAttribute("aria-sort");
      }
    }
    if (order.every((i, k) => i === c.order[k])) return;
    c.order = order;
    const frag = document.createDocumentFragment();
    for (const i of order) frag.append(c.rows[i]);
    c.body.append(frag);
  }

  // URL state: read into every table, written from every table.
  function readUrl() {
    const p = new URLSearchParams(location.search);
    for (const c of tables) {
      const ns = c.key + ".";
      c.q = c.input.value = p.get(ns + "q") || "";
      for (const f of c.facets) {
        const v = p.get(ns + f.id);
        f.value = f.select.value = v !== null && f.index.has(v) ? v : "";
      }
      const raw = p.get(ns + "sort") || "";
      const col = c.cols.find((k) => k.id === raw.replace(/^-/, ""));
      const sort = col ? { j: col.j, dir: raw.startsWith("-") ? -1 : 1 } : null;
      if (JSON.stringify(sort) !== JSON.stringify(c.sort)) {
        c.sort = sort;
        applySort(c);
      }
      update(c, true);
    }
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
    }
    const s = p.toString();
    const url = location.pathname + (s ? "?" + s : "") + location.hash;
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url);
    else history.replaceState(history.state, "", url);
  }

  function schedule() {
    if (!timer) timer = setTimeout(() => writeUrl(false), 250);
  }

  // A link to a row the filters hide (#feature-id, a footnote back-link) clears that table.
  function reveal() {
    let target = null;
    try {
      target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {
      return; // a malformed %-escape: no such element
    }
    const row = target && target.closest("tr");
    const c = row && tables.find((t) => t.body === row.parentElement);
    const i = c ? c.rows.indexOf(row) : -1;
    if (i < 0 || c.shown[i]) return;
    if (!matches(c, activeMasks(c), i)) reset(c);
    if (!c.shown[i]) {
      // A match past the displayed page of a large table: display up to it.
      const masks = activeMasks(c);
      const before = c.order.slice(0, c.order.indexOf(i));
      c.limit = before.reduce((sum, k) => sum + matches(c, masks, k), 1);
      update(c);
    }
    target.scrollIntoView();
  }

  function init() {
    const start = performance.now();
    clearTimeout(timer);
    timer = 0;
    page = location.pathname;
    const used = new Set();
    tables = [];
    for (const table of document.querySelectorAll("table[data-ms-table]")) {
      if (SKIP[table.dataset.msTable]) continue;
      const wrap = table.closest(".ms-table-wrap") || table;
      const c = table.msFilter || setup(table, keyFor(wrap, used));
      if (c) tables.push(c);
    }
    if (location.search) readUrl();
    reveal();
    // For bench/browser.py: when the bar is usable, and what setting it up cost.
    performance.measure("ms-filter:init", { start });
    performance.mark("ms-filter:ready");
    const idle = window.requestIdleCallback || setTimeout;
    idle(() => tables.forEach(texts));
  }

  addEventListener("popstate", () => {
    // With instant navigation Material swaps the page and document$ re-runs init.
    if (location.pathname !== page) return;
    clearTimeout(timer);
    timer = 0;
    readUrl();
  });
  addEventListener("hashchange", reveal);
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
