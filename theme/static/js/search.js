/*
 * Site search with Pagefind's JavaScript API (not its ready-made interface,
 * whose inline styles the Content-Security-Policy refuses). Everything comes
 * from this site: pagefind.js, its WebAssembly and the index in /pagefind/.
 *
 * Progressive enhancement: without this script the page shows a message and a
 * link to the site map, and the form stays hidden. The query lives in the
 * address (?q=), so results can be bookmarked, shared and reloaded, and Back
 * returns to the previous search.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 10;

  var form = document.querySelector('[data-module="cast-search"]');
  if (!form) {
    return;
  }
  var input = form.querySelector('input[name="q"]');
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var more = document.querySelector("[data-search-more]");
  var noScript = document.querySelector("[data-search-no-script]");

  var pagefind = null;
  var waiting = [];
  // Each search gets a number; a slow answer to an older search is dropped.
  var current = 0;

  function message(name, values) {
    var text = form.getAttribute("data-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", function () {
        return String(values[key]);
      });
    });
    return text;
  }

  function loadPagefind() {
    if (!pagefind) {
      var url = new URL(form.getAttribute("data-search-script"), document.baseURI);
      pagefind = import(url.href).then(function (module) {
        // Result addresses start from the folder above /pagefind/, so the
        // site also works when it is published under a sub-path.
        var options = { baseUrl: new URL("../", url).pathname };
        return Promise.resolve(module.options(options)).then(function () {
          return module;
        });
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is page text, escaped, with <mark> around the words
  // found. It is parsed in an inert document (nothing in it loads or runs) and
  // only its text and its <mark> elements are copied into the page.
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString(html || "", "text/html").body;
    return Array.prototype.map.call(parsed.childNodes, function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        return mark;
      }
      return document.createTextNode(node.textContent);
    });
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "cast-search__result";
    var heading = document.createElement("h2");
    heading.className = "cast-search__result-title";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    heading.append(link);
    var excerpt = document.createElement("p");
    excerpt.className = "cast-search__excerpt";
    excerpt.append.apply(excerpt, excerptNodes(data.excerpt));
    item.append(heading, excerpt);
    return item;
  }

  function showNext(ticket, moveFocus) {
    var batch = waiting.splice(0, PAGE_SIZE);
    return Promise.all(
      batch.map(function (result) {
        return result.data();
      })
    ).then(function (pages) {
      if (ticket !== current) {
        return;
      }
      var items = pages.map(resultItem);
      list.append.apply(list, items);
      more.hidden = waiting.length === 0;
      // After "Show more results", focus goes to the first new result so a
      // keyboard or screen reader user carries on from where they were.
      if (moveFocus && items.length) {
        items[0].querySelector("a").focus();
      }
    });
  }

  function search(query) {
    current += 1;
    var ticket = current;
    waiting = [];
    list.replaceChildren();
    more.hidden = true;
    if (!query) {
      status.textContent = "";
      return;
    }
    status.textContent = message("searching");
    loadPagefind()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (response) {
        if (ticket !== current) {
          return;
        }
        waiting = response.results.slice();
        var count = waiting.length;
        // The count is announced once the first results are on the page.
        return showNext(ticket, false).then(function () {
          if (ticket !== current) {
            return;
          }
          if (count === 0) {
            status.textContent = message("none", { query: query });
          } else if (count === 1) {
            status.textContent = message("one", { query: query });
          } else {
            status.textContent = message("many", { count: count, query: query });
          }
        });
      })
      .catch(function () {
        if (ticket === current) {
          status.textContent = message("failed");
        }
      });
  }

  function queryInAddress() {
    return (new URLSearchParams(window.location.search).get("q") || "").trim();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    var address = new URL(window.location.href);
    if (query) {
      address.searchParams.set("q", query);
    } else {
      address.searchParams.delete("q");
    }
    if (address.href !== window.location.href) {
      window.history.pushState(null, "", address.href);
    }
    search(query);
  });

  more.addEventListener("click", function () {
    showNext(current, true);
  });

  window.addEventListener("popstate", function () {
    input.value = queryInAddress();
    search(input.value);
  });

  noScript.hidden = true;
  form.hidden = false;
  input.value = queryInAddress();
  search(input.value);
})();
