// termpages term finder: every search box suggests terms as the reader types.
// WAI-ARIA combobox pattern (1.2) with a listbox popup: ArrowDown/ArrowUp move
// through the suggestions, Enter opens the highlighted term, Escape closes the
// list and a second Escape clears the box. Enter with nothing highlighted
// submits the form to the full-text search page, as without script.
// Nothing is fetched until a search box is first focused or typed into; the
// index (termfinder/index.json) and the summary shards are built with the site.
(function () {
  "use strict";

  const MAX_SUGGESTIONS = 8;
  const ANNOUNCE_DELAY = 350;
  // this file is <root>/_static/termfinder.js; the index lives at <root>/termfinder/
  const root = new URL("../", document.currentScript.src);
  const folder = new URL("termfinder/", root);
  let index = null; // a Promise of the prepared index, once a box is used
  const shards = new Map(); // shard number -> Promise of its summaries
  let boxes = 0;

  function plain(text) {
    return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  }

  // a name as the finder compares it: no accents, no case, only letters and digits, and
  // where each of its words starts in that key ("fine-tuning" -> "finetuning", [0, 4])
  function keyed(name) {
    const words = plain(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const starts = [];
    let at = 0;
    for (const word of words) {
      starts.push(at);
      at += word.length;
    }
    return { key: words.join(""), starts: starts, name: name };
  }

  function fetchJSON(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("termfinder: " + response.status + " for " + url);
      return response.json();
    });
  }

  function prepare(data) {
    const terms = data.t.map(function (row, position) {
      const aliases = row[2] || [];
      const url = row.length > 3 ? row[3] : data.u[0] + row[1] + data.u[1];
      return {
        position: position,
        title: row[0],
        url: new URL(url, root).href,
        names: [row[0], row[1]].concat(aliases).map(keyed),
      };
    });
    return { terms: terms, version: data.v, shardSize: data.n, labels: data.l };
  }

  // the prepared index, or null while it cannot be had (the search form still works)
  function loadIndex() {
    if (!index) {
      index = fetchJSON(new URL("index.json", folder))
        .then(prepare)
        .catch(function () {
          index = null; // the next use asks again
          return null;
        });
    }
    return index;
  }

  function summaries(found, number) {
    if (!shards.has(number)) {
      const url = new URL("s" + number + ".json", folder);
      url.searchParams.set("v", found.version);
      shards.set(
        number,
        fetchJSON(url).catch(function () {
          shards.delete(number); // shown without summaries; the next list asks again
          return [];
        }),
      );
    }
    return shards.get(number);
  }

  // 0: the whole name, 1: its start, 2: a word's start, 3: anywhere in it; -1: no match
  function rank(entry, query) {
    const at = entry.key.indexOf(query);
    if (at < 0) return -1;
    if (at === 0) return entry.key.length === query.length ? 0 : 1;
    return entry.starts.indexOf(at) >= 0 ? 2 : 3;
  }

  function suggest(found, text) {
    const query = keyed(text).key;
    if (!query) return [];
    const hits = [];
    for (const term of found.terms) {
      let best = null;
      term.names.forEach(function (entry, which) {
        const score = rank(entry, query);
        if (score >= 0 && (!best || score < best.score)) {
          best = { score: score, name: which > 1 ? entry.name : "" };
        }
      });
      if (best) hits.push({ term: term, score: best.score, alias: best.name });
    }
    hits.sort(function (a, b) {
      return a.score - b.score || a.term.position - b.term.position;
    });
    return hits.slice(0, MAX_SUGGESTIONS);
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function enhance(input) {
    const id = "termfinder-" + ++boxes;
    const list = element("ul", "termfinder-list");
    list.id = id + "-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    const status = element("div", "termfinder-status");
    status.setAttribute("role", "status");
    const form = input.form;
    form.after(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    let shown = []; // the suggestions in the list
    let active = -1;
    let generation = 0; // each new query outdates what earlier ones still fetch
    let announceTimer = 0;

    function highlight(position) {
      active = position;
      Array.from(list.children).forEach(function (option, at) {
        option.setAttribute("aria-selected", at === position ? "true" : "false");
      });
      if (position < 0) {
        input.removeAttribute("aria-activedescendant");
      } else {
        input.setAttribute("aria-activedescendant", list.children[position].id);
        list.children[position].scrollIntoView({ block: "nearest" });
      }
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
    }

    function announce(found, count) {
      clearTimeout(announceTimer);
      const labels = found.labels;
      const words =
        count === 0 ? labels.none : count === 1 ? labels.one : labels.many.replace("{count}", count);
      announceTimer = setTimeout(function () {
        status.textContent = words;
      }, ANNOUNCE_DELAY);
    }

    function render(found, hits) {
      const mine = ++generation;
      shown = hits;
      list.replaceChildren();
      list.setAttribute("aria-label", found.labels.list);
      hits.forEach(function (hit, at) {
        const option = element("li", "termfinder-option");
        option.id = id + "-option-" + at;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        const title = element("span", "termfinder-title", hit.term.title);
        if (hit.alias) title.append(" ", element("span", "termfinder-alias", "(" + hit.alias + ")"));
        const summary = element("span", "termfinder-summary");
        option.append(title, summary);
        list.append(option);
        const number = Math.floor(hit.term.position / found.shardSize);
        summaries(found, number).then(function (texts) {
          if (mine === generation) summary.textContent = texts[hit.term.position % found.shardSize] || "";
        });
      });
      highlight(-1);
      const open = hits.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      announce(found, hits.length);
    }

    function update() {
      const text = input.value;
      loadIndex().then(function (found) {
        if (!found || input.value !== text) return; // a later keystroke has its own update
        if (!text.trim()) {
          generation++;
          clearTimeout(announceTimer);
          status.textContent = "";
          close();
          return;
        }
        render(found, suggest(found, text));
      });
    }

    function go(position) {
      window.location.assign(shown[position].term.url);
    }

    input.addEventListener("focus", loadIndex);
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (event) {
      if (event.isComposing) return; // the keys belong to the input method
      const open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!open) {
          if (shown.length && input.value.trim()) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
          } else {
            update();
            return;
          }
        }
        const step = event.key === "ArrowDown" ? 1 : -1;
        const count = shown.length;
        // from the box, down goes to the first suggestion and up to the last; both wrap
        highlight(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(active);
        } // otherwise the form goes to the full-text search, as it does without script
      } else if (event.key === "Escape") {
        event.preventDefault(); // a search field would clear itself on the first Escape
        if (open) {
          close();
        } else if (input.value) {
          input.value = "";
          shown = [];
          status.textContent = "";
        }
      }
    });
    input.addEventListener("blur", close);
    // a click on a suggestion must not take the focus from the box (which would close the list)
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      const option = event.target.closest("[role=option]");
      if (option) go(Array.prototype.indexOf.call(list.children, option));
    });
  }

  function start() {
    document.querySelectorAll("form[role=search] input[name=q]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
