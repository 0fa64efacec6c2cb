// Small enhancements on every page; each page works without them.
(function () {
  "use strict";

  // A form came back with errors: move focus to its summary, so a screen reader reads it and the
  // keyboard starts there (NL Design System error summary).
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Warn two minutes before an idle session ends, with a button that keeps it alive.
  var meta = document.querySelector("meta[name='kz-session']");
  if (!meta) { return; }
  var idle = parseInt(meta.getAttribute("content"), 10) * 1000;
  var url = meta.getAttribute("data-keep-alive");
  var warnBefore = Math.min(120000, idle / 2);
  var notice = null;
  var timer = null;

  function token() {
    var input = document.querySelector("input[name='csrfmiddlewaretoken']");
    return input ? input.value : "";
  }

  function hideNotice() {
    if (notice) { notice.remove(); notice = null; }
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(showNotice, idle - warnBefore);
  }

  function showNotice() {
    if (notice) { return; }
    notice = document.createElement("div");
    notice.className = "utrecht-alert utrecht-alert--warning kz-session-warning";
    notice.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.className = "utrecht-paragraph";
    text.textContent = meta.getAttribute("data-warning");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "utrecht-button utrecht-button--primary-action";
    button.textContent = meta.getAttribute("data-button");
    button.addEventListener("click", function () {
      fetch(url, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": token()}})
        .then(function (response) {
          if (response.ok) { hideNotice(); schedule(); }
          else { text.textContent = meta.getAttribute("data-ended"); button.remove(); }
        });
    });
    notice.appendChild(text);
    notice.appendChild(button);
    var main = document.querySelector("main") || document.body;
    main.insertBefore(notice, main.firstChild);
    button.focus();
  }

  schedule();
})();
