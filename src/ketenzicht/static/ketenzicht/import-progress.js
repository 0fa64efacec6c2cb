// An import's progress bar, asked for again every second until the import is done; without
// JavaScript the page's "Vernieuwen" link does the same.
(function () {
  "use strict";

  function poll() {
    var current = document.querySelector("[data-poll]");
    if (!current) { return; }
    fetch(current.getAttribute("data-poll"), {credentials: "same-origin"})
      .then(function (response) {
        if (response.redirected || response.status === 403 || response.status === 404) { return undefined; }
        return response.ok ? response.text() : null;
      })
      .catch(function () { return null; })
      .then(function (html) {
        if (html === undefined) { return; }  // logged out, or no longer theirs: the link on the page remains
        if (html === null) { window.setTimeout(poll, 3000); return; }  // a hiccup: ask again, later
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var next = holder.firstElementChild;
        current.replaceWith(next);
        if (next.hasAttribute("data-poll")) { window.setTimeout(poll, 1000); }
      });
  }

  window.setTimeout(poll, 1000);
})();
